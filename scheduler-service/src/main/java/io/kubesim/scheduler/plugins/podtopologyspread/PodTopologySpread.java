package io.kubesim.scheduler.plugins.podtopologyspread;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubesim.model.labels.LabelSelector;
import io.kubesim.model.labels.Requirement;
import io.kubesim.scheduler.framework.ActionType;
import io.kubesim.scheduler.framework.ClusterEvent;
import io.kubesim.scheduler.framework.ClusterEventWithHint;
import io.kubesim.scheduler.framework.CycleState;
import io.kubesim.scheduler.framework.EnqueueExtensions;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.Parallelizer;
import io.kubesim.scheduler.framework.PluginNames;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.PreFilterExtensions;
import io.kubesim.scheduler.framework.PreFilterResult;
import io.kubesim.scheduler.framework.PreScorePlugin;
import io.kubesim.scheduler.framework.QueueingHint;
import io.kubesim.scheduler.framework.RequiredNodeAffinity;
import io.kubesim.scheduler.framework.ScorePlugin;
import io.kubesim.scheduler.framework.Selector;
import io.kubesim.scheduler.framework.Snapshot;
import io.kubesim.scheduler.framework.Status;
import io.kubesim.scheduler.framework.WorkloadLister;

/**
 * {@code whenUnsatisfiable: DoNotSchedule} constraints as a filter, {@code ScheduleAnyway} constraints as a score;
 * pods without constraints get the system defaults (hostname maxSkew 3, zone maxSkew 5, both ScheduleAnyway) when a
 * Service or their ReplicaSet selects them. Follows pkg/scheduler/framework/plugins/podtopologyspread/plugin.go,
 * common.go, filtering.go and scoring.go (Kubernetes 1.32, NodeInclusionPolicy and MinDomains on).
 * ReplicationControllers and StatefulSets are not looked up for the default selector.
 */
