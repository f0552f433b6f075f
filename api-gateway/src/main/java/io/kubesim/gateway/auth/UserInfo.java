package io.kubesim.gateway.auth;

import java.util.List;

/** An authenticated user, as kube-apiserver's user.Info: name, uid and groups. */
public record UserInfo(String name, String uid, List<String> groups) {

    public static final String MASTERS = "system:masters";
    public static final String NODES = "system:nodes";
    public static final String VIEWERS = "kubesim:view";
    public static final String AUTHENTICATED = "system:authenticated";

    public UserInfo {
        groups = List.copyOf(groups);
    }

    /** The admin of an insecure loopback gateway. */
    public static UserInfo loopbackAdmin() {
        return new UserInfo("admin", "admin", List.of(MASTERS, AUTHENTICATED));
    }

    public boolean isAdmin() {
        return groups.contains(MASTERS);
    }

    public boolean isViewer() {
        return groups.contains(VIEWERS);
    }

    /** The node name of a node identity ({@code system:node:<name>} in group system:nodes), else null. */
    public String nodeName() {
        if (groups.contains(NODES) && name.startsWith("system:node:")) {
            return name.substring("system:node:".length());
        }
        return null;
    }
}
