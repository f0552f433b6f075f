package io.kubesim.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Whether a cluster event may make a rejected pod schedulable (upstream {@code QueueingHint}). */
public enum QueueingHint {
    QUEUE,
    SKIP;

    /**
     * Decides for one pod and one event. {@code oldObj}/{@code newObj} are the {@code Pod} or {@code Node} before
     * and after the change ({@code null} for an add or a delete respectively).
     */
    @FunctionalInterface
    public interface Fn {
        QueueingHint hint(Pod pod, Object oldObj, Object newObj);
    }
}
