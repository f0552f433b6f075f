package io.kubesim.scheduler.framework;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * A pending pod with its queueing history (pkg/scheduler/framework/types.go {@code QueuedPodInfo}, Kubernetes 1.32).
 * Owned by the scheduling queue; the scheduling loop reads it.
 */
public final class QueuedPodInfo {

    private PodInfo podInfo;
    private Instant timestamp;
    private int attempts;
    private long sequence;
    private final Set<String> unschedulablePlugins = new TreeSet<>();
    private String gatingPlugin;

    public QueuedPodInfo(PodInfo podInfo, Instant timestamp) {
        this.podInfo = podInfo;
        this.timestamp = timestamp;
    }

    public PodInfo podInfo() {
        return podInfo;
    }

    public void setPodInfo(PodInfo podInfo) {
        this.podInfo = podInfo;
    }

    /** When the pod was (last) added to the queue; orders equal-priority pods and starts the backoff. */
    public Instant timestamp() {
        return timestamp;
    }

    public void setTimestamp(Instant timestamp) {
        this.timestamp = timestamp;
    }

    /** Scheduling attempts so far (incremented at each pop). */
    public int attempts() {
        return attempts;
    }

    public void incrementAttempts() {
        attempts++;
    }

    /** Insertion order, the last tie-breaker of the active queue (keeps equal pods FIFO and runs deterministic). */
    public long sequence() {
        return sequence;
    }

    public void setSequence(long sequence) {
        this.sequence = sequence;
    }

    /** The plugins that rejected the pod in its last attempt. */
    public Set<String> unschedulablePlugins() {
        return unschedulablePlugins;
    }

    public void setGatingPlugin(String gatingPlugin) {
        this.gatingPlugin = gatingPlugin;
    }

    public boolean gated() {
        return gatingPlugin != null;
    }
}
