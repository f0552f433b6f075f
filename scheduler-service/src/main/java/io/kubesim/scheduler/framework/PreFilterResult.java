package io.kubesim.scheduler.framework;

import java.util.Set;

/**
 * What a PreFilter plugin returns.
 *
 * @param status    success, skip, a rejection or an error
 * @param nodeNames the only nodes worth filtering, or {@code null} for all nodes
 */
public record PreFilterResult(Status status, Set<String> nodeNames) {

    public static final PreFilterResult ALL_NODES = new PreFilterResult(Status.SUCCESS, null);
    public static final PreFilterResult SKIP = new PreFilterResult(Status.SKIP, null);

    public PreFilterResult {
        nodeNames = nodeNames == null ? null : Set.copyOf(nodeNames);
    }

    public static PreFilterResult of(Status status) {
        return new PreFilterResult(status, null);
    }

    public static PreFilterResult onlyNodes(Set<String> nodeNames) {
        return new PreFilterResult(Status.SUCCESS, nodeNames);
    }

    public boolean allNodes() {
        return nodeNames == null;
    }
}
