package io.kubesim.scheduler.framework;

/**
 * Lets a PreFilter plugin update its precomputed state when preemption evaluates a node with a pod removed or a
 * nominated pod added (upstream {@code PreFilterExtensions}).
 */
public interface PreFilterExtensions extends PreFilterPlugin {

    Status addPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo);

    Status removePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo);
}
