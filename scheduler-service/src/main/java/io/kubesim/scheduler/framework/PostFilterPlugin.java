package io.kubesim.scheduler.framework;

/** Runs when no node passed the filters, to make the pod schedulable later (preemption). */
public interface PostFilterPlugin extends Plugin {

    PostFilterResult postFilter(CycleState state, PodInfo pod, Snapshot snapshot, NodeToStatus filteredNodes,
                                FrameworkHandle handle);
}
