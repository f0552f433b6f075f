package io.kubesim.scheduler.plugins.nodeunschedulable;

import java.util.List;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
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
import io.kubesim.scheduler.framework.Tolerations;

/**
 * Rejects nodes with {@code spec.unschedulable: true} unless the pod tolerates the
 * {@code node.kubernetes.io/unschedulable:NoSchedule} taint. Follows
 * pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go (Kubernetes 1.32).
 */
public final class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {

    public static final String NAME = PluginNames.NODE_UNSCHEDULABLE;
    /** Upstream {@code ErrReasonUnschedulable}. */
    public static final String ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";

    static final Taint UNSCHEDULABLE_TAINT = new TaintBuilder().withKey("node.kubernetes.io/unschedulable")
            .withEffect(Tolerations.NO_SCHEDULE).build();
    private static final Status REJECTED = Status.unresolvable(ERR_REASON_UNSCHEDULABLE).withPlugin(NAME);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        if (!nodeInfo.unschedulable() || toleratesUnschedulable(pod.tolerations())) {
            return Status.SUCCESS;
        }
        return REJECTED;
    }

    private static boolean toleratesUnschedulable(List<Toleration> tolerations) {
        return Tolerations.anyTolerates(tolerations, UNSCHEDULABLE_TAINT);
    }

    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(
                ClusterEventWithHint.of(ClusterEvent.Kind.NODE, ActionType.ADD | ActionType.UPDATE_NODE_TAINT,
                        NodeUnschedulable::afterNodeChange),
                ClusterEventWithHint.of(ClusterEvent.Kind.POD, ActionType.UPDATE_POD_TOLERATION,
                        NodeUnschedulable::afterPodTolerationChange));
    }

    /** Queue when the added or updated node is schedulable. */
    static QueueingHint afterNodeChange(Pod pod, Object oldObj, Object newObj) {
        if (!(newObj instanceof Node node)) {
            return QueueingHint.QUEUE;
        }
        boolean unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        return unschedulable ? QueueingHint.SKIP : QueueingHint.QUEUE;
    }

    /** Queue when the pending pod itself gained a toleration of the unschedulable taint. */
    static QueueingHint afterPodTolerationChange(Pod pod, Object oldObj, Object newObj) {
        if (!(oldObj instanceof Pod oldPod) || !(newObj instanceof Pod newPod)) {
            return QueueingHint.QUEUE;
        }
        if (pod.getMetadata().getUid().equals(newPod.getMetadata().getUid())
                && !toleratesUnschedulable(tolerations(oldPod)) && toleratesUnschedulable(tolerations(newPod))) {
            return QueueingHint.QUEUE;
        }
        return QueueingHint.SKIP;
    }

    private static List<Toleration> tolerations(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getTolerations() == null ? List.of()
                : pod.getSpec().getTolerations();
    }
}
