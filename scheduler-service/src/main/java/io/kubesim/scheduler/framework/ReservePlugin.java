package io.kubesim.scheduler.framework;

/**
 * Reserves per-node resources a plugin tracks itself once a node is chosen; {@link #unreserve} undoes it when a later
 * step fails. A rejection makes the attempt unschedulable (on that one node).
 */
public interface ReservePlugin extends Plugin {

    Status reserve(CycleState state, PodInfo pod, String nodeName);

    void unreserve(CycleState state, PodInfo pod, String nodeName);
}
