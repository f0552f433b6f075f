package io.kubesim.scheduler.framework;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.model.clock.KubeTime;

/**
 * One scheduling attempt for one pod against one snapshot (pkg/scheduler/schedule_one.go {@code schedulePod},
 * {@code findNodesThatFitPod}, {@code findNodesThatPassFilters}, {@code prioritizeNodes}, {@code selectHost},
 * Kubernetes 1.32): PreFilter, Filter over the nodes starting where the previous attempt stopped until enough
 * feasible nodes are found, PostFilter (preemption) when none is, PreScore/Score/NormalizeScore, then a uniformly
 * random pick among the best totals. Not thread-safe: one scheduling loop drives it.
 *
 * <p>Deterministic: the nodes are filtered in parallel chunks, but the feasible nodes kept are the first ones in
 * examination order, exactly as a sequential scan would keep them, and all randomness comes from the seeded
 * generator. The same seed and the same inputs give the same placements.
 */
public final class SchedulingAlgorithm {

    /** Upstream {@code minFeasibleNodesToFind}. */
    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    /** Upstream {@code minFeasibleNodesPercentageToFind}. */
    static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

    private final Profiles profiles;
    private final Nominator nominator;
    private final Parallelizer parallelizer;
    private final Clock clock;
    private final RandomGenerator random;
    private final int topNodesToRecord;
    private final Supplier<String> decisionIds;
    private int nextStartNodeIndex;

    /** Decision records get random UUIDs as ids. */
    public SchedulingAlgorithm(Profiles profiles, Nominator nominator, Parallelizer parallelizer, Clock clock,
                               RandomGenerator random, int topNodesToRecord) {
        this(profiles, nominator, parallelizer, clock, random, topNodesToRecord, () -> UUID.randomUUID().toString());
    }

    /**
     * @param decisionIds the ids of the decision records; they must be unique across the cluster's schedulers and
     *                    their restarts, so they do not come from the seeded generator
     */
    public SchedulingAlgorithm(Profiles profiles, Nominator nominator, Parallelizer parallelizer, Clock clock,
                               RandomGenerator random, int topNodesToRecord, Supplier<String> decisionIds) {
        this.decisionIds = decisionIds;
        this.profiles = profiles;
        this.nominator = nominator;
        this.parallelizer = parallelizer;
        this.clock = clock;
        this.random = random;
        this.topNodesToRecord = topNodesToRecord;
    }

    public Profiles profiles() {
        return profiles;
    }

    /** Schedules a pod as a first attempt that has not waited in a queue. */
    public SchedulingResult scheduleOne(Pod pod, Snapshot snapshot) {
        QueuedPodInfo queued = new QueuedPodInfo(PodInfo.of(pod), clock.instant());
        queued.incrementAttempts();
        return scheduleOne(queued, snapshot);
    }

    /**
     * Schedules a pod popped from the queue. A plugin that throws ends the attempt in an error, which has its decision
     * record like every other attempt (the caller retries the pod after its backoff).
     */
    public SchedulingResult scheduleOne(QueuedPodInfo queued, Snapshot snapshot) {
        Attempt a = new Attempt(queued, snapshot);
        try {
            return a.run();
        } catch (RuntimeException e) {
            return a.failed(e.toString());
        }
    }

