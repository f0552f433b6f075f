package io.kubesim.scheduler.plugins.defaultpreemption;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

import io.fabric8.kubernetes.api.model.PodCondition;
import io.kubesim.scheduler.framework.CycleState;
import io.kubesim.scheduler.framework.Diagnosis;
import io.kubesim.scheduler.framework.FitError;
import io.kubesim.scheduler.framework.FrameworkHandle;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.NodeToStatus;
import io.kubesim.scheduler.framework.Nomination;
import io.kubesim.scheduler.framework.PluginNames;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.PodRef;
import io.kubesim.scheduler.framework.PostFilterPlugin;
import io.kubesim.scheduler.framework.PostFilterResult;
import io.kubesim.scheduler.framework.Snapshot;
import io.kubesim.scheduler.framework.Status;

/**
 * Preemption: when no node fits, finds nodes where deleting lower-priority pods ({@code spec.priority}) would make
 * the pod fit, keeps the fewest victims per node (reprieving the most important pods first), picks one node by
 * upstream's candidate order, and nominates it. Follows
 * pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go and
 * pkg/scheduler/framework/preemption/preemption.go (Kubernetes 1.32). PodDisruptionBudgets are not consulted (no
 * victim is ever counted as violating one).
 */
public final class DefaultPreemption implements PostFilterPlugin {

    public static final String NAME = PluginNames.DEFAULT_PREEMPTION;
    /** Absent-node reason when preemption cannot help anywhere. */
    public static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    /** Node reason when no pod on it has a lower priority. */
    public static final String NO_VICTIMS = "No preemption victims found for incoming pod";
    public static final String NOT_ELIGIBLE_NEVER = "not eligible due to preemptionPolicy=Never.";
    public static final String NOT_ELIGIBLE_TERMINATING = "not eligible due to a terminating pod on the nominated node.";
    /** Prefix of every message preemption adds to the FailedScheduling message. */
    public static final String MESSAGE_PREFIX = "preemption: ";

    private final int minCandidateNodesPercentage;
    private final int minCandidateNodesAbsolute;

    /** The outcome of evaluating one node. */
    sealed interface NodeResult permits Candidate, Rejected {
    }

    /** A node where preemption works and the pods it would delete, the most important first. */
    record Candidate(String nodeName, List<PodInfo> victims) implements NodeResult {
    }

    /** A node where preemption does not help, and why. */
    record Rejected(Status status) implements NodeResult {
    }

