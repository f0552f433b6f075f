package io.kubesim.scheduler.plugins.interpodaffinity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.ActionType;
import io.kubesim.scheduler.framework.AffinityTerm;
import io.kubesim.scheduler.framework.ClusterEvent;
import io.kubesim.scheduler.framework.ClusterEventWithHint;
import io.kubesim.scheduler.framework.CycleState;
import io.kubesim.scheduler.framework.EnqueueExtensions;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.NamespaceLister;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.Parallelizer;
import io.kubesim.scheduler.framework.PluginNames;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.PreFilterExtensions;
import io.kubesim.scheduler.framework.PreFilterResult;
import io.kubesim.scheduler.framework.PreScorePlugin;
import io.kubesim.scheduler.framework.QueueingHint;
import io.kubesim.scheduler.framework.ScorePlugin;
import io.kubesim.scheduler.framework.Selector;
import io.kubesim.scheduler.framework.Snapshot;
import io.kubesim.scheduler.framework.Status;
import io.kubesim.scheduler.framework.WeightedAffinityTerm;

/**
 * Required pod affinity and anti-affinity as a filter (including the symmetry of existing pods' required
 * anti-affinity and the "first pod of a self-affine group" exception), preferred terms and existing pods' terms as a
 * min-max normalised score. Follows pkg/scheduler/framework/plugins/interpodaffinity/plugin.go, filtering.go and
 * scoring.go (Kubernetes 1.32).
 */
