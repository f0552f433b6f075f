package io.kubesim.scheduler.plugins.interpodaffinity;

import java.util.Arrays;
import java.util.Map;

/**
 * Amounts per topology key collected over the pods of one node, then added to {@link TopologyCounts} once per key:
 * the pods of a node share its topology values, so this saves a map update per pod.
 */
final class NodeDeltas {

    private String[] keys = new String[4];
    private long[] deltas = new long[4];
    private int size;

    void add(String key, long delta) {
        for (int i = 0; i < size; i++) {
            if (keys[i] == key || keys[i].equals(key)) {
                deltas[i] += delta;
                return;
            }
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            deltas = Arrays.copyOf(deltas, size * 2);
        }
        keys[size] = key;
        deltas[size] = delta;
        size++;
    }

    /** Adds every collected key's amount to the node's pair in {@code counts}, then starts over. */
    void flushTo(TopologyCounts counts, Map<String, String> nodeLabels) {
        for (int i = 0; i < size; i++) {
            counts.add(nodeLabels, keys[i], deltas[i]);
            keys[i] = null;
        }
        size = 0;
    }
}