public final class PodTopologySpread implements PreFilterExtensions, FilterPlugin, PreScorePlugin, ScorePlugin,
        EnqueueExtensions {

    public static final String NAME = PluginNames.POD_TOPOLOGY_SPREAD;
    /** Upstream {@code ErrReasonConstraintsNotMatch}. */
    public static final String ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
    /** Upstream {@code ErrReasonNodeLabelNotMatch}. */
    public static final String ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH
            + " (missing required label)";

    static final String HOSTNAME = "kubernetes.io/hostname";
    static final String ZONE = "topology.kubernetes.io/zone";
    static final String DO_NOT_SCHEDULE = "DoNotSchedule";
    static final String SCHEDULE_ANYWAY = "ScheduleAnyway";

    /** Upstream {@code systemDefaultConstraints}. */
    static final List<TopologySpreadConstraint> SYSTEM_DEFAULT_CONSTRAINTS = List.of(
            new io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder().withTopologyKey(HOSTNAME)
                    .withWhenUnsatisfiable(SCHEDULE_ANYWAY).withMaxSkew(3).build(),
            new io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder().withTopologyKey(ZONE)
                    .withWhenUnsatisfiable(SCHEDULE_ANYWAY).withMaxSkew(5).build());

    private static final Status LABEL_MISSING = Status.unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH).withPlugin(NAME);
    private static final Status SKEW_TOO_HIGH = Status.unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH).withPlugin(NAME);
    private static final CycleState.Key<PreFilterState> PRE_FILTER_KEY = new CycleState.Key<>("PreFilter" + NAME);
    private static final CycleState.Key<PreScoreState> PRE_SCORE_KEY = new CycleState.Key<>("PreScore" + NAME);

    /** The two smallest match counts of a topology key (upstream {@code criticalPaths}). */
    static final class CriticalPaths {
        String value0 = "";
        int num0 = Integer.MAX_VALUE;
        String value1 = "";
        int num1 = Integer.MAX_VALUE;

        void update(String value, int num) {
            if (value.equals(value0)) {
                num0 = num;
            } else if (value.equals(value1)) {
                num1 = num;
            } else {
                if (num < num0) {
                    value1 = value0;
                    num1 = num0;
                    value0 = value;
                    num0 = num;
                } else if (num < num1) {
                    value1 = value;
                    num1 = num;
                }
                return;
            }
            if (num0 > num1) {
                String v = value0;
                int n = num0;
                value0 = value1;
                num0 = num1;
                value1 = v;
                num1 = n;
            }
        }

        CriticalPaths copy() {
            CriticalPaths c = new CriticalPaths();
            c.value0 = value0;
            c.num0 = num0;
            c.value1 = value1;
            c.num1 = num1;
            return c;
        }
    }

    /** Match counts per topology pair and the critical paths per key, computed at PreFilter. */
    static final class PreFilterState implements CycleState.StateData {
        final List<SpreadConstraint> constraints;
        final RequiredNodeAffinity podAffinity;
        final Map<String, Map<String, Integer>> matchNum = new HashMap<>();
        final Map<String, CriticalPaths> criticalPaths = new HashMap<>();
        final Map<String, Integer> domainsNum = new HashMap<>();

        PreFilterState(List<SpreadConstraint> constraints, RequiredNodeAffinity podAffinity) {
            this.constraints = constraints;
            this.podAffinity = podAffinity;
        }

        int matchNum(String key, String value) {
            Map<String, Integer> values = matchNum.get(key);
            Integer n = values == null ? null : values.get(value);
            return n == null ? 0 : n;
        }

        @Override
        public PreFilterState copy() {
            PreFilterState c = new PreFilterState(constraints, podAffinity);
            matchNum.forEach((k, v) -> c.matchNum.put(k, new HashMap<>(v)));
            criticalPaths.forEach((k, v) -> c.criticalPaths.put(k, v.copy()));
            c.domainsNum.putAll(domainsNum);
            return c;
        }
    }

    /** Pod counts per topology pair of the feasible nodes' domains, computed at PreScore. */
    private record PreScoreState(List<SpreadConstraint> constraints, Set<String> ignoredNodes,
                                 Map<String, Map<String, long[]>> podCounts, double[] normalizingWeights)
            implements CycleState.StateData {
        @Override
        public PreScoreState copy() {
            return this;
        }
    }

    private final WorkloadLister workloads;
    private final Parallelizer parallelizer;

    public PodTopologySpread(WorkloadLister workloads, Parallelizer parallelizer) {
        this.workloads = workloads;
        this.parallelizer = parallelizer;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The pod's own constraints with this action, or the system defaults when it has none. */
    List<SpreadConstraint> constraints(Pod pod, String action) {
        List<TopologySpreadConstraint> own = pod.getSpec() == null ? null : pod.getSpec().getTopologySpreadConstraints();
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        if (own != null && !own.isEmpty()) {
            return SpreadConstraint.of(own, labels, action);
        }
        List<SpreadConstraint> defaults = SpreadConstraint.of(SYSTEM_DEFAULT_CONSTRAINTS, labels, action);
        if (defaults.isEmpty()) {
            return defaults;
        }
        Selector selector = Selector.of(defaultSelector(pod));
        if (selector.isEverything()) {
            return List.of();
        }
        List<SpreadConstraint> out = new ArrayList<>();
        for (SpreadConstraint c : defaults) {
            out.add(new SpreadConstraint(c.maxSkew(), c.topologyKey(), selector, c.minDomains(),
                    c.honorNodeAffinity(), c.honorNodeTaints()));
        }
        return List.copyOf(out);
    }

    /**
     * The selectors of the Services that select the pod, merged, plus the selector of the ReplicaSet that controls it
     * (plugins/helper/spread.go {@code DefaultSelector}).
     */
    LabelSelector defaultSelector(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> podLabels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        Map<String, String> labelSet = new HashMap<>();
        for (Service svc : workloads.services(ns)) {
            Map<String, String> sel = svc.getSpec() == null ? null : svc.getSpec().getSelector();
            if (sel == null || sel.isEmpty()) {
                continue;
            }
            if (LabelSelector.fromMap(sel).matches(podLabels)) {
                labelSet.putAll(sel);
            }
        }
        List<Requirement> reqs = new ArrayList<>(LabelSelector.fromMap(labelSet).requirements());
        for (OwnerReference owner : pod.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(owner.getController()) && "apps/v1".equals(owner.getApiVersion())
                    && "ReplicaSet".equals(owner.getKind())) {
                Optional<ReplicaSet> rs = workloads.replicaSet(ns, owner.getName());
                if (rs.isPresent() && rs.get().getSpec() != null) {
                    LabelSelector rsSelector = LabelSelector.from(rs.get().getSpec().getSelector());
                    if (!rsSelector.isNothing()) {
                        reqs.addAll(rsSelector.requirements());
                    }
                }
                break;
            }
        }
        return LabelSelector.of(reqs);
    }

    @Override
    public PreFilterResult preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<SpreadConstraint> constraints = constraints(pod.pod(), DO_NOT_SCHEDULE);
        if (constraints.isEmpty()) {
            return PreFilterResult.SKIP;
        }
        PreFilterState s = new PreFilterState(constraints, RequiredNodeAffinity.of(pod.pod()));
        List<NodeInfo> nodes = snapshot.nodes();
        int chunk = parallelizer.chunkSize(Math.max(1, nodes.size()));
        int chunks = (nodes.size() + chunk - 1) / chunk;
        boolean[] alwaysIncluded = new boolean[constraints.size()];
        for (int k = 0; k < constraints.size(); k++) {
            SpreadConstraint sc = constraints.get(k);
            alwaysIncluded[k] = (!sc.honorNodeAffinity() || s.podAffinity.isEmpty()) && !sc.honorNodeTaints();
        }
        DomainCounts[] partial = new DomainCounts[chunks];
        parallelizer.runChunks(chunks, c -> {
            DomainCounts local = new DomainCounts(constraints.size());
            int[] counts = new int[constraints.size()];
            boolean[] included = new boolean[constraints.size()];
            int end = Math.min(nodes.size(), (c + 1) * chunk);
            for (int i = c * chunk; i < end; i++) {
                NodeInfo node = nodes.get(i);
                if (!SpreadConstraint.nodeHasAllKeys(node.labels(), constraints)) {
                    continue;
                }
                for (int k = 0; k < constraints.size(); k++) {
                    SpreadConstraint sc = constraints.get(k);
                    included[k] = alwaysIncluded[k] || sc.includes(pod, node, s.podAffinity);
                    counts[k] = included[k] ? sc.countMatching(node, pod.namespace()) : 0;
                }
                for (int k = 0; k < constraints.size(); k++) {
                    if (included[k] && !overriddenLater(constraints, included, k)) {
                        String key = constraints.get(k).topologyKey();
                        local.cell(k, key, node.labels().get(key))[0] += counts[k];
                    }
                }
            }
            partial[c] = local;
        }, () -> false);
        for (DomainCounts p : partial) {
            p.counts.forEach((key, values) -> {
                Map<String, Integer> all = s.matchNum.computeIfAbsent(key, x -> new HashMap<>());
                values.forEach((value, n) -> all.merge(value, n[0], Integer::sum));
            });
        }
        s.matchNum.forEach((key, values) -> s.domainsNum.put(key, values.size()));
        for (SpreadConstraint c : constraints) {
            s.criticalPaths.put(c.topologyKey(), new CriticalPaths());
        }
        s.matchNum.forEach((key, values) -> values.forEach((value, n) -> s.criticalPaths.get(key).update(value, n)));
        state.write(PRE_FILTER_KEY, s);
        return PreFilterResult.ALL_NODES;
    }

    /**
     * Matching pods per topology pair of one chunk of nodes, with a small per-constraint memory of the last pairs so
     * that consecutive nodes of the same domains do not look the pair up again.
     */
    private static final class DomainCounts {
        private static final int RECENT = 8;
        final Map<String, Map<String, int[]>> counts = new HashMap<>();
        private final String[][] recentValues;
        private final int[][][] recentCells;
        private final int[] next;

        DomainCounts(int constraints) {
            recentValues = new String[constraints][RECENT];
            recentCells = new int[constraints][RECENT][];
            next = new int[constraints];
        }

        int[] cell(int constraint, String key, String value) {
            String[] values = recentValues[constraint];
            for (int i = 0; i < RECENT; i++) {
                if (values[i] != null && (values[i] == value || values[i].equals(value))) {
                    return recentCells[constraint][i];
                }
            }
            int[] cell = counts.computeIfAbsent(key, x -> new HashMap<>()).computeIfAbsent(value, x -> new int[1]);
            int slot = next[constraint];
            values[slot] = value;
            recentCells[constraint][slot] = cell;
            next[constraint] = (slot + 1) % RECENT;
            return cell;
        }
    }

    /** Upstream keeps one count per topology pair and node: a later constraint with the same key overwrites it. */
    private static boolean overriddenLater(List<SpreadConstraint> constraints, boolean[] included, int k) {
        for (int j = k + 1; j < constraints.size(); j++) {
            if (included[j] && constraints.get(j).topologyKey().equals(constraints.get(k).topologyKey())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Status addPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) {
        updateWithPod(state.read(PRE_FILTER_KEY), podToAdd, podToSchedule, nodeInfo, 1);
        return Status.SUCCESS;
    }

    @Override
    public Status removePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) {
        updateWithPod(state.read(PRE_FILTER_KEY), podToRemove, podToSchedule, nodeInfo, -1);
        return Status.SUCCESS;
    }

    private static void updateWithPod(PreFilterState s, PodInfo updated, PodInfo preemptor, NodeInfo node,
                                      int delta) {
        if (!updated.namespace().equals(preemptor.namespace())
                || !SpreadConstraint.nodeHasAllKeys(node.labels(), s.constraints)) {
            return;
        }
        for (SpreadConstraint c : s.constraints) {
            if (!c.selector().matches(updated.labels()) || !c.includes(preemptor, node, s.podAffinity)) {
                continue;
            }
            String value = node.labels().get(c.topologyKey());
            int n = s.matchNum.computeIfAbsent(c.topologyKey(), x -> new HashMap<>()).merge(value, delta, Integer::sum);
            s.criticalPaths.get(c.topologyKey()).update(value, n);
        }
    }

    /** {@code matching pods in the node's domain + (1 if the pod matches itself) - global minimum <= maxSkew}. */
    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        PreFilterState s = state.read(PRE_FILTER_KEY);
        for (SpreadConstraint c : s.constraints) {
            String value = nodeInfo.labels().get(c.topologyKey());
            if (value == null) {
                return LABEL_MISSING;
            }
            Integer domains = s.domainsNum.get(c.topologyKey());
            if (domains == null) {
                // Upstream logs an internal error and ignores the constraint.
                continue;
            }
            int minMatch = domains < c.minDomains() ? 0 : s.criticalPaths.get(c.topologyKey()).num0;
            int self = c.selector().matches(pod.labels()) ? 1 : 0;
            int skew = s.matchNum(c.topologyKey(), value) + self - minMatch;
            if (skew > c.maxSkew()) {
                return SKEW_TOO_HIGH;
            }
        }
        return Status.SUCCESS;
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes, Snapshot snapshot) {
        List<NodeInfo> allNodes = snapshot.nodes();
        if (allNodes.isEmpty()) {
            return Status.SKIP;
        }
        List<TopologySpreadConstraint> own = pod.pod().getSpec().getTopologySpreadConstraints();
        boolean requireAllTopologies = own != null && !own.isEmpty();
        List<SpreadConstraint> constraints = constraints(pod.pod(), SCHEDULE_ANYWAY);
        if (constraints.isEmpty()) {
            return Status.SKIP;
        }
        Set<String> ignored = new HashSet<>();
        Map<String, Map<String, long[]>> podCounts = new HashMap<>();
        int[] topoSize = new int[constraints.size()];
        for (NodeInfo node : feasibleNodes) {
            if (requireAllTopologies && !SpreadConstraint.nodeHasAllKeys(node.labels(), constraints)) {
                ignored.add(node.name());
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                SpreadConstraint c = constraints.get(i);
                if (HOSTNAME.equals(c.topologyKey())) {
                    continue;
                }
                String value = Objects.requireNonNullElse(node.labels().get(c.topologyKey()), "");
                Map<String, long[]> values = podCounts.computeIfAbsent(c.topologyKey(), k -> new HashMap<>());
                if (!values.containsKey(value)) {
                    values.put(value, new long[1]);
                    topoSize[i]++;
                }
            }
        }
        double[] weights = new double[constraints.size()];
        for (int i = 0; i < constraints.size(); i++) {
            int size = HOSTNAME.equals(constraints.get(i).topologyKey()) ? feasibleNodes.size() - ignored.size()
                    : topoSize[i];
            weights[i] = Math.log(size + 2);
        }
        RequiredNodeAffinity podAffinity = RequiredNodeAffinity.of(pod.pod());
        for (NodeInfo node : allNodes) {
            if (requireAllTopologies && !SpreadConstraint.nodeHasAllKeys(node.labels(), constraints)) {
                continue;
            }
            for (SpreadConstraint c : constraints) {
                if (!c.includes(pod, node, podAffinity)) {
                    continue;
                }
                Map<String, long[]> values = podCounts.get(c.topologyKey());
                long[] count = values == null ? null
                        : values.get(Objects.requireNonNullElse(node.labels().get(c.topologyKey()), ""));
                if (count != null) {
                    count[0] += c.countMatching(node, pod.namespace());
                }
            }
        }
        state.write(PRE_SCORE_KEY, new PreScoreState(constraints, ignored, podCounts, weights));
        return Status.SUCCESS;
    }

    /** Sum over constraints of {@code count * log(domains + 2) + maxSkew - 1}, rounded (lower is better). */
    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        PreScoreState s = state.read(PRE_SCORE_KEY);
        if (s.ignoredNodes().contains(nodeInfo.name())) {
            return 0;
        }
        double score = 0;
        for (int i = 0; i < s.constraints().size(); i++) {
            SpreadConstraint c = s.constraints().get(i);
            String value = nodeInfo.labels().get(c.topologyKey());
            if (value == null) {
                continue;
            }
            long count = HOSTNAME.equals(c.topologyKey()) ? c.countMatching(nodeInfo, pod.namespace())
                    : s.podCounts().get(c.topologyKey()).get(value)[0];
            score += count * s.normalizingWeights()[i] + (c.maxSkew() - 1);
        }
        return Math.round(score);
    }

    /** {@code 100 * (max + min - score) / max}; ignored nodes get 0, all 100 when max is 0. */
    @Override
    public Status normalizeScore(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        PreScoreState s = state.read(PRE_SCORE_KEY);
        long min = Long.MAX_VALUE;
        long max = 0;
        boolean[] ignored = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            if (s.ignoredNodes().contains(nodes.get(i).name())) {
                ignored[i] = true;
                continue;
            }
            min = Math.min(min, scores[i]);
            max = Math.max(max, scores[i]);
        }
        for (int i = 0; i < scores.length; i++) {
            if (ignored[i]) {
                scores[i] = 0;
            } else if (max == 0) {
                scores[i] = MAX_NODE_SCORE;
            } else {
                scores[i] = MAX_NODE_SCORE * (max + min - scores[i]) / max;
            }
        }
        return Status.SUCCESS;
    }

    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(
                ClusterEventWithHint.of(ClusterEvent.Kind.POD, ActionType.ADD | ActionType.UPDATE_POD_LABEL
                        | ActionType.UPDATE_POD_TOLERATION | ActionType.DELETE, this::afterPodChange),
                ClusterEventWithHint.of(ClusterEvent.Kind.NODE, ActionType.ADD | ActionType.DELETE
                        | ActionType.UPDATE_NODE_LABEL | ActionType.UPDATE_NODE_TAINT, this::afterNodeChange));
    }

    /** Queue when a pod in the same namespace starts or stops counting for one of the pod's constraints. */
    QueueingHint afterPodChange(Pod pod, Object oldObj, Object newObj) {
        Pod original = oldObj instanceof Pod p ? p : null;
        Pod modified = newObj instanceof Pod p ? p : null;
        if (modified != null && !involved(modified, pod) || original != null && !involved(original, pod)) {
            return QueueingHint.SKIP;
        }
        List<SpreadConstraint> constraints = constraints(pod, DO_NOT_SCHEDULE);
        if (modified != null && original != null) {
            if (Objects.equals(modified.getMetadata().getUid(), pod.getMetadata().getUid())
                    && !Objects.equals(modified.getSpec().getTolerations(), original.getSpec().getTolerations())
                    && constraints.stream().anyMatch(SpreadConstraint::honorNodeTaints)) {
                return QueueingHint.QUEUE;
            }
            Map<String, String> before = labels(original);
            Map<String, String> after = labels(modified);
            if (before.equals(after)) {
                return QueueingHint.SKIP;
            }
            for (SpreadConstraint c : constraints) {
                if (c.selector().matches(before) != c.selector().matches(after)) {
                    return QueueingHint.QUEUE;
                }
            }
            return QueueingHint.SKIP;
        }
        Pod changed = modified != null ? modified : original;
        if (changed == null) {
            return QueueingHint.QUEUE;
        }
        for (SpreadConstraint c : constraints) {
            if (c.selector().matches(labels(changed))) {
                return QueueingHint.QUEUE;
            }
        }
        return QueueingHint.SKIP;
    }

    /** Queue when a node enters or leaves the constraints' domains, or changes a topology label or its taints. */
    QueueingHint afterNodeChange(Pod pod, Object oldObj, Object newObj) {
        Node original = oldObj instanceof Node n ? n : null;
        Node modified = newObj instanceof Node n ? n : null;
        List<SpreadConstraint> constraints = constraints(pod, DO_NOT_SCHEDULE);
        boolean originalMatching = original != null && SpreadConstraint.nodeHasAllKeys(labels(original), constraints);
        boolean modifiedMatching = modified != null && SpreadConstraint.nodeHasAllKeys(labels(modified), constraints);
        if (original != null && modified != null) {
            if (originalMatching != modifiedMatching) {
                return QueueingHint.QUEUE;
            }
            if (modifiedMatching && (topologyLabelsChanged(labels(original), labels(modified), constraints)
                    || !Objects.equals(taints(original), taints(modified)))) {
                return QueueingHint.QUEUE;
            }
            return QueueingHint.SKIP;
        }
        if (modified != null) {
            return modifiedMatching ? QueueingHint.QUEUE : QueueingHint.SKIP;
        }
        return originalMatching ? QueueingHint.QUEUE : QueueingHint.SKIP;
    }

    private static boolean involved(Pod other, Pod pod) {
        if (Objects.equals(other.getMetadata().getUid(), pod.getMetadata().getUid())) {
            return true;
        }
        String node = other.getSpec() == null ? null : other.getSpec().getNodeName();
        return node != null && !node.isEmpty()
                && Objects.equals(other.getMetadata().getNamespace(), pod.getMetadata().getNamespace());
    }

    private static boolean topologyLabelsChanged(Map<String, String> before, Map<String, String> after,
                                                 List<SpreadConstraint> constraints) {
        for (SpreadConstraint c : constraints) {
            if (!Objects.equals(before.get(c.topologyKey()), after.get(c.topologyKey()))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    private static Map<String, String> labels(Node node) {
        return node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    }

    private static Object taints(Node node) {
        return node.getSpec() == null ? null : node.getSpec().getTaints();
    }
}