    /**
     * How many feasible nodes to look for (upstream {@code numFeasibleNodesToFind}): all below 100 nodes, otherwise
     * the configured percentage or the adaptive {@code 50 - nodes/125} (at least 5%), but at least 100.
     */
    static int numFeasibleNodesToFind(int percentageOfNodesToScore, int numAllNodes) {
        if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) {
            return numAllNodes;
        }
        int percentage = percentageOfNodesToScore;
        if (percentage == 0) {
            percentage = 50 - numAllNodes / 125;
            if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) {
                percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
            }
        }
        int numNodes = (int) ((long) numAllNodes * percentage / 100);
        return Math.max(numNodes, MIN_FEASIBLE_NODES_TO_FIND);
    }

    /** Index of the winner: uniformly random among the highest totals (reservoir sampling, upstream selectHost). */
    static int selectHost(long[] totals, RandomGenerator random) {
        int selected = 0;
        int ties = 1;
        for (int i = 1; i < totals.length; i++) {
            if (totals[i] > totals[selected]) {
                selected = i;
                ties = 1;
            } else if (totals[i] == totals[selected]) {
                ties++;
                if (random.nextInt(ties) == 0) {
                    selected = i;
                }
            }
        }
        return selected;
    }

    /** The state of one attempt. */
    private final class Attempt implements FrameworkHandle {

        private final QueuedPodInfo queued;
        private final PodInfo pod;
        private final Snapshot snapshot;
        private final long startNanos = System.nanoTime();
        private final Instant started = clock.instant();
        private final long queueWaitMillis;
        private final CycleState state = new CycleState();
        private final Diagnosis diagnosis = new Diagnosis();
        private Framework framework;
        private int evaluatedNodes;
        private int feasibleCount;
        private List<DecisionRecord.NodeScores> topNodes = List.of();

        Attempt(QueuedPodInfo queued, Snapshot snapshot) {
            this.queued = queued;
            this.pod = queued.podInfo();
            this.snapshot = snapshot;
            this.queueWaitMillis = Math.max(0, Duration.between(queued.timestamp(), started).toMillis());
        }

        SchedulingResult run() {
            framework = profiles.forPod(pod.pod()).orElse(null);
            if (framework == null) {
                String error = "profile not found for scheduler name \"" + Profiles.schedulerName(pod.pod()) + "\"";
                return new SchedulingResult.Failed(error, record(DecisionRecord.ERROR, null, Nomination.KEEP,
                        List.of(), error));
            }
            if (snapshot.numNodes() == 0) {
                String msg = SchedulingMessages.NO_NODES_AVAILABLE;
                return new SchedulingResult.Unschedulable(msg, Nomination.CLEAR, List.of(), List.of(), List.of(),
                        record(DecisionRecord.UNSCHEDULABLE, null, Nomination.CLEAR, List.of(), msg));
            }
            List<NodeInfo> feasible;
            try {
                feasible = findNodesThatFitPod();
            } catch (AttemptError e) {
                return failed(e.getMessage());
            }
            if (feasible.isEmpty()) {
                return unschedulable();
            }
            String host;
            if (feasible.size() == 1) {
                host = feasible.getFirst().name();
            } else {
                try {
                    host = prioritize(feasible);
                } catch (AttemptError e) {
                    return failed(e.getMessage());
                }
            }
            Status reserved = framework.runReserve(state, pod, host);
            if (!reserved.isSuccess()) {
                if (!reserved.isRejected()) {
                    return failed(reserved.message());
                }
                Diagnosis d = new Diagnosis();
                d.nodeToStatus().set(host, reserved);
                d.addPluginStatus(reserved);
                String msg = new FitError(1, d).message();
                return new SchedulingResult.Unschedulable(msg, Nomination.CLEAR, List.of(), List.of(),
                        List.copyOf(d.unschedulablePlugins()),
                        record(DecisionRecord.UNSCHEDULABLE, null, Nomination.CLEAR, List.of(), msg));
            }
            return new SchedulingResult.Scheduled(host,
                    record(DecisionRecord.SCHEDULED, host, Nomination.KEEP, List.of(), null));
        }

        private SchedulingResult failed(String error) {
            return new SchedulingResult.Failed(error,
                    record(DecisionRecord.ERROR, null, Nomination.CLEAR, List.of(), error));
        }

        private SchedulingResult unschedulable() {
            Nomination nomination = Nomination.CLEAR;
            List<PodRef> victims = List.of();
            List<PodRef> toClear = List.of();
            if (framework.hasPostFilterPlugins()) {
                PostFilterResult r = framework.runPostFilter(state, pod, snapshot, diagnosis.nodeToStatus(), this);
                diagnosis.setPostFilterMessage(r.status().message());
                nomination = r.nomination();
                if (r.status().isSuccess()) {
                    victims = r.victims();
                    toClear = r.nominationsToClear();
                }
            }
            String msg = new FitError(snapshot.numNodes(), diagnosis).message();
            return new SchedulingResult.Unschedulable(msg, nomination, victims, toClear,
                    List.copyOf(diagnosis.unschedulablePlugins()),
                    record(DecisionRecord.UNSCHEDULABLE, null, nomination, victims, msg));
        }

        private List<NodeInfo> findNodesThatFitPod() {
            List<NodeInfo> allNodes = snapshot.nodes();
            Framework.PreFilterOutcome pre = framework.runPreFilter(state, pod, snapshot);
            diagnosis.unschedulablePlugins().addAll(pre.pluginsWithNodes());
            Status s = pre.status();
            if (!s.isSuccess()) {
                if (!s.isRejected()) {
                    throw new AttemptError(s.message());
                }
                diagnosis.nodeToStatus().setAbsentNodesStatus(s);
                diagnosis.setPreFilterMessage(s.message());
                diagnosis.addPluginStatus(s);
                return List.of();
            }
            String nominated = pod.nominatedNodeName();
            if (!nominated.isEmpty()) {
                NodeInfo node = snapshot.get(nominated);
                if (node != null) {
                    List<NodeInfo> fits = findNodesThatPassFilters(List.of(node), false);
                    if (!fits.isEmpty()) {
                        return fits;
                    }
                }
            }
            List<NodeInfo> nodes = allNodes;
            if (pre.nodeNames() != null) {
                nodes = new ArrayList<>(pre.nodeNames().size());
                for (String name : pre.nodeNames()) {
                    NodeInfo node = snapshot.get(name);
                    if (node != null) {
                        nodes.add(node);
                    }
                }
                diagnosis.nodeToStatus().setAbsentNodesStatus(Status.unresolvable("node(s) didn't satisfy plugin(s) "
                        + Framework.goList(new TreeSet<>(diagnosis.unschedulablePlugins()))));
            }
            List<NodeInfo> feasible = findNodesThatPassFilters(nodes, true);
            int processed = feasible.size() + diagnosis.nodeToStatus().size();
            nextStartNodeIndex = (nextStartNodeIndex + processed) % allNodes.size();
            return feasible;
        }

        private List<NodeInfo> findNodesThatPassFilters(List<NodeInfo> nodes, boolean rotate) {
            int numAll = nodes.size();
            if (numAll == 0) {
                return List.of();
            }
            int numToFind = numFeasibleNodesToFind(framework.config().percentageOfNodesToScore(), numAll);
            if (!framework.hasScorePlugins()) {
                numToFind = 1;
            }
            int start = rotate ? nextStartNodeIndex % numAll : 0;
            if (!framework.hasFilterPlugins()) {
                List<NodeInfo> out = new ArrayList<>(Math.min(numToFind, numAll));
                for (int i = 0; i < numToFind && i < numAll; i++) {
                    out.add(nodes.get((start + i) % numAll));
                }
                evaluatedNodes += out.size();
                feasibleCount = out.size();
                return out;
            }
            Status[] statuses = new Status[numAll];
            AtomicInteger found = new AtomicInteger();
            AtomicReference<Status> error = new AtomicReference<>();
            int chunk = parallelizer.chunkSize(numAll);
            int chunks = (numAll + chunk - 1) / chunk;
            final int target = numToFind;
            parallelizer.runChunks(chunks, c -> {
                int end = Math.min(numAll, (c + 1) * chunk);
                for (int i = c * chunk; i < end; i++) {
                    Status st = framework.runFilterWithNominatedPods(state, pod, nodes.get((start + i) % numAll),
                            nominator);
                    if (st.code() == Status.Code.ERROR) {
                        error.compareAndSet(null, st);
                        return;
                    }
                    statuses[i] = st;
                    if (st.isSuccess()) {
                        found.incrementAndGet();
                    }
                }
            }, () -> found.get() >= target || error.get() != null);
            if (error.get() != null) {
                throw new AttemptError(error.get().message());
            }
            List<NodeInfo> feasible = new ArrayList<>(Math.min(numToFind, numAll));
            for (int i = 0; i < numAll && statuses[i] != null && feasible.size() < numToFind; i++) {
                NodeInfo node = nodes.get((start + i) % numAll);
                evaluatedNodes++;
                if (statuses[i].isSuccess()) {
                    feasible.add(node);
                } else {
                    diagnosis.nodeToStatus().set(node.name(), statuses[i]);
                    diagnosis.addPluginStatus(statuses[i]);
                }
            }
            feasibleCount = feasible.size();
            return feasible;
        }

        private String prioritize(List<NodeInfo> feasible) {
            Status pre = framework.runPreScore(state, pod, feasible, snapshot);
            if (!pre.isSuccess()) {
                throw new AttemptError(pre.message());
            }
            List<Framework.WeightedScorePlugin> active = new ArrayList<>();
            for (Framework.WeightedScorePlugin p : framework.scorePlugins()) {
                if (!state.scoreSkipped(p.plugin().name())) {
                    active.add(p);
                }
            }
            int n = feasible.size();
            long[][] scores = new long[active.size()][n];
            parallelizer.until(n, i -> {
                NodeInfo node = feasible.get(i);
                for (int p = 0; p < active.size(); p++) {
                    scores[p][i] = active.get(p).plugin().score(state, pod, node);
                }
            });
            long[] totals = new long[n];
            for (int p = 0; p < active.size(); p++) {
                ScorePlugin plugin = active.get(p).plugin();
                Status ns = plugin.normalizeScore(state, pod, feasible, scores[p]);
                if (!ns.isSuccess()) {
                    throw new AttemptError("running Normalize on Score plugins: plugin \"" + plugin.name()
                            + "\" failed with: " + ns.message());
                }
                int weight = active.get(p).weight();
                for (int i = 0; i < n; i++) {
                    long score = scores[p][i];
                    if (score > ScorePlugin.MAX_NODE_SCORE || score < 0) {
                        throw new AttemptError("applying score defaultWeights on Score plugins: plugin \""
                                + plugin.name() + "\" returns an invalid score " + score
                                + ", it should in the range of [0, 100] after normalizing");
                    }
                    scores[p][i] = score * weight;
                    totals[i] += scores[p][i];
                }
            }
            int winner = selectHost(totals, random);
            topNodes = topNodes(feasible, active, scores, totals, winner);
            return feasible.get(winner).name();
        }

        private List<DecisionRecord.NodeScores> topNodes(List<NodeInfo> feasible,
                                                         List<Framework.WeightedScorePlugin> active,
                                                         long[][] scores, long[] totals, int winner) {
            if (topNodesToRecord == 0) {
                return List.of();
            }
            int count = Math.min(topNodesToRecord, totals.length);
            int[] order = new int[count];
            order[0] = winner;
            for (int k = 1; k < count; k++) {
                int best = -1;
                for (int i = 0; i < totals.length; i++) {
                    if (contains(order, k, i)) {
                        continue;
                    }
                    if (best < 0 || totals[i] > totals[best] || totals[i] == totals[best]
                            && feasible.get(i).name().compareTo(feasible.get(best).name()) < 0) {
                        best = i;
                    }
                }
                order[k] = best;
            }
            List<DecisionRecord.NodeScores> out = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                int i = order[k];
                Map<String, Long> perPlugin = new LinkedHashMap<>();
                for (int p = 0; p < active.size(); p++) {
                    perPlugin.put(active.get(p).plugin().name(), scores[p][i]);
                }
                out.add(new DecisionRecord.NodeScores(feasible.get(i).name(), totals[i], perPlugin));
            }
            return List.copyOf(out);
        }

        private static boolean contains(int[] values, int length, int value) {
            for (int i = 0; i < length; i++) {
                if (values[i] == value) {
                    return true;
                }
            }
            return false;
        }

        private DecisionRecord record(String outcome, String chosen, Nomination nomination, List<PodRef> victims,
                                      String message) {
            String nominatedNode = nomination.mode() == Nomination.Mode.SET && !nomination.nodeName().isEmpty()
                    ? nomination.nodeName() : null;
            return new DecisionRecord(decisionIds.get(), KubeTime.microTime(started), pod.namespace(), pod.name(),
                    pod.uid(), queued.attempts(), Profiles.schedulerName(pod.pod()), outcome, snapshot.numNodes(), evaluatedNodes, feasibleCount,
                    diagnosis.preFilterMessage(), failures(), DecisionRecord.SCHEDULED.equals(outcome) ? List.of()
                            : List.copyOf(diagnosis.unschedulablePlugins()),
                    topNodes, chosen, nominatedNode, List.copyOf(victims), message,
                    queueWaitMillis, (System.nanoTime() - startNanos) / 1000);
        }

        private List<DecisionRecord.PluginFailures> failures() {
            Map<String, Map<String, List<String>>> byPlugin = new TreeMap<>();
            Map<String, Map<String, Integer>> counts = new TreeMap<>();
            NodeToStatus statuses = diagnosis.nodeToStatus();
            statuses.forEachExplicit((node, status) -> {
                String plugin = status.plugin() == null ? "" : status.plugin();
                for (String reason : status.reasons()) {
                    byPlugin.computeIfAbsent(plugin, k -> new TreeMap<>())
                            .computeIfAbsent(reason, k -> new ArrayList<>()).add(node);
                    counts.computeIfAbsent(plugin, k -> new TreeMap<>()).merge(reason, 1, Integer::sum);
                }
            });
            int absent = snapshot.numNodes() - statuses.size() - feasibleCount;
            Status absentStatus = statuses.absentNodesStatus();
            if (absent > 0 && feasibleCount == 0) {
                String plugin = absentStatus.plugin() == null ? "PreFilter" : absentStatus.plugin();
                for (String reason : absentStatus.reasons()) {
                    byPlugin.computeIfAbsent(plugin, k -> new TreeMap<>())
                            .computeIfAbsent(reason, k -> new ArrayList<>());
                    counts.computeIfAbsent(plugin, k -> new TreeMap<>()).merge(reason, absent, Integer::sum);
                }
            }
            List<DecisionRecord.PluginFailures> out = new ArrayList<>();
            byPlugin.forEach((plugin, reasons) -> {
                List<DecisionRecord.ReasonNodes> list = new ArrayList<>();
                reasons.forEach((reason, nodes) -> list.add(new DecisionRecord.ReasonNodes(reason,
                        counts.get(plugin).get(reason), List.copyOf(nodes))));
                out.add(new DecisionRecord.PluginFailures(plugin, List.copyOf(list)));
            });
            return List.copyOf(out);
        }

        @Override
        public Status runFilterWithNominatedPods(CycleState s, PodInfo p, NodeInfo nodeInfo) {
            return framework.runFilterWithNominatedPods(s, p, nodeInfo, nominator);
        }

        @Override
        public Status runPreFilterExtensionAddPod(CycleState s, PodInfo podToSchedule, PodInfo podToAdd,
                                                  NodeInfo nodeInfo) {
            return framework.runPreFilterExtensionAddPod(s, podToSchedule, podToAdd, nodeInfo);
        }

        @Override
        public Status runPreFilterExtensionRemovePod(CycleState s, PodInfo podToSchedule, PodInfo podToRemove,
                                                     NodeInfo nodeInfo) {
            return framework.runPreFilterExtensionRemovePod(s, podToSchedule, podToRemove, nodeInfo);
        }

        @Override
        public List<PodInfo> nominatedPodsForNode(String nodeName) {
            return nominator.nominatedPodsForNode(nodeName);
        }

        @Override
        public Parallelizer parallelizer() {
            return parallelizer;
        }

        @Override
        public RandomGenerator random() {
            return random;
        }

        @Override
        public Instant now() {
            return clock.instant();
        }
    }

    /** An internal error that ends the attempt (upstream returns an error from schedulePod). */
    private static final class AttemptError extends RuntimeException {
        AttemptError(String message) {
            super(message, null, false, false);
        }
    }
}
