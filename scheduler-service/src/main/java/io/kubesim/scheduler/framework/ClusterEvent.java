package io.kubesim.scheduler.framework;

/**
 * A change in the cluster that may make unschedulable pods schedulable (pkg/scheduler/framework/types.go
 * {@code ClusterEvent}, Kubernetes 1.32).
 *
 * @param kind       what changed
 * @param actionType {@link ActionType} bits
 * @param label      a name for logs and decision records
 */
public record ClusterEvent(Kind kind, int actionType, String label) {

    /** Kinds of objects. {@code POD} in a registration matches both assigned and unscheduled pods. */
    public enum Kind {
        POD("Pod"),
        ASSIGNED_POD("AssignedPod"),
        UNSCHEDULED_POD("UnscheduledPod"),
        NODE("Node"),
        WILDCARD("*");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        boolean matches(Kind incoming) {
            return this == WILDCARD || this == incoming
                    || this == POD && (incoming == ASSIGNED_POD || incoming == UNSCHEDULED_POD);
        }
    }

    public static final ClusterEvent NODE_ADD = of(Kind.NODE, ActionType.ADD);
    public static final ClusterEvent NODE_DELETE = of(Kind.NODE, ActionType.DELETE);
    public static final ClusterEvent ASSIGNED_POD_ADD = of(Kind.ASSIGNED_POD, ActionType.ADD);
    public static final ClusterEvent ASSIGNED_POD_DELETE = of(Kind.ASSIGNED_POD, ActionType.DELETE);
    /** Pods sitting in the unschedulable pool for too long (wildcard: every pod moves). */
    public static final ClusterEvent UNSCHEDULABLE_TIMEOUT =
            new ClusterEvent(Kind.WILDCARD, ActionType.ALL, "UnschedulableTimeout");

    public static ClusterEvent of(Kind kind, int actionType) {
        return new ClusterEvent(kind, actionType, kind.label + ActionType.name(actionType));
    }

    public boolean isWildcard() {
        return kind == Kind.WILDCARD && actionType == ActionType.ALL;
    }

    /** Whether this (registered) event covers {@code incoming}. */
    public boolean matches(ClusterEvent incoming) {
        return isWildcard() || kind.matches(incoming.kind) && (actionType & incoming.actionType) != 0;
    }
}
