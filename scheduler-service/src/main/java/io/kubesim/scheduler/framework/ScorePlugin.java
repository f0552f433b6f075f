package io.kubesim.scheduler.framework;

import java.util.List;

/**
 * Ranks feasible nodes. {@link #score} is called concurrently for different nodes and cannot fail (anything that can
 * fail is done in the plugin's PreScore); {@link #normalizeScore} then maps the raw scores to 0..100 in place.
 */
public interface ScorePlugin extends Plugin {

    /** The highest normalised score (upstream {@code MaxNodeScore}). */
    long MAX_NODE_SCORE = 100;

    long score(CycleState state, PodInfo pod, NodeInfo nodeInfo);

    /** Normalises {@code scores[i]} (the raw score of {@code nodes.get(i)}); no-op by default. */
    default Status normalizeScore(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        return Status.SUCCESS;
    }
}
