package io.kubesim.scheduler.framework;

/**
 * Decides whether the pod can run on one node: {@link Status#SUCCESS}, or a rejection whose reasons are counted in
 * the FailedScheduling message. Called concurrently for different nodes; must not write to the cycle state.
 */
public interface FilterPlugin extends Plugin {

    Status filter(CycleState state, PodInfo pod, NodeInfo nodeInfo);
}
