package io.kubesim.scheduler.framework;

import java.util.Set;
import java.util.TreeSet;

/** Why a pod did not fit (pkg/scheduler/framework/types.go {@code Diagnosis}, Kubernetes 1.32). */
public final class Diagnosis {

    private final NodeToStatus nodeToStatus = new NodeToStatus();
    private final Set<String> unschedulablePlugins = new TreeSet<>();
    private String preFilterMessage = "";
    private String postFilterMessage = "";

    public NodeToStatus nodeToStatus() {
        return nodeToStatus;
    }

    /** The plugins that rejected the pod; the queue retries the pod on the events these plugins registered. */
    public Set<String> unschedulablePlugins() {
        return unschedulablePlugins;
    }

    /** Records the plugin of a rejection (upstream {@code AddPluginStatus}). */
    public void addPluginStatus(Status status) {
        if (status.plugin() != null && status.isRejected()) {
            unschedulablePlugins.add(status.plugin());
        }
    }

    public String preFilterMessage() {
        return preFilterMessage;
    }

    public void setPreFilterMessage(String message) {
        this.preFilterMessage = message;
    }

    public String postFilterMessage() {
        return postFilterMessage;
    }

    public void setPostFilterMessage(String message) {
        this.postFilterMessage = message;
    }
}