    public DefaultPreemption(int minCandidateNodesPercentage, int minCandidateNodesAbsolute) {
        this.minCandidateNodesPercentage = minCandidateNodesPercentage;
        this.minCandidateNodesAbsolute = minCandidateNodesAbsolute;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PostFilterResult postFilter(CycleState state, PodInfo pod, Snapshot snapshot, NodeToStatus filteredNodes,
                                       FrameworkHandle handle) {
        PostFilterResult r = preempt(state, pod, snapshot, filteredNodes, handle);
        String msg = r.status().message();
        if (msg.isEmpty()) {
            return r;
        }
        Status prefixed = new Status(r.status().code(), List.of(MESSAGE_PREFIX + msg), r.status().plugin());
        return new PostFilterResult(prefixed, r.nomination(), r.victims(), r.nominationsToClear());
    }

    private PostFilterResult preempt(CycleState state, PodInfo pod, Snapshot snapshot, NodeToStatus filteredNodes,
                                     FrameworkHandle handle) {
        String notEligible = notEligibleReason(pod, snapshot, filteredNodes);
        if (notEligible != null) {
            return PostFilterResult.of(Status.unschedulable(notEligible), Nomination.KEEP);
        }
        List<NodeInfo> potential = filteredNodes.nodesWithCode(snapshot, Status.Code.UNSCHEDULABLE);
        NodeToStatus statuses = new NodeToStatus();
        List<Candidate> candidates = potential.isEmpty() ? List.of()
                : dryRun(state, pod, potential, statuses, handle);
        if (candidates.isEmpty()) {
            statuses.setAbsentNodesStatus(Status.unresolvable(NOT_HELPFUL));
            Diagnosis d = new Diagnosis();
            statuses.forEachExplicit(d.nodeToStatus()::set);
            d.nodeToStatus().setAbsentNodesStatus(statuses.absentNodesStatus());
            String msg = new FitError(snapshot.numNodes(), d).message();
            return PostFilterResult.of(Status.unschedulable(msg), Nomination.CLEAR);
        }
        Candidate best = selectCandidate(candidates, handle.now());
        List<PodRef> toClear = new ArrayList<>();
        for (PodInfo p : handle.nominatedPodsForNode(best.nodeName())) {
            if (p.priority() < pod.priority()) {
                toClear.add(PodRef.of(p));
            }
        }
        return new PostFilterResult(Status.SUCCESS, Nomination.of(best.nodeName()),
                best.victims().stream().map(PodRef::of).toList(), toClear);
    }

    /** Upstream {@code PodEligibleToPreemptOthers}: the reason the pod may not preempt, or {@code null}. */
    static String notEligibleReason(PodInfo pod, Snapshot snapshot, NodeToStatus filteredNodes) {
        if ("Never".equals(pod.pod().getSpec().getPreemptionPolicy())) {
            return NOT_ELIGIBLE_NEVER;
        }
        String nominated = pod.nominatedNodeName();
        if (nominated.isEmpty()) {
            return null;
        }
        if (filteredNodes.get(nominated).code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
            return null;
        }
        NodeInfo node = snapshot.get(nominated);
        if (node != null) {
            for (PodInfo p : node.pods()) {
                if (p.priority() < pod.priority() && terminatingByPreemption(p)) {
                    return NOT_ELIGIBLE_TERMINATING;
                }
            }
        }
        return null;
    }

    private static boolean terminatingByPreemption(PodInfo p) {
        if (!p.terminating() || p.pod().getStatus() == null) {
            return false;
        }
        for (PodCondition c : p.pod().getStatus().getConditions()) {
            if ("DisruptionTarget".equals(c.getType())) {
                return "True".equals(c.getStatus()) && "PreemptionByScheduler".equals(c.getReason());
            }
        }
        return false;
    }

    /** How many candidates to look for: a share of the potential nodes, at least the absolute minimum. */
    int numCandidates(int numNodes) {
        int n = (int) ((long) numNodes * minCandidateNodesPercentage / 100);
        if (n < minCandidateNodesAbsolute) {
            n = minCandidateNodesAbsolute;
        }
        return Math.min(n, numNodes);
    }

    /**
     * Evaluates the potential nodes starting at a random offset until enough candidates are found; nodes where
     * preemption does not help get their status in {@code statuses}.
     */
    private List<Candidate> dryRun(CycleState state, PodInfo pod, List<NodeInfo> potential, NodeToStatus statuses,
                                   FrameworkHandle handle) {
        int n = potential.size();
        int offset = handle.random().nextInt(n);
        int wanted = numCandidates(n);
        NodeResult[] results = new NodeResult[n];
        AtomicInteger found = new AtomicInteger();
        int chunk = handle.parallelizer().chunkSize(n);
        int chunks = (n + chunk - 1) / chunk;
        handle.parallelizer().runChunks(chunks, c -> {
            int end = Math.min(n, (c + 1) * chunk);
            for (int i = c * chunk; i < end; i++) {
                NodeInfo node = potential.get((offset + i) % n).copy();
                NodeResult r = selectVictimsOnNode(state.copy(), pod, node, handle);
                results[i] = r;
                if (r instanceof Candidate) {
                    found.incrementAndGet();
                }
            }
        }, () -> found.get() >= wanted);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < n && results[i] != null && candidates.size() < wanted; i++) {
            switch (results[i]) {
                case Candidate cand -> candidates.add(cand);
                case Rejected rejected -> statuses.set(potential.get((offset + i) % n).name(), rejected.status());
            }
        }
        return candidates;
    }

