package io.kubesim.gateway.discovery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The discovery documents of the served resources, in both formats kubectl 1.32 reads (kubectl-protocol.md §1):
 *
 * <ul>
 *   <li>legacy: {@code GET /api} ({@link #apiVersions}), {@code GET /apis} ({@link #apiGroupList}),
 *       {@code GET /apis/<group>} ({@link #apiGroup}) and {@code GET /api/v1}, {@code GET /apis/<group>/<version>}
 *       ({@link #apiResourceList});</li>
 *   <li>aggregated ({@value #AGGREGATED_CONTENT_TYPE}): {@code GET /api} ({@link #aggregatedCore}) and
 *       {@code GET /apis} ({@link #aggregatedGroups}), with which kubectl needs no further discovery request.</li>
 * </ul>
 *
 * <p>Shapes as served by staging/src/k8s.io/apiserver/pkg/endpoints/discovery (legacy.go, group.go, version.go and
 * aggregated/handler.go) in Kubernetes 1.32; resources sorted by name, subresources as {@code pods/eviction}.
 * Everything is derived from the resource catalog ({@link Resources#all()}), so a new catalog entry is discovered at
 * once.
 * Every call builds a fresh document the caller may change.
 */
public final class Discovery {

    /** The Content-Type of aggregated discovery documents, also the first media type of kubectl's Accept. */
    public static final String AGGREGATED_CONTENT_TYPE =
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private static final Discovery STANDARD = new Discovery(Resources.all());

    /** Served resources per group version, in catalog order. */
    private final Map<String, List<ServedResource>> byGroupVersion = new LinkedHashMap<>();

    private Discovery(Collection<ResourceType> types) {
        for (ResourceType type : types) {
            byGroupVersion.computeIfAbsent(type.apiVersion(), gv -> new ArrayList<>()).add(ServedResource.of(type));
        }
        byGroupVersion.values().forEach(list -> list.sort(Comparator.comparing(r -> r.type().plural())));
    }

    /** Discovery of the resource catalog {@link Resources#all()}. */
    public static Discovery standard() {
        return STANDARD;
    }

    /** Discovery of the given resources. */
    public static Discovery of(Collection<ResourceType> types) {
        return new Discovery(types);
    }

    /**
     * Whether an {@code Accept} header prefers aggregated discovery ({@code apidiscovery.k8s.io/v2}
     * {@code APIGroupDiscoveryList}) to plain JSON, as kubectl's discovery Accept does.
     */
    public static boolean acceptsAggregated(String accept) {
        if (accept == null) {
            return false;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String[] parameter = parts[i].split("=", 2);
                parameters.put(parameter[0].strip().toLowerCase(Locale.ROOT),
                        parameter.length == 2 ? parameter[1].strip() : "");
            }
            boolean json = mediaType.equals("application/json") || mediaType.equals("*/*")
                    || mediaType.equals("application/*");
            if (json && !parameters.containsKey("as")) {
                return false;
            }
            if (json && "APIGroupDiscoveryList".equals(parameters.get("as"))
                    && "apidiscovery.k8s.io".equals(parameters.get("g")) && "v2".equals(parameters.get("v"))) {
                return true;
            }
        }
        return false;
    }

    /** The served group versions, {@code v1} first: {@code v1}, {@code apps/v1}, ... */
    public List<String> groupVersions() {
        return List.copyOf(byGroupVersion.keySet());
    }

    /**
     * {@code GET /api}: {@code APIVersions} listing {@code v1}.
     *
     * @param serverAddress the {@code host:port} clients reach this server at
     */
    public ObjectNode apiVersions(String serverAddress) {
        ObjectNode versions = object();
        versions.put("kind", "APIVersions");
        versions.putArray("versions").add("v1");
        versions.putArray("serverAddressByClientCIDRs").addObject()
                .put("clientCIDR", "0.0.0.0/0")
                .put("serverAddress", serverAddress);
        return versions;
    }

    /** {@code GET /apis}: the {@code APIGroupList} of every named group. */
    public ObjectNode apiGroupList() {
        ObjectNode list = object();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        for (String group : groups()) {
            groups.add(groupBody(group));
        }
        return list;
    }

    /** {@code GET /apis/<group>}: the {@code APIGroup}, empty for a group not served. */
    public Optional<ObjectNode> apiGroup(String group) {
        if (group.isEmpty() || !groups().contains(group)) {
            return Optional.empty();
        }
        ObjectNode body = object();
        body.put("kind", "APIGroup");
        body.put("apiVersion", "v1");
        body.setAll(groupBody(group));
        return Optional.of(body);
    }

    /**
     * {@code GET /api/v1} ({@code groupVersion} {@code v1}) or {@code GET /apis/<group>/<version>}
     * ({@code apps/v1}): the {@code APIResourceList}, empty for a group version not served.
     */
    public Optional<ObjectNode> apiResourceList(String groupVersion) {
        List<ServedResource> resources = byGroupVersion.get(groupVersion);
        if (resources == null) {
            return Optional.empty();
        }
        ObjectNode list = object();
        list.put("kind", "APIResourceList");
        if (groupVersion.contains("/")) {
            list.put("apiVersion", "v1");
        }
        list.put("groupVersion", groupVersion);
        ArrayNode items = list.putArray("resources");
        for (ServedResource resource : resources) {
            ResourceType type = resource.type();
            ObjectNode item = items.addObject()
                    .put("name", type.plural())
                    .put("singularName", type.singular())
                    .put("namespaced", type.namespaced())
                    .put("kind", type.kind());
            strings(item.putArray("verbs"), resource.verbs());
            if (!type.shortNames().isEmpty()) {
                strings(item.putArray("shortNames"), type.shortNames());
            }
            if (!resource.categories().isEmpty()) {
                strings(item.putArray("categories"), resource.categories());
            }
            item.put("storageVersionHash", resource.storageVersionHash());
            for (ServedSubresource sub : resource.subresources()) {
                ObjectNode subItem = items.addObject()
                        .put("name", type.plural() + "/" + sub.name())
                        .put("singularName", "")
                        .put("namespaced", type.namespaced());
                if (sub.foreignTo(type)) {
                    subItem.put("group", sub.group()).put("version", sub.version());
                }
                subItem.put("kind", sub.kind());
                strings(subItem.putArray("verbs"), sub.verbs());
            }
        }
        return Optional.of(list);
    }

    /** {@code GET /api} in the aggregated format: one item for the core group. */
    public ObjectNode aggregatedCore() {
        ObjectNode list = aggregatedList();
        if (byGroupVersion.containsKey("v1")) {
            ObjectNode item = ((ArrayNode) list.get("items")).addObject();
            item.putObject("metadata").putNull("creationTimestamp");
            aggregatedVersion(item.putArray("versions"), "", "v1");
        }
        return list;
    }

    /** {@code GET /apis} in the aggregated format: one item per named group. */
    public ObjectNode aggregatedGroups() {
        ObjectNode list = aggregatedList();
        ArrayNode items = (ArrayNode) list.get("items");
        for (String group : groups()) {
            ObjectNode item = items.addObject();
            item.putObject("metadata").put("name", group).putNull("creationTimestamp");
            ArrayNode versions = item.putArray("versions");
            for (String version : versionsOf(group)) {
                aggregatedVersion(versions, group, version);
            }
        }
        return list;
    }

    private void aggregatedVersion(ArrayNode versions, String group, String version) {
        ObjectNode versionNode = versions.addObject().put("version", version);
        ArrayNode resources = versionNode.putArray("resources");
        for (ServedResource resource : byGroupVersion.get(group.isEmpty() ? version : group + "/" + version)) {
            ResourceType type = resource.type();
            ObjectNode item = resources.addObject().put("resource", type.plural());
            kind(item.putObject("responseKind"), type.group(), type.version(), type.kind());
            item.put("scope", type.namespaced() ? "Namespaced" : "Cluster");
            item.put("singularResource", type.singular());
            strings(item.putArray("verbs"), resource.verbs());
            if (!type.shortNames().isEmpty()) {
                strings(item.putArray("shortNames"), type.shortNames());
            }
            if (!resource.categories().isEmpty()) {
                strings(item.putArray("categories"), resource.categories());
            }
            if (!resource.subresources().isEmpty()) {
                ArrayNode subresources = item.putArray("subresources");
                for (ServedSubresource sub : resource.subresources()) {
                    ObjectNode subItem = subresources.addObject().put("subresource", sub.name());
                    kind(subItem.putObject("responseKind"), sub.group(), sub.version(), sub.kind());
                    strings(subItem.putArray("verbs"), sub.verbs());
                }
            }
        }
        versionNode.put("freshness", "Current");
    }

    private static ObjectNode aggregatedList() {
        ObjectNode list = object();
        list.put("kind", "APIGroupDiscoveryList");
        list.put("apiVersion", "apidiscovery.k8s.io/v2");
        list.putObject("metadata");
        list.putArray("items");
        return list;
    }

    private ObjectNode groupBody(String group) {
        ObjectNode body = object();
        body.put("name", group);
        ArrayNode versions = body.putArray("versions");
        for (String version : versionsOf(group)) {
            versions.addObject().put("groupVersion", group + "/" + version).put("version", version);
        }
        String preferred = versionsOf(group).getFirst();
        body.putObject("preferredVersion").put("groupVersion", group + "/" + preferred).put("version", preferred);
        return body;
    }

    /** The named groups, in catalog order. */
    private List<String> groups() {
        return byGroupVersion.keySet().stream().filter(gv -> gv.contains("/"))
                .map(gv -> gv.substring(0, gv.indexOf('/'))).distinct().toList();
    }

    private List<String> versionsOf(String group) {
        return byGroupVersion.keySet().stream().filter(gv -> gv.startsWith(group + "/"))
                .map(gv -> gv.substring(group.length() + 1)).toList();
    }

    private static void kind(ObjectNode node, String group, String version, String kind) {
        node.put("group", group).put("version", version).put("kind", kind);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
