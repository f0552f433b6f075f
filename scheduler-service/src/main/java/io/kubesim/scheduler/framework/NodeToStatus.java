package io.kubesim.scheduler.framework;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The status of every node that rejected the pod (pkg/scheduler/framework/interface.go {@code NodeToStatus},
 * Kubernetes 1.32): explicit statuses for the nodes that were filtered, and one status for every node absent from
 * the map (nodes a PreFilter narrowing excluded, or every node when PreFilter rejected the pod).
 */
public final class NodeToStatus {

    private final Map<String, Status> explicit = new LinkedHashMap<>();
    private Status absentNodesStatus = new Status(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(), null);

    public void set(String nodeName, Status status) {
        explicit.put(nodeName, status);
    }

    /** The node's status: its explicit one, or the absent-nodes status. */
    public Status get(String nodeName) {
        Status s = explicit.get(nodeName);
        return s == null ? absentNodesStatus : s;
    }

    /** Number of explicit entries. */
    public int size() {
        return explicit.size();
    }

    public Status absentNodesStatus() {
        return absentNodesStatus;
    }

    public void setAbsentNodesStatus(Status status) {
        this.absentNodesStatus = status;
    }

    public void forEachExplicit(BiConsumer<String, Status> consumer) {
        explicit.forEach(consumer);
    }

    /** The snapshot's nodes whose status has this code, in snapshot order. */
    public List<NodeInfo> nodesWithCode(Snapshot snapshot, Status.Code code) {
        List<NodeInfo> out = new ArrayList<>();
        if (absentNodesStatus.code() != code) {
            if (explicit.isEmpty()) {
                return out;
            }
            for (NodeInfo node : snapshot.nodes()) {
                Status s = explicit.get(node.name());
                if (s != null && s.code() == code) {
                    out.add(node);
                }
            }
            return out;
        }
        for (NodeInfo node : snapshot.nodes()) {
            if (get(node.name()).code() == code) {
                out.add(node);
            }
        }
        return out;
    }
}
