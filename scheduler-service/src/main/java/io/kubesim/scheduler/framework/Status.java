package io.kubesim.scheduler.framework;

import java.util.List;

/**
 * The result of running a plugin at an extension point (pkg/scheduler/framework/interface.go {@code Status}, Kubernetes
 * 1.32). Plugins never throw: every outcome, internal errors included, is a status value.
 *
 * @param code    what happened
 * @param reasons human-readable reasons; for filter rejections these are the strings counted in the
 *                FailedScheduling message
 * @param plugin  the plugin that produced a non-success status (set by the framework), or {@code null}
 */
public record Status(Code code, List<String> reasons, String plugin) {

    /** Status codes; the subset of upstream's codes that kubesim's plugins produce. */
    public enum Code {
        SUCCESS,
        ERROR,
        UNSCHEDULABLE,
        UNSCHEDULABLE_AND_UNRESOLVABLE,
        SKIP
    }

    public static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), null);
    public static final Status SKIP = new Status(Code.SKIP, List.of(), null);

    public Status {
        reasons = List.copyOf(reasons);
    }

    public static Status unschedulable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE, List.of(reasons), null);
    }

    public static Status unresolvable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reasons), null);
    }

    public static Status error(String message) {
        return new Status(Code.ERROR, List.of(message), null);
    }

    public Status withPlugin(String pluginName) {
        return new Status(code, reasons, pluginName);
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }

    public boolean isSkip() {
        return code == Code.SKIP;
    }

    /** Unschedulable or UnschedulableAndUnresolvable (upstream {@code IsRejected}). */
    public boolean isRejected() {
        return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
    }

    /** The reasons joined with ", " (upstream {@code Status.Message}). */
    public String message() {
        return String.join(", ", reasons);
    }
}
