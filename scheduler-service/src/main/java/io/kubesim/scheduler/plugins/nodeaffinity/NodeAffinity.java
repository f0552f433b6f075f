package io.kubesim.scheduler.plugins.nodeaffinity;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.kubesim.scheduler.framework.ActionType;
import io.kubesim.scheduler.framework.ClusterEvent;
import io.kubesim.scheduler.framework.ClusterEventWithHint;
import io.kubesim.scheduler.framework.CycleState;
import io.kubesim.scheduler.framework.EnqueueExtensions;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.NodeSelectorTerms;
import io.kubesim.scheduler.framework.PluginNames;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.PreFilterPlugin;
import io.kubesim.scheduler.framework.PreFilterResult;
import io.kubesim.scheduler.framework.PreScorePlugin;
import io.kubesim.scheduler.framework.QueueingHint;
import io.kubesim.scheduler.framework.RequiredNodeAffinity;
import io.kubesim.scheduler.framework.ScoreNormalizer;
import io.kubesim.scheduler.framework.ScorePlugin;
import io.kubesim.scheduler.framework.Snapshot;
import io.kubesim.scheduler.framework.Status;

/**
 * {@code spec.nodeSelector} and required node affinity as a filter (with PreFilter narrowing to the node names a
 * {@code metadata.name In} field selector allows in every term), preferred node affinity as a score. Follows
 * pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go (Kubernetes 1.32); scheduler-enforced
 * {@code addedAffinity} is not supported.
 */
public final class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin,
        EnqueueExtensions {

    public static final String NAME = PluginNames.NODE_AFFINITY;
    /** Upstream {@code ErrReasonPod}. */
    public static final String ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
    /** Upstream {@code errReasonConflict}: every term asks for a node name no other requirement of it allows. */
    public static final String ERR_REASON_CONFLICT = "pod affinity terms conflict";

    private static final Status REJECTED = Status.unresolvable(ERR_REASON_POD).withPlugin(NAME);
    private static final CycleState.Key<PreFilterState> PRE_FILTER_KEY = new CycleState.Key<>("PreFilter" + NAME);
    private static final CycleState.Key<PreScoreState> PRE_SCORE_KEY = new CycleState.Key<>("PreScore" + NAME);

    private record PreFilterState(RequiredNodeAffinity required) implements CycleState.StateData {
        @Override
        public PreFilterState copy() {
            return this;
        }
    }

    private record PreScoreState(NodeSelectorTerms preferred) implements CycleState.StateData {
        @Override
        public PreScoreState copy() {
            return this;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        NodeSelector required = RequiredNodeAffinity.requiredSelector(pod.pod());
        Map<String, String> nodeSelector = pod.pod().getSpec().getNodeSelector();
        if (required == null && (nodeSelector == null || nodeSelector.isEmpty())) {
            return PreFilterResult.SKIP;
        }
        state.write(PRE_FILTER_KEY, new PreFilterState(RequiredNodeAffinity.of(pod.pod())));
        if (required == null || required.getNodeSelectorTerms() == null
                || required.getNodeSelectorTerms().isEmpty()) {
            return PreFilterResult.ALL_NODES;
        }
        Set<String> nodeNames = null;
        for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
            Set<String> termNames = null;
            if (term.getMatchFields() != null) {
                for (NodeSelectorRequirement r : term.getMatchFields()) {
                    if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator())) {
                        Set<String> s = r.getValues() == null ? new HashSet<>() : new HashSet<>(r.getValues());
                        if (termNames == null) {
                            termNames = s;
                        } else {
                            termNames.retainAll(s);
                        }
                    }
                }
            }
            if (termNames == null) {
                return PreFilterResult.ALL_NODES;
            }
            if (nodeNames == null) {
                nodeNames = new HashSet<>();
            }
            nodeNames.addAll(termNames);
        }
        if (nodeNames.isEmpty()) {
            return PreFilterResult.of(Status.unresolvable(ERR_REASON_CONFLICT));
        }
        return PreFilterResult.onlyNodes(nodeNames);
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        PreFilterState s = state.read(PRE_FILTER_KEY);
        RequiredNodeAffinity required = s == null ? RequiredNodeAffinity.of(pod.pod()) : s.required();
        return required.matches(nodeInfo) ? Status.SUCCESS : REJECTED;
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes, Snapshot snapshot) {
        var spec = pod.pod().getSpec();
        List<PreferredSchedulingTerm> preferred = spec.getAffinity() == null
                || spec.getAffinity().getNodeAffinity() == null ? null
                : spec.getAffinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        if (preferred == null || preferred.isEmpty()) {
            return Status.SKIP;
        }
        NodeSelectorTerms terms = NodeSelectorTerms.preferred(preferred);
        String error = terms.firstError();
        if (error != null) {
            return Status.error(error);
        }
        state.write(PRE_SCORE_KEY, new PreScoreState(terms));
        return Status.SUCCESS;
    }

    /** Sum of the weights of the preferred terms the node matches. */
    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        return state.read(PRE_SCORE_KEY).preferred().weightOfMatching(nodeInfo.name(), nodeInfo.labels());
    }

    @Override
    public Status normalizeScore(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        ScoreNormalizer.defaultNormalize(scores, false);
        return Status.SUCCESS;
    }

    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(ClusterEventWithHint.of(ClusterEvent.Kind.NODE,
                ActionType.ADD | ActionType.UPDATE_NODE_LABEL, NodeAffinity::afterNodeChange));
    }

    /** Queue when an added node matches, or an updated node matches now but did not before. */
    static QueueingHint afterNodeChange(Pod pod, Object oldObj, Object newObj) {
        if (!(newObj instanceof Node newNode)) {
            return QueueingHint.QUEUE;
        }
        RequiredNodeAffinity required = RequiredNodeAffinity.of(pod);
        if (!required.matches(newNode)) {
            return QueueingHint.SKIP;
        }
        if (!(oldObj instanceof Node oldNode)) {
            return QueueingHint.QUEUE;
        }
        return required.matches(oldNode) ? QueueingHint.SKIP : QueueingHint.QUEUE;
    }
}
