package io.kubesim.gateway.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.0 document of one group version ({@code /openapi/v3/api/v1}, {@code /openapi/v3/apis/apps/v1}),
 * derived from its discovery {@code APIResourceList} so that the operations are exactly the advertised verbs: per
 * resource the collection path ({@code list}, {@code create}, {@code deletecollection}), the item path ({@code get},
 * {@code update} as PUT, {@code patch}, {@code delete}), for namespaced resources the all-namespaces list, and per
 * subresource its own path. Operation ids, descriptions, tags and {@code x-kubernetes-action} follow kube-apiserver's
 * (staging/src/k8s.io/apiserver/pkg/endpoints/installer.go); every operation carries
 * {@code x-kubernetes-group-version-kind}, and every POST, PUT and PATCH the {@code fieldValidation} parameter. The
 * deprecated {@code /watch/} paths are left out. {@code components.schemas} holds the schemas reachable from the
 * operations.
 */
final class GroupVersionDocument {

    /** The Kubernetes version the documents describe. */
    static final String KUBERNETES_VERSION = "v1.32.4";

    private static final List<String> MEDIA_TYPES = List.of("application/json", "application/yaml");
    private static final List<String> PATCH_TYPES = List.of("application/apply-patch+yaml",
            "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json");
    private static final String DELETE_OPTIONS = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
    private static final String STATUS = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
    private static final String PATCH = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

    private final String groupVersion;
    private final String group;
    private final String version;
    private final SchemaGenerator schemas;
    private final Function<Gvk, String> schemaOfKind;
    private final Map<String, ObjectNode> paths = new TreeMap<>();

    private GroupVersionDocument(String groupVersion, SchemaGenerator schemas, Function<Gvk, String> schemaOfKind) {
        this.groupVersion = groupVersion;
        this.group = groupVersion.contains("/") ? groupVersion.substring(0, groupVersion.indexOf('/')) : "";
        this.version = groupVersion.substring(groupVersion.indexOf('/') + 1);
        this.schemas = schemas;
        this.schemaOfKind = schemaOfKind;
    }

    /**
     * @param resourceList the discovery {@code APIResourceList} of the group version
     * @param schemaOfKind the schema name of a kind (generating it), e.g. {@code io.k8s.api.core.v1.Pod}; for a
     *                     {@code ...List} kind the schema of the list
     */
    static ObjectNode build(JsonNode resourceList, SchemaGenerator schemas, Function<Gvk, String> schemaOfKind) {
        GroupVersionDocument document = new GroupVersionDocument(resourceList.get("groupVersion").stringValue(),
                schemas, schemaOfKind);
        for (JsonNode resource : resourceList.get("resources")) {
            document.add(resource);
        }
        return document.toJson();
    }

    private void add(JsonNode resource) {
        String name = resource.get("name").stringValue();
        boolean namespaced = resource.get("namespaced").booleanValue();
        List<String> verbs = new ArrayList<>();
        resource.get("verbs").forEach(v -> verbs.add(v.stringValue()));
        Gvk gvk = new Gvk(resource.path("group").stringValue(group), resource.path("version").stringValue(version),
                resource.get("kind").stringValue());
        String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + groupVersion;
        String scope = namespaced ? prefix + "/namespaces/{namespace}/" : prefix + "/";
        if (name.contains("/")) {
            String parent = name.substring(0, name.indexOf('/'));
            String subresource = name.substring(name.indexOf('/') + 1);
            addSubresource(scope + parent + "/{name}/" + subresource, namespaced, verbs, gvk, subresource);
        } else {
            addResource(prefix, scope + name, namespaced, verbs, gvk, name);
        }
    }

