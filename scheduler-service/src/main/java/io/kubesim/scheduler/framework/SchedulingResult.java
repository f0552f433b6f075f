package io.kubesim.scheduler.framework;

import java.util.List;

/** The outcome of one scheduling attempt. */
public sealed interface SchedulingResult {

    DecisionRecord decision();

    /** A node was chosen; the caller assumes the pod there and binds it. */
    record Scheduled(String nodeName, DecisionRecord decision) implements SchedulingResult {
    }

    /**
     * No node fits. {@code message} is the FailedScheduling event / {@code PodScheduled=False} condition message
     * (condition reason {@link SchedulingMessages#REASON_UNSCHEDULABLE}).
     *
     * @param message              upstream's exact text
     * @param nomination           what to do with {@code status.nominatedNodeName}
     * @param victims              pods to delete so the pod fits on the nominated node (preemption)
     * @param nominationsToClear   lower-priority pods whose nomination to that node must be cleared
     * @param unschedulablePlugins plugins that rejected the pod (the queue retries it on their events)
     * @param decision             the decision record
     */
    record Unschedulable(String message, Nomination nomination, List<PodRef> victims,
                         List<PodRef> nominationsToClear, List<String> unschedulablePlugins,
                         DecisionRecord decision) implements SchedulingResult {
    }

    /**
     * An internal error (condition reason {@link SchedulingMessages#REASON_SCHEDULER_ERROR}); the pod is retried
     * after a backoff.
     */
    record Failed(String error, DecisionRecord decision) implements SchedulingResult {
    }
}
