package io.kubesim.scheduler.plugins.nodename;

import java.util.List;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.ActionType;
import io.kubesim.scheduler.framework.ClusterEvent;
import io.kubesim.scheduler.framework.ClusterEventWithHint;
import io.kubesim.scheduler.framework.CycleState;
import io.kubesim.scheduler.framework.EnqueueExtensions;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.PluginNames;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.QueueingHint;
import io.kubesim.scheduler.framework.Status;

/**
 * When the pod names a node in {@code spec.nodeName}, only that node passes. Follows
 * pkg/scheduler/framework/plugins/nodename/node_name.go (Kubernetes 1.32).
 */
public final class NodeName implements FilterPlugin, EnqueueExtensions {

    public static final String NAME = PluginNames.NODE_NAME;
    /** Upstream {@code ErrReason}. */
    public static final String ERR_REASON = "node(s) didn't match the requested node name";

    private static final Status REJECTED = Status.unresolvable(ERR_REASON).withPlugin(NAME);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        String wanted = pod.nodeName();
        return wanted.isEmpty() || wanted.equals(nodeInfo.name()) ? Status.SUCCESS : REJECTED;
    }

    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(ClusterEventWithHint.of(ClusterEvent.Kind.NODE, ActionType.ADD, NodeName::afterNodeAdd));
    }

    /** Queue when the node the pod names was added. */
    static QueueingHint afterNodeAdd(Pod pod, Object oldObj, Object newObj) {
        if (!(newObj instanceof Node node)) {
            return QueueingHint.QUEUE;
        }
        String wanted = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return wanted == null || wanted.isEmpty() || wanted.equals(node.getMetadata().getName())
                ? QueueingHint.QUEUE : QueueingHint.SKIP;
    }
}