    private void addResource(String prefix, String collection, boolean namespaced, List<String> verbs, Gvk gvk,
            String plural) {
        String kind = schemaOfKind.apply(gvk);
        String listKind = schemaOfKind.apply(new Gvk(gvk.group(), gvk.version(), gvk.kind() + "List"));
        String scoped = (namespaced ? "Namespaced" : "") + gvk.kind();

        ObjectNode collectionPath = path(collection, namespaced, null);
        if (verbs.contains("list")) {
            collectionPath.set("get", operation("list", "list or watch objects of kind " + gvk.kind(),
                    "list", scoped, gvk, Parameters.LIST, null, responses(listKind, "200")));
        }
        if (verbs.contains("create")) {
            collectionPath.set("post", operation("post", "create a" + article(gvk.kind()) + gvk.kind(),
                    "create", scoped, gvk, Parameters.WRITE, body(kind, true), responses(kind, "200", "201", "202")));
        }
        if (verbs.contains("deletecollection")) {
            List<ObjectNode> parameters = new ArrayList<>(Parameters.LIST);
            parameters.addAll(Parameters.DELETE);
            collectionPath.set("delete", operation("deletecollection", "delete collection of " + gvk.kind(),
                    "delete", "Collection" + scoped, gvk, parameters, body(DELETE_OPTIONS, false),
                    responses(STATUS, "200")));
        }

        ObjectNode itemPath = path(collection + "/{name}", namespaced, gvk.kind());
        if (verbs.contains("get")) {
            itemPath.set("get", operation("get", "read the specified " + gvk.kind(), "read", scoped, gvk,
                    List.of(), null, responses(kind, "200")));
        }
        if (verbs.contains("update")) {
            itemPath.set("put", operation("put", "replace the specified " + gvk.kind(), "replace", scoped, gvk,
                    Parameters.WRITE, body(kind, true), responses(kind, "200", "201")));
        }
        if (verbs.contains("delete")) {
            itemPath.set("delete", operation("delete", "delete a" + article(gvk.kind()) + gvk.kind(),
                    "delete", scoped, gvk, Parameters.DELETE, body(DELETE_OPTIONS, false),
                    responses(kind, "200", "202")));
        }
        if (verbs.contains("patch")) {
            itemPath.set("patch", operation("patch", "partially update the specified " + gvk.kind(),
                    "patch", scoped, gvk, Parameters.PATCH, patchBody(), responses(kind, "200", "201")));
        }

        if (namespaced && verbs.contains("list")) {
            ObjectNode allNamespaces = path(prefix + "/" + plural, false, null);
            allNamespaces.set("get", operation("list", "list or watch objects of kind " + gvk.kind(),
                    "list", gvk.kind() + "ForAllNamespaces", gvk, Parameters.LIST, null, responses(listKind, "200")));
        }
    }

    private void addSubresource(String path, boolean namespaced, List<String> verbs, Gvk gvk, String subresource) {
        String parentKind = kindOfParent(path);
        String scoped = (namespaced ? "Namespaced" : "") + parentKind + capitalize(subresource);
        String of = subresource + " of the specified " + parentKind;
        ObjectNode subPath = path(path, namespaced, parentKind);
        if (subresource.equals("log")) {
            ObjectNode text = JsonNodeFactory.instance.objectNode();
            text.putObject("200").put("description", "OK").putObject("content").putObject("text/plain")
                    .putObject("schema").put("type", "string");
            text.putObject("401").put("description", "Unauthorized");
            subPath.set("get", operation("get", "read " + of, "read", scoped, gvk, Parameters.LOG, null, text));
            return;
        }
        String kind = schemaOfKind.apply(gvk);
        if (verbs.contains("get")) {
            subPath.set("get", operation("get", "read " + of, "read", scoped, gvk, List.of(), null,
                    responses(kind, "200")));
        }
        if (verbs.contains("update")) {
            subPath.set("put", operation("put", "replace " + of, "replace", scoped, gvk, Parameters.WRITE,
                    body(kind, true), responses(kind, "200", "201")));
        }
        if (verbs.contains("patch")) {
            subPath.set("patch", operation("patch", "partially update " + of, "patch", scoped, gvk,
                    Parameters.PATCH, patchBody(), responses(kind, "200", "201")));
        }
        if (verbs.contains("create")) {
            subPath.set("post", operation("post", "create " + subresource + " of a" + article(parentKind) + parentKind,
                    "create", scoped, gvk, Parameters.WRITE, body(kind, true), responses(kind, "200", "201", "202")));
        }
    }

