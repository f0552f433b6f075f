package io.kubesim.controller.framework;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Which pods a controller removes first (pkg/controller/controller_utils.go): {@code ActivePods} (the Job
 * controller) and {@code ActivePodsWithRanks} with logarithmic scale-down (the ReplicaSet controller, Kubernetes
 * 1.32 defaults). Pods that sort first are deleted first.
 */
public final class PodRanking {

    /** The pod-deletion-cost annotation (PodDeletionCost, beta and on by default). */
    public static final String DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

    private PodRanking() {
    }

    /**
     * {@code ActivePods}: unassigned before assigned; Pending before Unknown before Running; not ready before
     * ready; ready for less time before more; more restarts before fewer; newer before older.
     */
    public static Comparator<Pod> activePods() {
        return (a, b) -> {
            int c = byAssignmentPhaseReadiness(a, b);
            if (c != 0) {
                return c;
            }
            if (Pods.isReady(a) && Pods.isReady(b)) {
                Instant ra = Pods.readyTime(a);
                Instant rb = Pods.readyTime(b);
                if (!equal(ra, rb)) {
                    return afterOrZero(ra, rb) ? -1 : 1;
                }
            }
            c = byRestarts(a, b);
            if (c != 0) {
                return c;
            }
            Instant ca = Pods.creationTime(a);
            Instant cb = Pods.creationTime(b);
            if (!equal(ca, cb)) {
                return afterOrZero(ca, cb) ? -1 : 1;
            }
            return 0;
        };
    }

    /**
     * {@code ActivePodsWithRanks} as the ReplicaSet controller sorts them: like {@link #activePods()} but, after
     * readiness, lower {@code controller.kubernetes.io/pod-deletion-cost} first, then pods sharing their node with
     * more related pods first ({@code rank}: active pods of the same owner on the pod's node), and times compared in
     * logarithmic buckets relative to {@code now} with the uid as tie-breaker.
     */
    public static Comparator<Pod> withRanks(Map<String, Integer> rankByPodUid, Instant now) {
        return (a, b) -> {
            int c = byAssignmentPhaseReadiness(a, b);
            if (c != 0) {
                return c;
            }
            long costA = deletionCost(a);
            long costB = deletionCost(b);
            if (costA != costB) {
                return Long.compare(costA, costB);
            }
            int rankA = rankByPodUid.getOrDefault(a.getMetadata().getUid(), 0);
            int rankB = rankByPodUid.getOrDefault(b.getMetadata().getUid(), 0);
            if (rankA != rankB) {
                return Integer.compare(rankB, rankA);
            }
            if (Pods.isReady(a) && Pods.isReady(b)) {
                Instant ra = Pods.readyTime(a);
                Instant rb = Pods.readyTime(b);
                if (!equal(ra, rb)) {
                    return logarithmic(a, b, ra, rb, now);
                }
            }
            c = byRestarts(a, b);
            if (c != 0) {
                return c;
            }
            Instant ca = Pods.creationTime(a);
            Instant cb = Pods.creationTime(b);
            if (!equal(ca, cb)) {
                return logarithmic(a, b, ca, cb, now);
            }
            return 0;
        };
    }

    private static int byAssignmentPhaseReadiness(Pod a, Pod b) {
        String na = Pods.nodeName(a);
        String nb = Pods.nodeName(b);
        if (!na.equals(nb) && (na.isEmpty() || nb.isEmpty())) {
            return na.isEmpty() ? -1 : 1;
        }
        int pa = phaseOrdinal(Pods.phase(a));
        int pb = phaseOrdinal(Pods.phase(b));
        if (pa != pb) {
            return Integer.compare(pa, pb);
        }
        boolean ra = Pods.isReady(a);
        boolean rb = Pods.isReady(b);
        if (ra != rb) {
            return ra ? 1 : -1;
        }
        return 0;
    }

    private static int byRestarts(Pod a, Pod b) {
        int ra = Pods.maxRestarts(a);
        int rb = Pods.maxRestarts(b);
        if (ra != rb) {
            return ra > rb ? -1 : 1;
        }
        int sa = Pods.maxSidecarRestarts(a);
        int sb = Pods.maxSidecarRestarts(b);
        if (sa != sb) {
            return sa > sb ? -1 : 1;
        }
        return 0;
    }

    private static int logarithmic(Pod a, Pod b, Instant ta, Instant tb, Instant now) {
        if (now == null || ta == null || tb == null) {
            return afterOrZero(ta, tb) ? -1 : 1;
        }
        long diff = logRank(ta, now) - logRank(tb, now);
        if (diff == 0) {
            return a.getMetadata().getUid().compareTo(b.getMetadata().getUid());
        }
        return diff < 0 ? -1 : 1;
    }

    /** floor(log2(now - t in nanoseconds)), -1 for t at or after now. */
    static long logRank(Instant t, Instant now) {
        long d = Duration.between(t, now).toNanos();
        return d > 0 ? (long) Math.floor(Math.log(d) / Math.log(2)) : -1;
    }

    private static int phaseOrdinal(String phase) {
        return switch (phase) {
            case Pods.UNKNOWN -> 1;
            case Pods.RUNNING -> 2;
            default -> 0;
        };
    }

    /** t1 after t2, where an absent time counts as after any present one. */
    private static boolean afterOrZero(Instant t1, Instant t2) {
        if (t1 == null || t2 == null) {
            return t1 == null;
        }
        return t1.isAfter(t2);
    }

    private static boolean equal(Instant a, Instant b) {
        return a == null ? b == null : a.equals(b);
    }

    static long deletionCost(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String v = annotations == null ? null : annotations.get(DELETION_COST_ANNOTATION);
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
