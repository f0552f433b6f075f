package io.kubesim.scheduler.framework;

/** Orders the active queue. */
public interface QueueSortPlugin extends Plugin {

    /** Whether {@code a} should be scheduled before {@code b}. */
    boolean less(QueuedPodInfo a, QueuedPodInfo b);
}
