package io.kubesim.scheduler.plugins.interpodaffinity;

import java.util.Arrays;
import java.util.List;

import io.kubesim.scheduler.framework.NodeInfo;

/**
 * Amounts per topology key collected over the pods of the nodes of one chunk: a node's pods share its topology
 * values, so amounts are summed per node and key first, logged as (node, key, amount), and added to
 * {@link TopologyCounts} in one sequential pass, which saves a map update per pod and a map per chunk.
 */
final class NodeDeltas {

    private String[] keys = new String[4];
    private long[] deltas = new long[4];
    private int size;

    private int[] logNodes = new int[16];
    private String[] logKeys = new String[16];
    private long[] logDeltas = new long[16];
    private int logSize;

    private TermMemo memo;

    /** A memo of term matches against {@code pod} for this chunk (the same one on every call). */
    TermMemo memo(io.kubesim.scheduler.framework.PodInfo pod, java.util.Map<String, String> namespaceLabels) {
        if (memo == null) {
            memo = new TermMemo(pod, namespaceLabels);
        }
        return memo;
    }

    /** Adds an amount for the current node. */
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

    /** Logs the current node's amounts under its index and starts the next node. */
    void endNode(int nodeIndex) {
        for (int i = 0; i < size; i++) {
            if (logSize == logNodes.length) {
                logNodes = Arrays.copyOf(logNodes, logSize * 2);
                logKeys = Arrays.copyOf(logKeys, logSize * 2);
                logDeltas = Arrays.copyOf(logDeltas, logSize * 2);
            }
            logNodes[logSize] = nodeIndex;
            logKeys[logSize] = keys[i];
            logDeltas[logSize] = deltas[i];
            logSize++;
            keys[i] = null;
        }
        size = 0;
    }

    /** Adds every logged amount to the pair of (key, the node's value for key). */
    void addTo(TopologyCounts counts, List<NodeInfo> nodes) {
        for (int i = 0; i < logSize; i++) {
            counts.add(nodes.get(logNodes[i]).labels(), logKeys[i], logDeltas[i]);
        }
    }
}