    /**
     * Removes every lower-priority pod, checks the pod then fits, and adds the victims back one by one, most
     * important first, keeping those without which the pod still fits.
     */
    static NodeResult selectVictimsOnNode(CycleState state, PodInfo pod, NodeInfo node, FrameworkHandle handle) {
        List<PodInfo> potentialVictims = new ArrayList<>();
        for (PodInfo p : new ArrayList<>(node.pods())) {
            if (p.priority() < pod.priority()) {
                potentialVictims.add(p);
                node.removePod(p.uid());
                Status s = handle.runPreFilterExtensionRemovePod(state, pod, p, node);
                if (!s.isSuccess()) {
                    return new Rejected(s);
                }
            }
        }
        if (potentialVictims.isEmpty()) {
            return new Rejected(Status.unresolvable(NO_VICTIMS));
        }
        Status fits = handle.runFilterWithNominatedPods(state, pod, node);
        if (!fits.isSuccess()) {
            return new Rejected(fits);
        }
        Instant now = handle.now();
        potentialVictims.sort(Comparator.comparingInt(PodInfo::priority).reversed()
                .thenComparing(p -> startTime(p, now)));
        List<PodInfo> victims = new ArrayList<>();
        for (PodInfo p : potentialVictims) {
            node.addPod(p);
            Status s = handle.runPreFilterExtensionAddPod(state, pod, p, node);
            if (!s.isSuccess()) {
                return new Rejected(s);
            }
            if (!handle.runFilterWithNominatedPods(state, pod, node).isSuccess()) {
                node.removePod(p.uid());
                Status r = handle.runPreFilterExtensionRemovePod(state, pod, p, node);
                if (!r.isSuccess()) {
                    return new Rejected(r);
                }
                victims.add(p);
            }
        }
        return new Candidate(node.name(), List.copyOf(victims));
    }

    /**
     * Upstream {@code pickOneNodeForPreemption}: fewest PDB violations, lowest highest victim priority, lowest sum of
     * priorities, fewest victims, latest start of the highest-priority victims, then the first candidate.
     */
    static Candidate selectCandidate(List<Candidate> candidates, Instant now) {
        if (candidates.size() == 1) {
            return candidates.getFirst();
        }
        List<ToLongFunction<Candidate>> scores = List.of(
                c -> -(long) c.victims().getFirst().priority(),
                c -> -c.victims().stream().mapToLong(p -> (long) p.priority() + Integer.MAX_VALUE + 1L).sum(),
                c -> -(long) c.victims().size(),
                c -> earliestStartOfHighestPriority(c, now));
        List<Candidate> remaining = candidates;
        for (ToLongFunction<Candidate> f : scores) {
            long max = Long.MIN_VALUE;
            List<Candidate> best = new ArrayList<>();
            for (Candidate c : remaining) {
                long s = f.applyAsLong(c);
                if (s > max) {
                    max = s;
                    best.clear();
                }
                if (s == max) {
                    best.add(c);
                }
            }
            if (best.size() == 1) {
                return best.getFirst();
            }
            remaining = best;
        }
        return remaining.getFirst();
    }

    private static long earliestStartOfHighestPriority(Candidate c, Instant now) {
        List<PodInfo> victims = c.victims();
        Instant earliest = startTime(victims.getFirst(), now);
        int maxPriority = victims.getFirst().priority();
        for (PodInfo p : victims) {
            if (p.priority() == maxPriority) {
                Instant t = startTime(p, now);
                if (t.isBefore(earliest)) {
                    earliest = t;
                }
            } else if (p.priority() > maxPriority) {
                maxPriority = p.priority();
                earliest = startTime(p, now);
            }
        }
        return earliest.getEpochSecond() * 1_000_000_000L + earliest.getNano();
    }

    /** {@code status.startTime}, or now for a pod that has not started (upstream {@code GetPodStartTime}). */
    private static Instant startTime(PodInfo p, Instant now) {
        return p.startTime() == null ? now : p.startTime();
    }
}
