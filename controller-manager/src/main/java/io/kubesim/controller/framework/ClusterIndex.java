package io.kubesim.controller.framework;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.ClusterCache.Entry;

/**
 * Secondary indexes over the cache, as the informer indexers kube-controller-manager registers
 * ({@code controller.PodControllerUIDIndex}, the orphan index, {@code spec.nodeName} for pods, and the garbage
 * collector's owner graph): objects by controller uid, objects without a controller by resource and namespace,
 * objects by any owner uid, and pods by node.
 *
 * <p>It is a cache listener registered before every controller (controllers take it as a constructor argument), so
 * the indexes are current when a controller's own listener runs for the same change.
 */
public final class ClusterIndex implements ClusterCache.Listener {

    private final ClusterCache cache;
    private final Map<String, Set<String>> byController = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byOwner = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> orphans = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> podsByNode = new ConcurrentHashMap<>();

    public ClusterIndex(ClusterCache cache) {
        this.cache = cache;
        cache.addListener(this);
    }

    public ClusterCache cache() {
        return cache;
    }

    @Override
    public void onChange(ChangeEvent event, Entry previous, Entry current) {
        if (previous != null) {
            index(previous.key(), previous.json(), false);
        }
        if (current != null) {
            index(current.key(), current.json(), true);
        }
    }

    /** Keys of the objects whose controller has this uid. */
    public Set<String> controlledBy(String ownerUid) {
        return view(byController.get(ownerUid));
    }

    /** Keys of the objects that list this uid among their owners. */
    public Set<String> dependents(String ownerUid) {
        return view(byOwner.get(ownerUid));
    }

    /** Keys of the objects of a resource in a namespace that have no controller. */
    public Set<String> orphans(ResourceType type, String namespace) {
        return view(orphans.get(ObjectRef.prefix(type.qualifiedName(), namespace)));
    }

    /** Keys of the pods bound to a node. */
    public Set<String> podsOnNode(String nodeName) {
        return view(podsByNode.get(nodeName));
    }

    /** The names of the nodes some pod is bound to. */
    public Set<String> nodesWithPods() {
        return Set.copyOf(podsByNode.keySet());
    }

    /** The cached entries of these keys (those still present). */
    public List<Entry> entries(Collection<String> keys) {
        List<Entry> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            cache.get(key).ifPresent(out::add);
        }
        return out;
    }

    private void index(String key, ObjectNode json, boolean add) {
        JsonNode meta = json.path("metadata");
        boolean hasController = false;
        for (JsonNode ref : meta.path("ownerReferences")) {
            String uid = ref.path("uid").asString("");
            if (uid.isEmpty()) {
                continue;
            }
            update(byOwner, uid, key, add);
            if (ref.path("controller").asBoolean(false)) {
                hasController = true;
                update(byController, uid, key, add);
            }
        }
        ObjectRef ref = ObjectRef.fromKey(key);
        if (!hasController && ref.namespace() != null) {
            update(orphans, ObjectRef.prefix(ref.resource(), ref.namespace()), key, add);
        }
        if (ref.resource().equals(Resources.PODS.qualifiedName())) {
            String node = json.path("spec").path("nodeName").asString("");
            if (!node.isEmpty()) {
                update(podsByNode, node, key, add);
            }
        }
    }

    private static void update(Map<String, Set<String>> index, String bucket, String key, boolean add) {
        if (add) {
            index.computeIfAbsent(bucket, b -> ConcurrentHashMap.newKeySet()).add(key);
        } else {
            index.computeIfPresent(bucket, (b, set) -> {
                set.remove(key);
                return set.isEmpty() ? null : set;
            });
        }
    }

    private static Set<String> view(Set<String> set) {
        return set == null ? Set.of() : Set.copyOf(set);
    }
}
