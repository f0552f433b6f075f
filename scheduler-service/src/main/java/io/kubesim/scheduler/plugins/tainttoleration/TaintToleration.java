package io.kubesim.scheduler.plugins.tainttoleration;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
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
import io.kubesim.scheduler.framework.PreScorePlugin;
import io.kubesim.scheduler.framework.QueueingHint;
import io.kubesim.scheduler.framework.ScoreNormalizer;
import io.kubesim.scheduler.framework.ScorePlugin;
import io.kubesim.scheduler.framework.Snapshot;
import io.kubesim.scheduler.framework.Status;
import io.kubesim.scheduler.framework.Tolerations;

/**
 * Filters out nodes with a NoSchedule or NoExecute taint the pod does not tolerate, and prefers nodes with fewer
 * untolerated PreferNoSchedule taints. Follows pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go
 * (Kubernetes 1.32); the reason names the first untolerated taint, {@code node(s) had untolerated taint {k: v}}, as
 * 1.32 does (the fixed text {@code untolerated taint(s)} came in 1.35).
 */
public final class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {

    public static final String NAME = PluginNames.TAINT_TOLERATION;

    private static final CycleState.Key<PreScoreState> PRE_SCORE_KEY = new CycleState.Key<>("PreScore" + NAME);

    /** Tolerations that can tolerate PreferNoSchedule taints. */
    private record PreScoreState(List<Toleration> tolerationsPreferNoSchedule) implements CycleState.StateData {
        @Override
        public PreScoreState copy() {
            return this;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@code node(s) had untolerated taint {<key>: <value>}} (1.32 text). */
    public static String untoleratedTaintReason(Taint taint) {
        return "node(s) had untolerated taint {" + nullToEmpty(taint.getKey()) + ": " + nullToEmpty(taint.getValue())
                + "}";
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        if (nodeInfo.taints().isEmpty()) {
            return Status.SUCCESS;
        }
        Taint taint = Tolerations.firstUntoleratedBlockingTaint(nodeInfo.taints(), pod.tolerations());
        if (taint == null) {
            return Status.SUCCESS;
        }
        return Status.unresolvable(untoleratedTaintReason(taint));
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes, Snapshot snapshot) {
        List<Toleration> prefer = new ArrayList<>();
        for (Toleration t : pod.tolerations()) {
            if (t.getEffect() == null || t.getEffect().isEmpty()
                    || Tolerations.PREFER_NO_SCHEDULE.equals(t.getEffect())) {
                prefer.add(t);
            }
        }
        state.write(PRE_SCORE_KEY, new PreScoreState(List.copyOf(prefer)));
        return Status.SUCCESS;
    }

    /** The number of PreferNoSchedule taints no toleration tolerates (fewer is better; reversed in normalize). */
    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        if (nodeInfo.taints().isEmpty()) {
            return 0;
        }
        List<Toleration> tolerations = state.read(PRE_SCORE_KEY).tolerationsPreferNoSchedule();
        long count = 0;
        for (Taint taint : nodeInfo.taints()) {
            if (Tolerations.PREFER_NO_SCHEDULE.equals(taint.getEffect())
                    && !Tolerations.anyTolerates(tolerations, taint)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public Status normalizeScore(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        ScoreNormalizer.defaultNormalize(scores, true);
        return Status.SUCCESS;
    }

    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(
                ClusterEventWithHint.of(ClusterEvent.Kind.NODE, ActionType.ADD | ActionType.UPDATE_NODE_TAINT,
                        TaintToleration::afterNodeChange),
                ClusterEventWithHint.of(ClusterEvent.Kind.POD, ActionType.UPDATE_POD_TOLERATION,
                        TaintToleration::afterPodTolerationChange));
    }

    /** Queue when the node was added or had its taints changed and the pod now tolerates them, but not before. */
    static QueueingHint afterNodeChange(Pod pod, Object oldObj, Object newObj) {
        if (!(newObj instanceof Node newNode)) {
            return QueueingHint.QUEUE;
        }
        List<Toleration> tolerations = tolerations(pod);
        boolean wasUntolerated = oldObj instanceof Node oldNode
                && Tolerations.firstUntoleratedBlockingTaint(taints(oldNode), tolerations) != null;
        boolean isUntolerated = Tolerations.firstUntoleratedBlockingTaint(taints(newNode), tolerations) != null;
        if ((oldObj == null || wasUntolerated) && !isUntolerated) {
            return QueueingHint.QUEUE;
        }
        return QueueingHint.SKIP;
    }

    /** Queue when the pending pod itself gained a toleration. */
    static QueueingHint afterPodTolerationChange(Pod pod, Object oldObj, Object newObj) {
        if (!(newObj instanceof Pod newPod)) {
            return QueueingHint.QUEUE;
        }
        return pod.getMetadata().getUid().equals(newPod.getMetadata().getUid()) ? QueueingHint.QUEUE
                : QueueingHint.SKIP;
    }

    private static List<Taint> taints(Node node) {
        return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    }

    private static List<Toleration> tolerations(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getTolerations() == null ? List.of()
                : pod.getSpec().getTolerations();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
