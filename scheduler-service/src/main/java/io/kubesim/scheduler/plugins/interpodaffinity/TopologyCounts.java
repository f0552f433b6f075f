package io.kubesim.scheduler.plugins.interpodaffinity;

import java.util.HashMap;
import java.util.Map;

/**
 * Matching pods per topology pair (label key, label value), upstream's {@code topologyToMatchedTermCount}; a pair
 * whose count returns to 0 is removed. Nested by key, with mutable cells, so that a node's pairs are looked up and
 * updated without building pair objects or boxing.
 */
final class TopologyCounts {

    private final Map<String, Map<String, long[]>> byKey = new HashMap<>();

    /** Adds {@code delta} to the pair (key, the node's value for key) if the node has the key. */
    void add(Map<String, String> nodeLabels, String key, long delta) {
        String value = nodeLabels.get(key);
        if (value != null) {
            add(key, value, delta);
        }
    }

    void add(String key, String value, long delta) {
        Map<String, long[]> values = byKey.computeIfAbsent(key, k -> new HashMap<>());
        long[] cell = values.get(value);
        if (cell == null) {
            cell = new long[1];
            values.put(value, cell);
        }
        cell[0] += delta;
        if (cell[0] == 0) {
            values.remove(value);
            if (values.isEmpty()) {
                byKey.remove(key);
            }
        }
    }

    long get(String key, String value) {
        Map<String, long[]> values = byKey.get(key);
        if (values == null) {
            return 0;
        }
        long[] cell = values.get(value);
        return cell == null ? 0 : cell[0];
    }

    boolean isEmpty() {
        return byKey.isEmpty();
    }

    /** Whether some label of the node names a pair with a positive amount. */
    boolean anyPositive(Map<String, String> nodeLabels) {
        for (Map.Entry<String, Map<String, long[]>> e : byKey.entrySet()) {
            String value = nodeLabels.get(e.getKey());
            if (value != null) {
                long[] cell = e.getValue().get(value);
                if (cell != null && cell[0] > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    TopologyCounts copy() {
        TopologyCounts c = new TopologyCounts();
        byKey.forEach((key, values) -> {
            Map<String, long[]> copy = new HashMap<>(values.size() * 2);
            values.forEach((value, cell) -> copy.put(value, new long[] {cell[0]}));
            c.byKey.put(key, copy);
        });
        return c;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        byKey.forEach((key, values) -> values.forEach((value, cell) ->
                sb.append(sb.length() > 1 ? ", " : "").append(key).append('=').append(value).append(':')
                        .append(cell[0])));
        return sb.append('}').toString();
    }
}