    /** The kind of the resource a subresource path belongs to, from the item path registered before it. */
    private String kindOfParent(String subresourcePath) {
        String itemPath = subresourcePath.substring(0, subresourcePath.lastIndexOf('/'));
        ObjectNode item = paths.get(itemPath);
        if (item == null) {
            throw new IllegalStateException("subresource path " + subresourcePath + " has no resource path");
        }
        for (JsonNode operation : item.values()) {
            JsonNode gvk = operation.path("x-kubernetes-group-version-kind");
            if (gvk.isObject()) {
                return gvk.get("kind").stringValue();
            }
        }
        throw new IllegalStateException("resource path " + itemPath + " has no operations");
    }

    private ObjectNode path(String path, boolean namespaced, String itemKind) {
        ObjectNode node = paths.computeIfAbsent(path, p -> JsonNodeFactory.instance.objectNode());
        if (!node.has("parameters")) {
            ArrayNode parameters = JsonNodeFactory.instance.arrayNode();
            if (itemKind != null) {
                parameters.add(Parameters.name(itemKind));
            }
            if (namespaced) {
                parameters.add(Parameters.NAMESPACE);
            }
            parameters.add(Parameters.PRETTY);
            node.set("parameters", parameters);
        }
        return node;
    }

    /** An operation with id {@code verb}, group version and {@code subject}: {@code listCoreV1NamespacedPod}. */
    private ObjectNode operation(String action, String description, String verb, String subject, Gvk gvk,
            List<ObjectNode> parameters, ObjectNode requestBody, ObjectNode responses) {
        String groupName = group.isEmpty() ? "core" : group.split("\\.")[0];
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.putArray("tags").add(groupName + "_" + version);
        node.put("description", description);
        node.put("operationId", verb + capitalize(groupName) + capitalize(version) + subject);
        if (!parameters.isEmpty()) {
            ArrayNode array = node.putArray("parameters");
            parameters.forEach(array::add);
        }
        if (requestBody != null) {
            node.set("requestBody", requestBody);
        }
        node.set("responses", responses);
        node.put("x-kubernetes-action", action);
        node.putObject("x-kubernetes-group-version-kind")
                .put("group", gvk.group()).put("kind", gvk.kind()).put("version", gvk.version());
        return node;
    }

    private static ObjectNode responses(String schema, String... codes) {
        ObjectNode responses = JsonNodeFactory.instance.objectNode();
        for (String code : codes) {
            ObjectNode response = responses.putObject(code).put("description", switch (code) {
                case "201" -> "Created";
                case "202" -> "Accepted";
                default -> "OK";
            });
            ObjectNode content = response.putObject("content");
            for (String mediaType : MEDIA_TYPES) {
                content.putObject(mediaType).set("schema", SchemaGenerator.ref(schema));
            }
        }
        responses.putObject("401").put("description", "Unauthorized");
        return responses;
    }

    private static ObjectNode body(String schema, boolean required) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("content").putObject("*/*").set("schema", SchemaGenerator.ref(schema));
        if (required) {
            body.put("required", true);
        }
        return body;
    }

    private static ObjectNode patchBody() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode content = body.putObject("content");
        for (String patchType : PATCH_TYPES) {
            content.putObject(patchType).set("schema", SchemaGenerator.ref(PATCH));
        }
        body.put("required", true);
        return body;
    }

    private ObjectNode toJson() {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("openapi", "3.0.0");
        document.putObject("info").put("title", "Kubernetes").put("version", KUBERNETES_VERSION);
        document.putObject("paths").setAll(paths);
        List<String> referenced = new ArrayList<>();
        SchemaGenerator.collectRefs(document.get("paths"), referenced);
        ObjectNode components = document.putObject("components");
        components.putObject("schemas").setAll(schemas.closure(referenced));
        components.putObject("securitySchemes").putObject("BearerToken")
                .put("type", "apiKey").put("description", "Bearer Token authentication")
                .put("name", "authorization").put("in", "header");
        document.putArray("security").addObject().putArray("BearerToken");
        return document;
    }

    private static String article(String kind) {
        return "AEIOU".indexOf(kind.charAt(0)) >= 0 ? "n " : " ";
    }

    private static String capitalize(String text) {
        return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }

    /** A group, version and kind; the core group is empty. */
    record Gvk(String group, String version, String kind) {
    }
}
