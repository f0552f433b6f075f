package io.kubesim.scheduler.plugins.nodeports;

import java.util.List;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.ActionType;
import io.kubesim.scheduler.framework.ClusterEvent;
import io.kubesim.scheduler.framework.ClusterEventWithHint;
import io.kubesim.scheduler.framework.CycleState;
import io.kubesim.scheduler.framework.EnqueueExtensions;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.HostPortInfo;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.PluginNames;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.PreFilterPlugin;
import io.kubesim.scheduler.framework.PreFilterResult;
import io.kubesim.scheduler.framework.QueueingHint;
import io.kubesim.scheduler.framework.Snapshot;
import io.kubesim.scheduler.framework.Status;

/**
 * Rejects nodes where a host port the pod's containers ask for (hostPort, protocol, hostIP; 0.0.0.0 conflicts with
 * every IP) is already in use. Follows pkg/scheduler/framework/plugins/nodeports/node_ports.go (Kubernetes 1.32).
 */
public final class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {

    public static final String NAME = PluginNames.NODE_PORTS;
    /** Upstream {@code ErrReason}. */
    public static final String ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

    private static final Status REJECTED = Status.unschedulable(ERR_REASON).withPlugin(NAME);

    @Override
    public String name() {
        return NAME;
    }

    /** Skips the filter for pods without host ports. */
    @Override
    public PreFilterResult preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        return pod.hostPorts().isEmpty() ? PreFilterResult.SKIP : PreFilterResult.ALL_NODES;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        return fits(pod.hostPorts(), nodeInfo.usedPorts()) ? Status.SUCCESS : REJECTED;
    }

    static boolean fits(List<HostPortInfo.HostPort> wanted, HostPortInfo used) {
        for (HostPortInfo.HostPort p : wanted) {
            if (used.conflicts(p)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(
                ClusterEventWithHint.of(ClusterEvent.Kind.POD, ActionType.DELETE, NodePorts::afterPodDeleted),
                ClusterEventWithHint.of(ClusterEvent.Kind.NODE, ActionType.ADD | ActionType.UPDATE, null));
    }

    /** Queue when a deleted pod (assigned or nominated) held a host port this pod wants. */
    static QueueingHint afterPodDeleted(Pod pod, Object oldObj, Object newObj) {
        if (!(oldObj instanceof Pod deleted)) {
            return QueueingHint.QUEUE;
        }
        PodInfo deletedInfo = PodInfo.of(deleted);
        if (deletedInfo.nodeName().isEmpty() && deletedInfo.nominatedNodeName().isEmpty()) {
            return QueueingHint.SKIP;
        }
        if (deletedInfo.hostPorts().isEmpty()) {
            return QueueingHint.SKIP;
        }
        return fits(PodInfo.of(pod).hostPorts(), HostPortInfo.of(deletedInfo.hostPorts())) ? QueueingHint.SKIP
                : QueueingHint.QUEUE;
    }
}
