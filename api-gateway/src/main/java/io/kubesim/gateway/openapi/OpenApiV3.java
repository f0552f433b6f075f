package io.kubesim.gateway.openapi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Patch;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.kubesim.gateway.discovery.Discovery;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI v3 documents kube-apiserver serves under {@code /openapi/v3}: the index, and one OpenAPI 3.0 document per
 * served group version. They serve two kubectl 1.32 needs (kubectl-protocol.md §3): {@code create}/{@code apply}
 * validation (every PATCH carries {@code x-kubernetes-group-version-kind} and a {@code fieldValidation} parameter, so
 * kubectl leaves validation to the server and sends {@code fieldValidation=Strict}) and {@code kubectl explain} (the
 * {@code components.schemas}, named and shaped as upstream's).
 *
 * <p>The documents are static: built once, from the discovery of the same resources (so the paths are exactly the
 * advertised verbs) and from the fabric8 model classes, and cached with their hashes.
 *
 * <p>How a controller serves them, as kube-openapi's pkg/handler3/handler.go does:
 * <ul>
 *   <li>{@code GET /openapi/v3}: {@link #index()}, {@code Content-Type: application/json},
 *       {@code ETag: "<hash>"}.</li>
 *   <li>{@code GET /openapi/v3/<path>} ({@code api/v1}, {@code apis/apps/v1}): {@link #groupVersion(String)}, 404
 *       when empty. With a {@code hash} query parameter different from {@link OpenApiDocument#hash()}: 301 to
 *       {@link OpenApiDocument#serverRelativeUrl()}. Otherwise 200, {@code Content-Type: application/json},
 *       {@code ETag: "<hash>"}, {@code Vary: Accept}, and when a matching {@code hash} was given
 *       {@code Cache-Control: public, immutable} with {@code Expires} a year ahead. Only JSON is served: an
 *       {@code Accept} that allows neither {@code application/json} nor a wildcard gets 406.</li>
 * </ul>
 */
public final class OpenApiV3 {

    private static final Map<GroupVersionDocument.Gvk, Class<?>> SUBRESOURCE_KINDS = Map.of(
            new GroupVersionDocument.Gvk("", "v1", "Binding"), Binding.class,
            new GroupVersionDocument.Gvk("policy", "v1", "Eviction"), Eviction.class,
            new GroupVersionDocument.Gvk("autoscaling", "v1", "Scale"), AutoscalingV1.Scale.class);

    private final Map<String, OpenApiDocument> documents = new LinkedHashMap<>();
    private final OpenApiDocument index;

    private OpenApiV3(Collection<ResourceType> types) {
        Discovery discovery = Discovery.of(types);
        SchemaGenerator schemas = new SchemaGenerator();
        Map<String, JsonNode> resourceLists = new LinkedHashMap<>();
        for (String groupVersion : discovery.groupVersions()) {
            JsonNode list = discovery.apiResourceList(groupVersion).orElseThrow();
            resourceLists.put(groupVersion, list);
            for (JsonNode resource : list.get("resources")) {
                GroupVersionDocument.Gvk gvk = gvkOf(groupVersion, resource);
                define(schemas, types, gvk);
                if (!resource.get("name").stringValue().contains("/")) {
                    define(schemas, types, new GroupVersionDocument.Gvk(gvk.group(), gvk.version(),
                            gvk.kind() + "List"));
                }
            }
        }
        addGvk(schemas.schemas().get(schemas.define(Status.class)), new GroupVersionDocument.Gvk("", "v1", "Status"));
        schemas.define(DeleteOptions.class);
        schemas.define(Patch.class);
        SchemaOverlay.apply(schemas.schemas());

        Map<String, String> indexPaths = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : resourceLists.entrySet()) {
            String path = entry.getKey().contains("/") ? "apis/" + entry.getKey() : "api/" + entry.getKey();
            ObjectNode document = GroupVersionDocument.build(entry.getValue(), schemas,
                    gvk -> schemas.define(classOf(types, gvk)));
            OpenApiDocument served = new OpenApiDocument(path, KubeJson.writeBytes(document));
            documents.put(path, served);
            indexPaths.put(path, served.serverRelativeUrl());
        }
        ObjectNode indexJson = JsonNodeFactory.instance.objectNode();
        ObjectNode paths = indexJson.putObject("paths");
        indexPaths.forEach((path, url) -> paths.putObject(path).put("serverRelativeURL", url));
        index = new OpenApiDocument("", KubeJson.writeBytes(indexJson));
    }

    /** The documents of the resource catalog {@link Resources#all()}, built on first use. */
    public static OpenApiV3 standard() {
        return Standard.INSTANCE;
    }

    /** The documents of the given resources. */
    static OpenApiV3 of(Collection<ResourceType> types) {
        return new OpenApiV3(types);
    }

    /** {@code GET /openapi/v3}: {@code {"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=..."}}}}. */
    public OpenApiDocument index() {
        return index;
    }

    /** {@code GET /openapi/v3/<path>}, e.g. {@code api/v1} or {@code apis/apps/v1}; empty for another path. */
    public Optional<OpenApiDocument> groupVersion(String path) {
        return Optional.ofNullable(documents.get(path));
    }

    /** The paths of the group version documents: {@code api/v1}, {@code apis/apps/v1}, ... */
    public List<String> paths() {
        return new ArrayList<>(documents.keySet());
    }

    private static GroupVersionDocument.Gvk gvkOf(String groupVersion, JsonNode resource) {
        String group = groupVersion.contains("/") ? groupVersion.substring(0, groupVersion.indexOf('/')) : "";
        String version = groupVersion.substring(groupVersion.indexOf('/') + 1);
        return new GroupVersionDocument.Gvk(resource.path("group").stringValue(group),
                resource.path("version").stringValue(version), resource.get("kind").stringValue());
    }

    private static void define(SchemaGenerator schemas, Collection<ResourceType> types,
            GroupVersionDocument.Gvk gvk) {
        addGvk(schemas.schemas().get(schemas.define(classOf(types, gvk))), gvk);
    }

    private static void addGvk(ObjectNode schema, GroupVersionDocument.Gvk gvk) {
        ArrayNode gvks = schema.withArray("x-kubernetes-group-version-kind");
        for (JsonNode existing : gvks) {
            if (existing.path("kind").stringValue("").equals(gvk.kind())
                    && existing.path("group").stringValue("").equals(gvk.group())
                    && existing.path("version").stringValue("").equals(gvk.version())) {
                return;
            }
        }
        gvks.addObject().put("group", gvk.group()).put("kind", gvk.kind()).put("version", gvk.version());
    }

    /** The model class of a kind: a catalog resource, its list, or a subresource kind. */
    private static Class<?> classOf(Collection<ResourceType> types, GroupVersionDocument.Gvk gvk) {
        for (ResourceType type : types) {
            if (type.group().equals(gvk.group()) && type.version().equals(gvk.version())) {
                if (type.kind().equals(gvk.kind())) {
                    return type.javaType();
                }
                if (type.listKind().equals(gvk.kind())) {
                    try {
                        return Class.forName(type.javaType().getName() + "List");
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException("no list class for " + type.javaType().getName(), e);
                    }
                }
            }
        }
        Class<?> subresourceKind = SUBRESOURCE_KINDS.get(gvk);
        if (subresourceKind == null) {
            throw new IllegalStateException("no model class for " + gvk);
        }
        return subresourceKind;
    }

    private static final class Standard {
        private static final OpenApiV3 INSTANCE = new OpenApiV3(Resources.all());
    }
}
