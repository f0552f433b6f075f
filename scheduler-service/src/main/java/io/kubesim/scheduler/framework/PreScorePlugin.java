package io.kubesim.scheduler.framework;

import java.util.List;

/**
 * Runs once per cycle before scoring the feasible nodes: precomputes state for its Score, or returns
 * {@link Status#SKIP} so its Score is not run.
 */
public interface PreScorePlugin extends Plugin {

    Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes, Snapshot snapshot);
}
