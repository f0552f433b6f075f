package io.kubesim.scheduler.framework;

import java.util.ArrayList;
import java.util.List;

/**
 * Kinds of cluster changes as bit flags (pkg/scheduler/framework/types.go {@code ActionType}, Kubernetes 1.32).
 */
public final class ActionType {

    public static final int ADD = 1;
    public static final int DELETE = 1 << 1;
    public static final int UPDATE_NODE_ALLOCATABLE = 1 << 2;
    public static final int UPDATE_NODE_LABEL = 1 << 3;
    public static final int UPDATE_NODE_TAINT = 1 << 4;
    public static final int UPDATE_NODE_CONDITION = 1 << 5;
    public static final int UPDATE_NODE_ANNOTATION = 1 << 6;
    public static final int UPDATE_POD_LABEL = 1 << 7;
    public static final int UPDATE_POD_SCALE_DOWN = 1 << 8;
    public static final int UPDATE_POD_TOLERATION = 1 << 9;
    public static final int UPDATE_POD_SCHEDULING_GATES_ELIMINATED = 1 << 10;
    /** Any other pod update (only for incoming events). */
    public static final int UPDATE_POD_OTHER = 1 << 11;

    public static final int UPDATE = UPDATE_NODE_ALLOCATABLE | UPDATE_NODE_LABEL | UPDATE_NODE_TAINT
            | UPDATE_NODE_CONDITION | UPDATE_NODE_ANNOTATION | UPDATE_POD_LABEL | UPDATE_POD_SCALE_DOWN
            | UPDATE_POD_TOLERATION | UPDATE_POD_SCHEDULING_GATES_ELIMINATED | UPDATE_POD_OTHER;
    public static final int ALL = ADD | DELETE | UPDATE;

    private static final String[] NAMES = {"Add", "Delete", "UpdateNodeAllocatable", "UpdateNodeLabel",
        "UpdateNodeTaint", "UpdateNodeCondition", "UpdateNodeAnnotation", "UpdatePodLabel", "UpdatePodScaleDown",
        "UpdatePodToleration", "UpdatePodSchedulingGatesEliminated", "UpdatePodOther"};

    private ActionType() {
    }

    /** Upstream's label for the action: "Add", "UpdateNodeLabel", "Update" (all updates), "All", or a|joined list. */
    public static String name(int actionType) {
        if (actionType == ALL) {
            return "All";
        }
        if (actionType == UPDATE) {
            return "Update";
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((actionType & (1 << i)) != 0) {
                parts.add(NAMES[i]);
            }
        }
        return String.join("|", parts);
    }
}
