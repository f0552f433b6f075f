package io.kubesim.scheduler.framework;

import java.nio.charset.StandardCharsets;

/**
 * Texts of the scheduler's events and pod conditions (pkg/scheduler/schedule_one.go, Kubernetes 1.32).
 */
public final class SchedulingMessages {

    /** Event reason of a failed attempt (type Warning, action "Scheduling"). */
    public static final String EVENT_FAILED_SCHEDULING = "FailedScheduling";
    /** Event reason of a success (type Normal, action "Binding"). */
    public static final String EVENT_SCHEDULED = "Scheduled";
    /** Event reason on a preemption victim (type Normal, action "Preempting"). */
    public static final String EVENT_PREEMPTED = "Preempted";
    /** {@code PodScheduled=False} reason when no node fits. */
    public static final String REASON_UNSCHEDULABLE = "Unschedulable";
    /** {@code PodScheduled=False} reason for internal errors. */
    public static final String REASON_SCHEDULER_ERROR = "SchedulerError";
    /** Message when the snapshot has no node at all (upstream {@code ErrNoNodesAvailable}). */
    public static final String NO_NODES_AVAILABLE = "no nodes available to schedule pods";
    /** Events' note limit in bytes (upstream {@code validation.NoteLengthLimit}). */
    public static final int NOTE_LENGTH_LIMIT = 1024;

    private SchedulingMessages() {
    }

    /** {@code Successfully assigned <ns>/<name> to <node>}. */
    public static String scheduled(String namespace, String name, String nodeName) {
        return "Successfully assigned " + namespace + "/" + name + " to " + nodeName;
    }

    /** {@code Preempted by pod <uid> on node <node>}, the event on a victim. */
    public static String preempted(String preemptorUid, String nodeName) {
        return "Preempted by pod " + preemptorUid + " on node " + nodeName;
    }

    /**
     * The message as an event note: cut to 1024 bytes with a {@code " ..."} suffix (upstream
     * {@code truncateMessage}); the pod condition keeps the full message.
     */
    public static String eventNote(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= NOTE_LENGTH_LIMIT) {
            return message;
        }
        String suffix = " ...";
        int max = NOTE_LENGTH_LIMIT - suffix.length();
        while (max > 0 && (bytes[max] & 0xC0) == 0x80) {
            max--;
        }
        return new String(bytes, 0, max, StandardCharsets.UTF_8) + suffix;
    }
}
