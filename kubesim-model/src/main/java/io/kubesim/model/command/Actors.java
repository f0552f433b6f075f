package io.kubesim.model.command;

/** Well-known actor names, as kube-apiserver's user names for the same components. */
public final class Actors {

    public static final String SCHEDULER = "system:kube-scheduler";
    public static final String CONTROLLER_MANAGER = "system:kube-controller-manager";
    public static final String STATE_SERVICE = "system:kubesim-state-service";
    public static final String NODE_PREFIX = "system:node:";

    private Actors() {
    }

    public static String node(String nodeName) {
        return NODE_PREFIX + nodeName;
    }
}