public final class InterPodAffinity implements PreFilterExtensions, FilterPlugin, PreScorePlugin, ScorePlugin,
        EnqueueExtensions {

    public static final String NAME = PluginNames.INTER_POD_AFFINITY;
    /** Upstream {@code ErrReasonExistingAntiAffinityRulesNotMatch}. */
    public static final String ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH =
            "node(s) didn't satisfy existing pods anti-affinity rules";
    /** Upstream {@code ErrReasonAffinityRulesNotMatch}. */
    public static final String ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
    /** Upstream {@code ErrReasonAntiAffinityRulesNotMatch}. */
    public static final String ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

    private static final Status AFFINITY_REJECTED =
            Status.unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH).withPlugin(NAME);
    private static final Status ANTI_AFFINITY_REJECTED =
            Status.unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH).withPlugin(NAME);
    private static final Status EXISTING_ANTI_AFFINITY_REJECTED =
            Status.unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH).withPlugin(NAME);

    private static final CycleState.Key<PreFilterState> PRE_FILTER_KEY = new CycleState.Key<>("PreFilter" + NAME);
    private static final CycleState.Key<PreScoreState> PRE_SCORE_KEY = new CycleState.Key<>("PreScore" + NAME);
    /** Domains with more nodes than this are summed in parallel chunks. */
    private static final int LARGE_DOMAIN = 256;
    private static final AffinityTerm[] NO_TERMS = new AffinityTerm[0];

    /**
     * Counts per topology pair computed at PreFilter.
     *
     * @param existingAntiAffinityCounts existing pods whose required anti-affinity matches the incoming pod
     * @param affinityCounts             existing pods matching all the incoming pod's required affinity terms
     * @param antiAffinityCounts         existing pods matching the incoming pod's required anti-affinity terms
     * @param affinityTerms              the incoming pod's required affinity terms, namespace selectors merged
     * @param antiAffinityTerms          the incoming pod's required anti-affinity terms, namespace selectors merged
     * @param pod                        the incoming pod
     * @param namespaceLabels            the labels of the incoming pod's namespace
     */
    record PreFilterState(TopologyCounts existingAntiAffinityCounts, TopologyCounts affinityCounts,
                          TopologyCounts antiAffinityCounts, List<AffinityTerm> affinityTerms,
                          List<AffinityTerm> antiAffinityTerms, PodInfo pod, Map<String, String> namespaceLabels)
            implements CycleState.StateData {

        @Override
        public PreFilterState copy() {
            return new PreFilterState(existingAntiAffinityCounts.copy(), affinityCounts.copy(),
                    antiAffinityCounts.copy(), affinityTerms, antiAffinityTerms, pod, namespaceLabels);
        }

        void updateWithPod(PodInfo other, Map<String, String> nodeLabels, long delta) {
            List<AffinityTerm> existing = other.requiredAntiAffinityTerms();
            for (int i = 0; i < existing.size(); i++) {
                AffinityTerm t = existing.get(i);
                if (t.matches(pod, namespaceLabels)) {
                    existingAntiAffinityCounts.add(nodeLabels, t.topologyKey(), delta);
                }
            }
            if (matchesAll(affinityTerms, other)) {
                for (int i = 0; i < affinityTerms.size(); i++) {
                    affinityCounts.add(nodeLabels, affinityTerms.get(i).topologyKey(), delta);
                }
            }
            for (int i = 0; i < antiAffinityTerms.size(); i++) {
                AffinityTerm t = antiAffinityTerms.get(i);
                if (t.matches(other, null)) {
                    antiAffinityCounts.add(nodeLabels, t.topologyKey(), delta);
                }
            }
        }
    }

    /** The scored topology pairs of the feasible nodes, by key and value, computed at PreScore. */
    private record PreScoreState(Map<String, Map<String, Domain>> domains) implements CycleState.StateData {
        @Override
        public PreScoreState copy() {
            return this;
        }
    }

    private final NamespaceLister namespaces;
    private final Parallelizer parallelizer;
    private final int hardPodAffinityWeight;

    public InterPodAffinity(NamespaceLister namespaces, Parallelizer parallelizer, int hardPodAffinityWeight) {
        this.namespaces = namespaces;
        this.parallelizer = parallelizer;
        this.hardPodAffinityWeight = hardPodAffinityWeight;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<AffinityTerm> affinityTerms = merged(pod.requiredAffinityTerms());
        List<AffinityTerm> antiAffinityTerms = merged(pod.requiredAntiAffinityTerms());
        Map<String, String> nsLabels = namespaces.labelsOf(pod.namespace());

        TopologyCounts existing = sumOverNodes(snapshot.havePodsWithRequiredAntiAffinity(), (node, d) -> {
            TermMemo memo = d.memo(pod, nsLabels);
            List<PodInfo> pods = node.podsWithRequiredAntiAffinity();
            for (int i = 0; i < pods.size(); i++) {
                List<AffinityTerm> terms = pods.get(i).requiredAntiAffinityTerms();
                for (int j = 0; j < terms.size(); j++) {
                    AffinityTerm t = terms.get(j);
                    if (memo.matches(t)) {
                        d.add(t.topologyKey(), 1);
                    }
                }
            }
        });
        TopologyCounts affinity = new TopologyCounts();
        TopologyCounts antiAffinity = new TopologyCounts();
        AffinityTerm[] aff = affinityTerms.toArray(NO_TERMS);
        AffinityTerm[] antiAff = antiAffinityTerms.toArray(NO_TERMS);
        List<NodeInfo> all = snapshot.nodes();
        // Only nodes with a pod carrying a label the terms require can hold a matching pod: every term must match
        // for affinity, so any term's key=value requirement narrows it; a single anti-affinity term narrows it by
        // its own (several terms would need a union of node lists, so they visit every node).
        List<NodeInfo> affinityNodes = aff.length == 0 ? List.of() : candidateNodes(snapshot, aff, all);
        List<NodeInfo> antiAffinityNodes = antiAff.length == 0 ? List.of()
                : antiAff.length == 1 ? candidateNodes(snapshot, antiAff, all) : all;
        if (affinityNodes != all || antiAffinityNodes != all) {
            if (aff.length > 0) {
                affinity = sumOverNodes(affinityNodes, (node, d) -> {
                    List<PodInfo> pods = node.pods();
                    for (int i = 0; i < pods.size(); i++) {
                        if (matchesAll(aff, pods.get(i))) {
                            for (AffinityTerm t : aff) {
                                d.add(t.topologyKey(), 1);
                            }
                        }
                    }
                });
            }
            if (antiAff.length > 0) {
                antiAffinity = sumOverNodes(antiAffinityNodes, (node, d) -> {
                    List<PodInfo> pods = node.pods();
                    for (int i = 0; i < pods.size(); i++) {
                        PodInfo existingPod = pods.get(i);
                        for (AffinityTerm t : antiAff) {
                            if (t.matches(existingPod, null)) {
                                d.add(t.topologyKey(), 1);
                            }
                        }
                    }
                });
            }
        } else if (aff.length > 0 || antiAff.length > 0) {
            TopologyCounts[] both = sumOverNodes2(all, (node, d, anti) -> {
                List<PodInfo> pods = node.pods();
                for (int i = 0; i < pods.size(); i++) {
                    PodInfo existingPod = pods.get(i);
                    if (matchesAll(aff, existingPod)) {
                        for (AffinityTerm t : aff) {
                            d.add(t.topologyKey(), 1);
                        }
                    }
                    for (AffinityTerm t : antiAff) {
                        if (t.matches(existingPod, null)) {
                            anti.add(t.topologyKey(), 1);
                        }
                    }
                }
            });
            affinity = both[0];
            antiAffinity = both[1];
        }
        if (existing.isEmpty() && affinityTerms.isEmpty() && antiAffinityTerms.isEmpty()) {
            return PreFilterResult.SKIP;
        }
        state.write(PRE_FILTER_KEY, new PreFilterState(existing, affinity, antiAffinity, affinityTerms,
                antiAffinityTerms, pod, nsLabels));
        return PreFilterResult.ALL_NODES;
    }

    @Override
    public Status addPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) {
        state.read(PRE_FILTER_KEY).updateWithPod(podToAdd, nodeInfo.labels(), 1);
        return Status.SUCCESS;
    }

    @Override
    public Status removePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) {
        state.read(PRE_FILTER_KEY).updateWithPod(podToRemove, nodeInfo.labels(), -1);
        return Status.SUCCESS;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        PreFilterState s = state.read(PRE_FILTER_KEY);
        if (!satisfyPodAffinity(s, nodeInfo.labels())) {
            return AFFINITY_REJECTED;
        }
        if (!satisfyPodAntiAffinity(s, nodeInfo.labels())) {
            return ANTI_AFFINITY_REJECTED;
        }
        if (!s.existingAntiAffinityCounts().isEmpty() && s.existingAntiAffinityCounts().anyPositive(nodeInfo.labels())) {
            return EXISTING_ANTI_AFFINITY_REJECTED;
        }
        return Status.SUCCESS;
    }

    /**
     * Every affinity term's topology key must be on the node and its pair must have a matching pod; if no pod in
     * the cluster matches all terms and the pod matches its own terms, any node with all the keys passes.
     */
    private static boolean satisfyPodAffinity(PreFilterState s, Map<String, String> nodeLabels) {
        boolean podsExist = true;
        List<AffinityTerm> terms = s.affinityTerms();
        for (int i = 0; i < terms.size(); i++) {
            AffinityTerm t = terms.get(i);
            String value = nodeLabels.get(t.topologyKey());
            if (value == null) {
                return false;
            }
            if (s.affinityCounts().get(t.topologyKey(), value) <= 0) {
                podsExist = false;
            }
        }
        if (!podsExist) {
            return s.affinityCounts().isEmpty() && matchesAll(s.affinityTerms(), s.pod());
        }
        return true;
    }

    /** No anti-affinity term may have a matching pod in the node's domain (nodes without the key pass). */
    private static boolean satisfyPodAntiAffinity(PreFilterState s, Map<String, String> nodeLabels) {
        if (s.antiAffinityCounts().isEmpty()) {
            return true;
        }
        List<AffinityTerm> terms = s.antiAffinityTerms();
        for (int i = 0; i < terms.size(); i++) {
            AffinityTerm t = terms.get(i);
            String value = nodeLabels.get(t.topologyKey());
            if (value != null && s.antiAffinityCounts().get(t.topologyKey(), value) > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Upstream sums, for every existing pod, the weights of the matching terms (the incoming pod's preferred terms
     * against the pod, the pod's required-affinity, preferred and anti-preferred terms against the incoming pod) per
     * topology pair of the pod's node, and a node scores the sum over its pairs. Only the pairs of feasible nodes can
     * matter, so this computes exactly those: for each topology key in play and each value a feasible node has, the
     * pods of the nodes of that domain (from the snapshot's cached domain index). The scores are the same; pods
     * outside the feasible nodes' domains are not visited.
     */
    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes, Snapshot snapshot) {
        if (feasibleNodes.isEmpty()) {
            return Status.SKIP;
        }
        boolean hasConstraints = !pod.preferredAffinityTerms().isEmpty()
                || !pod.preferredAntiAffinityTerms().isEmpty();
        if (!hasConstraints && snapshot.havePodsWithAffinity().isEmpty()) {
            return Status.SKIP;
        }
        List<WeightedAffinityTerm> preferred = mergedWeighted(pod.preferredAffinityTerms());
        List<WeightedAffinityTerm> preferredAnti = mergedWeighted(pod.preferredAntiAffinityTerms());
        Map<String, String> nsLabels = namespaces.labelsOf(pod.namespace());
        Set<String> keys = new LinkedHashSet<>();
        preferred.forEach(t -> keys.add(t.term().topologyKey()));
        preferredAnti.forEach(t -> keys.add(t.term().topologyKey()));
        keys.addAll(snapshot.affinityTopologyKeys());

        List<Domain> domains = new ArrayList<>();
        Map<String, Map<String, Domain>> byKey = new HashMap<>();
        for (String key : keys) {
            Map<String, List<NodeInfo>> index = null;
            Map<String, Domain> values = new HashMap<>();
            for (NodeInfo node : feasibleNodes) {
                String value = node.labels().get(key);
                if (value == null || values.containsKey(value)) {
                    continue;
                }
                if (index == null) {
                    index = snapshot.domains(key);
                }
                Domain d = new Domain(key, index.getOrDefault(value, List.of()));
                values.put(value, d);
                domains.add(d);
            }
            byKey.put(key, values);
        }
        DomainScorer scorer = new DomainScorer(pod, nsLabels, preferred, preferredAnti, hasConstraints);
        List<Domain> small = new ArrayList<>();
        for (Domain d : domains) {
            if (d.nodes.size() > LARGE_DOMAIN) {
                scoreLargeDomain(d, scorer);
            } else {
                small.add(d);
            }
        }
        parallelizer.until(small.size(), i -> {
            Domain d = small.get(i);
            scorer.add(d, d.nodes, 0, d.nodes.size());
        });
        boolean touched = false;
        for (Domain d : domains) {
            touched |= d.touched;
        }
        if (!touched) {
            return Status.SKIP;
        }
        state.write(PRE_SCORE_KEY, new PreScoreState(byKey));
        return Status.SUCCESS;
    }

    private void scoreLargeDomain(Domain d, DomainScorer scorer) {
        int chunk = parallelizer.chunkSize(d.nodes.size());
        int chunks = (d.nodes.size() + chunk - 1) / chunk;
        Domain[] partial = new Domain[chunks];
        parallelizer.runChunks(chunks, c -> {
            Domain p = new Domain(d.key, d.nodes);
            scorer.add(p, d.nodes, c * chunk, Math.min(d.nodes.size(), (c + 1) * chunk));
            partial[c] = p;
        }, () -> false);
        for (Domain p : partial) {
            d.score += p.score;
            d.touched |= p.touched;
        }
    }

    /** One topology pair: its nodes and the sum of the weights of the terms matched by their pods. */
    static final class Domain {
        final String key;
        final List<NodeInfo> nodes;
        long score;
        boolean touched;

        Domain(String key, List<NodeInfo> nodes) {
            this.key = key;
            this.nodes = nodes;
        }
    }

    /** Upstream {@code processExistingPod}, restricted to the terms of one topology key. */
    private final class DomainScorer {
        private final PodInfo pod;
        private final Map<String, String> nsLabels;
        private final List<WeightedAffinityTerm> preferred;
        private final List<WeightedAffinityTerm> preferredAnti;
        private final boolean hasConstraints;

        DomainScorer(PodInfo pod, Map<String, String> nsLabels, List<WeightedAffinityTerm> preferred,
                     List<WeightedAffinityTerm> preferredAnti, boolean hasConstraints) {
            this.pod = pod;
            this.nsLabels = nsLabels;
            this.preferred = preferred;
            this.preferredAnti = preferredAnti;
            this.hasConstraints = hasConstraints;
        }

        void add(Domain d, List<NodeInfo> nodes, int from, int to) {
            for (int n = from; n < to; n++) {
                NodeInfo node = nodes.get(n);
                List<PodInfo> pods = hasConstraints ? node.pods() : node.podsWithAffinity();
                for (int i = 0; i < pods.size(); i++) {
                    addPod(d, pods.get(i));
                }
            }
        }

        private void addPod(Domain d, PodInfo existing) {
            String key = d.key;
            for (WeightedAffinityTerm t : preferred) {
                if (t.term().topologyKey().equals(key) && t.term().matches(existing, null)) {
                    d.score += t.weight();
                    d.touched = true;
                }
            }
            for (WeightedAffinityTerm t : preferredAnti) {
                if (t.term().topologyKey().equals(key) && t.term().matches(existing, null)) {
                    d.score -= t.weight();
                    d.touched = true;
                }
            }
            if (!existing.withAffinity()) {
                return;
            }
            if (hardPodAffinityWeight > 0) {
                for (AffinityTerm t : existing.requiredAffinityTerms()) {
                    if (t.topologyKey().equals(key) && t.matches(pod, nsLabels)) {
                        d.score += hardPodAffinityWeight;
                        d.touched = true;
                    }
                }
            }
            for (WeightedAffinityTerm t : existing.preferredAffinityTerms()) {
                if (t.term().topologyKey().equals(key) && t.term().matches(pod, nsLabels)) {
                    d.score += t.weight();
                    d.touched = true;
                }
            }
            for (WeightedAffinityTerm t : existing.preferredAntiAffinityTerms()) {
                if (t.term().topologyKey().equals(key) && t.term().matches(pod, nsLabels)) {
                    d.score -= t.weight();
                    d.touched = true;
                }
            }
        }
    }

    /** Sum of the scores of the node's topology pairs (positive for affinity, negative for anti-affinity). */
    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        long sum = 0;
        for (Map.Entry<String, Map<String, Domain>> e : state.read(PRE_SCORE_KEY).domains().entrySet()) {
            String value = nodeInfo.labels().get(e.getKey());
            if (value != null) {
                Domain d = e.getValue().get(value);
                if (d != null) {
                    sum += d.score;
                }
            }
        }
        return sum;
    }

    /** Min-max normalisation: {@code 100 * (score - min) / (max - min)}, all 0 when max = min. */
    @Override
    public Status normalizeScore(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long s : scores) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        long diff = max - min;
        for (int i = 0; i < scores.length; i++) {
            double f = diff > 0 ? MAX_NODE_SCORE * ((double) (scores[i] - min) / diff) : 0;
            scores[i] = (long) f;
        }
        return Status.SUCCESS;
    }

    /** Per-node work collecting amounts per topology key. */
    @FunctionalInterface
    private interface PerNode {
        void accept(NodeInfo node, NodeDeltas deltas);
    }

    /** Per-node work collecting two sets of amounts. */
    @FunctionalInterface
    private interface PerNode2 {
        void accept(NodeInfo node, NodeDeltas first, NodeDeltas second);
    }

    /** Runs {@code perNode} over the nodes in parallel chunks and sums the amounts per topology pair. */
    private TopologyCounts sumOverNodes(List<NodeInfo> nodes, PerNode perNode) {
        return sumOverNodes2(nodes, (node, d, unused) -> perNode.accept(node, d))[0];
    }

    private TopologyCounts[] sumOverNodes2(List<NodeInfo> nodes, PerNode2 perNode) {
        TopologyCounts first = new TopologyCounts();
        TopologyCounts second = new TopologyCounts();
        if (nodes.isEmpty()) {
            return new TopologyCounts[] {first, second};
        }
        int chunk = parallelizer.chunkSize(nodes.size());
        int chunks = (nodes.size() + chunk - 1) / chunk;
        NodeDeltas[][] logs = new NodeDeltas[chunks][];
        parallelizer.runChunks(chunks, c -> {
            NodeDeltas d1 = new NodeDeltas();
            NodeDeltas d2 = new NodeDeltas();
            int end = Math.min(nodes.size(), (c + 1) * chunk);
            for (int i = c * chunk; i < end; i++) {
                NodeInfo node = nodes.get(i);
                if (node.podCount() == 0) {
                    continue;
                }
                perNode.accept(node, d1, d2);
                d1.endNode(i);
                d2.endNode(i);
            }
            logs[c] = new NodeDeltas[] {d1, d2};
        }, () -> false);
        for (NodeDeltas[] log : logs) {
            log[0].addTo(first, nodes);
            log[1].addTo(second, nodes);
        }
        return new TopologyCounts[] {first, second};
    }

    private List<AffinityTerm> merged(List<AffinityTerm> terms) {
        if (terms.isEmpty()) {
            return terms;
        }
        List<AffinityTerm> out = new ArrayList<>(terms.size());
        for (AffinityTerm t : terms) {
            out.add(t.withNamespacesMerged(namespaces));
        }
        return out;
    }

    private List<WeightedAffinityTerm> mergedWeighted(List<WeightedAffinityTerm> terms) {
        if (terms.isEmpty()) {
            return terms;
        }
        List<WeightedAffinityTerm> out = new ArrayList<>(terms.size());
        for (WeightedAffinityTerm t : terms) {
            out.add(t.withNamespacesMerged(namespaces));
        }
        return out;
    }

    /** Whether the pod matches every term (false for no terms); the terms' namespace selectors are merged. */
    static boolean matchesAll(List<AffinityTerm> terms, PodInfo pod) {
        if (terms.isEmpty()) {
            return false;
        }
        for (int i = 0; i < terms.size(); i++) {
            if (!terms.get(i).matches(pod, null)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The smallest of the snapshot's lists of nodes with pods carrying a label one of the terms requires
     * ({@code key=value}), or {@code all} when no term requires one.
     */
    private static List<NodeInfo> candidateNodes(Snapshot snapshot, AffinityTerm[] terms, List<NodeInfo> all) {
        List<NodeInfo> best = all;
        for (AffinityTerm t : terms) {
            Selector selector = t.selector();
            for (int i = 0, n = selector.singleValueCount(); i < n; i++) {
                List<NodeInfo> nodes = snapshot.havePodsWithLabel(selector.singleValueKey(i), selector.singleValue(i));
                if (nodes.size() < best.size()) {
                    best = nodes;
                }
            }
        }
        return best;
    }

    /** {@link #matchesAll(List, PodInfo)} over an array (the per-pod loop of PreFilter). */
    private static boolean matchesAll(AffinityTerm[] terms, PodInfo pod) {
        if (terms.length == 0) {
            return false;
        }
        for (AffinityTerm t : terms) {
            if (!t.matches(pod, null)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(
                ClusterEventWithHint.of(ClusterEvent.Kind.POD,
                        ActionType.ADD | ActionType.UPDATE_POD_LABEL | ActionType.DELETE, InterPodAffinity::afterPodChange),
                ClusterEventWithHint.of(ClusterEvent.Kind.NODE, ActionType.ADD | ActionType.UPDATE_NODE_LABEL,
                        InterPodAffinity::afterNodeChange));
    }

    /**
     * Queue when an assigned pod was added that matches all the pod's affinity terms, updated to start matching them
     * or to stop matching all its anti-affinity terms, or deleted while matching all its anti-affinity terms.
     * (1.32 does not look at the deleted pod's own anti-affinity; such pods wait for the periodic flush.)
     */
    static QueueingHint afterPodChange(Pod pod, Object oldObj, Object newObj) {
        Pod original = oldObj instanceof Pod p ? p : null;
        Pod modified = newObj instanceof Pod p ? p : null;
        if (modified != null && unassigned(modified) || original != null && unassigned(original)) {
            return QueueingHint.SKIP;
        }
        PodInfo target = PodInfo.of(pod);
        List<AffinityTerm> terms = target.requiredAffinityTerms();
        List<AffinityTerm> antiTerms = target.requiredAntiAffinityTerms();
        if (modified != null && original != null) {
            PodInfo before = PodInfo.of(original);
            PodInfo after = PodInfo.of(modified);
            if (!matchesAll(terms, before) && matchesAll(terms, after)) {
                return QueueingHint.QUEUE;
            }
            if (matchesAll(antiTerms, before) && !matchesAll(antiTerms, after)) {
                return QueueingHint.QUEUE;
            }
            return QueueingHint.SKIP;
        }
        if (modified != null) {
            return matchesAll(terms, PodInfo.of(modified)) ? QueueingHint.QUEUE : QueueingHint.SKIP;
        }
        if (original == null) {
            return QueueingHint.QUEUE;
        }
        return matchesAll(antiTerms, PodInfo.of(original)) ? QueueingHint.QUEUE : QueueingHint.SKIP;
    }

    /** Queue when the added or updated node carries a topology key of one of the pod's required terms. */
    static QueueingHint afterNodeChange(Pod pod, Object oldObj, Object newObj) {
        if (!(newObj instanceof Node node)) {
            return QueueingHint.QUEUE;
        }
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of()
                : node.getMetadata().getLabels();
        PodInfo target = PodInfo.of(pod);
        for (List<AffinityTerm> terms : List.of(target.requiredAffinityTerms(), target.requiredAntiAffinityTerms())) {
            for (AffinityTerm t : terms) {
                if (labels.containsKey(t.topologyKey())) {
                    return QueueingHint.QUEUE;
                }
            }
        }
        return QueueingHint.SKIP;
    }

    private static boolean unassigned(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty();
    }
}
