package io.kubesim.state.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.resource.Resources;

/**
 * The live state in memory: the latest stored object of every key. It equals the {@code objects} table; the writer
 * changes it only after the transaction that wrote the same change has committed. Also indexes pods by node, for
 * the binding capacity check.
 */
public final class Projection implements StateView {

    private static final String POD_PREFIX = "/" + Resources.PODS.qualifiedName() + "/";

    private final ConcurrentSkipListMap<String, StoredObject> objects = new ConcurrentSkipListMap<>();
    private final Map<String, Set<String>> podsByNode = new HashMap<>();

    @Override
    public Optional<StoredObject> get(String key) {
        return Optional.ofNullable(objects.get(key));
    }

    @Override
    public List<StoredObject> list(String prefix) {
        return new ArrayList<>(objects.subMap(prefix, true, prefix + Character.MAX_VALUE, false).values());
    }

    /** The objects whose key starts with {@code prefix}, by key (a live view). */
    java.util.SortedMap<String, StoredObject> range(String prefix) {
        return objects.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
    }

    public synchronized void clear() {
        objects.clear();
        podsByNode.clear();
    }

    public int size() {
        return objects.size();
    }

    public Map<String, StoredObject> snapshot() {
        return Map.copyOf(objects);
    }

    /** Keys of the pods bound to a node. */
    public synchronized Set<String> podsOnNode(String nodeName) {
        return Set.copyOf(podsByNode.getOrDefault(nodeName, Set.of()));
    }

    public synchronized void put(String key, StoredObject object) {
        StoredObject old = objects.put(key, object);
        if (key.startsWith(POD_PREFIX)) {
            unindex(key, old);
            String node = object.nodeName();
            if (node != null) {
                podsByNode.computeIfAbsent(node, n -> new HashSet<>()).add(key);
            }
        }
    }

    public synchronized void remove(String key) {
        StoredObject old = objects.remove(key);
        if (key.startsWith(POD_PREFIX)) {
            unindex(key, old);
        }
    }

    private void unindex(String key, StoredObject old) {
        if (old == null) {
            return;
        }
        String node = old.nodeName();
        if (node != null) {
            Set<String> pods = podsByNode.get(node);
            if (pods != null) {
                pods.remove(key);
                if (pods.isEmpty()) {
                    podsByNode.remove(node);
                }
            }
        }
    }

    static String nodeName(JsonNode pod) {
        JsonNode n = pod.path("spec").path("nodeName");
        return n.isString() && !n.asString().isEmpty() ? n.asString() : null;
    }
}
