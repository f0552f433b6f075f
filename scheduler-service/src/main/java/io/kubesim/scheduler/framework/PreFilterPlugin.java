package io.kubesim.scheduler.framework;

/**
 * Runs once per cycle before filtering: precomputes state for its Filter, may narrow the candidate nodes, may reject
 * the pod outright, or may return {@link Status#SKIP} so its Filter is not run for any node.
 */
public interface PreFilterPlugin extends Plugin {

    PreFilterResult preFilter(CycleState state, PodInfo pod, Snapshot snapshot);
}
