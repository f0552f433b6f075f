package io.kubesim.controller.deployment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;

import io.kubesim.controller.framework.Json;
import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.json.KubeJson;

/**
 * The Deployment controller's pure rules (pkg/controller/deployment/util/deployment_util.go and the arithmetic of
 * rolling.go, sync.go, progress.go): fenceposts, how far a rollout may step, proportional scaling, revisions and
 * their annotations, status and conditions.
 */
final class DeploymentUtil {

    static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";
    static final String LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
    static final String DEPRECATED_ROLLBACK_TO = "deprecated.deployment.rollback.to";
    /** {@code DefaultDeploymentUniqueLabelKey}. */
    static final String POD_TEMPLATE_HASH_LABEL = "pod-template-hash";
    /** {@code maxRevHistoryLengthInChars}. */
    static final int MAX_REV_HISTORY_LENGTH = 2000;

    static final String AVAILABLE = "Available";
    static final String PROGRESSING = "Progressing";
    static final String REPLICA_FAILURE = "ReplicaFailure";

    static final String FAILED_RS_CREATE_REASON = "ReplicaSetCreateError";
    static final String NEW_REPLICA_SET_REASON = "NewReplicaSetCreated";
    static final String FOUND_NEW_RS_REASON = "FoundNewReplicaSet";
    static final String NEW_RS_AVAILABLE_REASON = "NewReplicaSetAvailable";
    static final String TIMED_OUT_REASON = "ProgressDeadlineExceeded";
    static final String PAUSED_DEPLOY_REASON = "DeploymentPaused";
    static final String RESUMED_DEPLOY_REASON = "DeploymentResumed";
    static final String MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable";
    static final String MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable";
    static final String REPLICA_SET_UPDATED_REASON = "ReplicaSetUpdated";

    static final String ROLLING_UPDATE = "RollingUpdate";
    static final String RECREATE = "Recreate";

    /** apps/v1 defaults, used when an object lacks the defaulted field. */
    static final String DEFAULT_MAX_SURGE = "25%";
    static final String DEFAULT_MAX_UNAVAILABLE = "25%";
    static final int DEFAULT_REVISION_HISTORY_LIMIT = 10;
    static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

    private DeploymentUtil() {
    }

    // ------------------------------------------------------------------------------------------ spec accessors

    static int replicas(Deployment d) {
        return Json.intOr(d.getSpec().getReplicas(), 1);
    }

    static int replicas(ReplicaSet rs) {
        return Json.intOr(rs.getSpec().getReplicas(), 1);
    }

    static int availableReplicas(ReplicaSet rs) {
        return rs.getStatus() == null ? 0 : Json.intOr(rs.getStatus().getAvailableReplicas(), 0);
    }

    static int readyReplicas(ReplicaSet rs) {
        return rs.getStatus() == null ? 0 : Json.intOr(rs.getStatus().getReadyReplicas(), 0);
    }

    static int statusReplicas(ReplicaSet rs) {
        return rs.getStatus() == null ? 0 : Json.intOr(rs.getStatus().getReplicas(), 0);
    }

    static String strategyType(Deployment d) {
        DeploymentStrategy s = d.getSpec().getStrategy();
        return s == null || s.getType() == null ? ROLLING_UPDATE : s.getType();
    }

    static boolean isRollingUpdate(Deployment d) {
        return ROLLING_UPDATE.equals(strategyType(d));
    }

    static IntOrString maxSurgeValue(Deployment d) {
        DeploymentStrategy s = d.getSpec().getStrategy();
        if (s == null || s.getRollingUpdate() == null || s.getRollingUpdate().getMaxSurge() == null) {
            return new IntOrString(DEFAULT_MAX_SURGE);
        }
        return s.getRollingUpdate().getMaxSurge();
    }

    static IntOrString maxUnavailableValue(Deployment d) {
        DeploymentStrategy s = d.getSpec().getStrategy();
        if (s == null || s.getRollingUpdate() == null || s.getRollingUpdate().getMaxUnavailable() == null) {
            return new IntOrString(DEFAULT_MAX_UNAVAILABLE);
        }
        return s.getRollingUpdate().getMaxUnavailable();
    }

    static int revisionHistoryLimit(Deployment d) {
        return Json.intOr(d.getSpec().getRevisionHistoryLimit(), DEFAULT_REVISION_HISTORY_LIMIT);
    }

    static int progressDeadlineSeconds(Deployment d) {
        return Json.intOr(d.getSpec().getProgressDeadlineSeconds(), DEFAULT_PROGRESS_DEADLINE_SECONDS);
    }

    /** {@code HasProgressDeadline}: a deadline other than MaxInt32. */
    static boolean hasProgressDeadline(Deployment d) {
        return progressDeadlineSeconds(d) != Integer.MAX_VALUE;
    }

    static boolean isPaused(Deployment d) {
        return Boolean.TRUE.equals(d.getSpec().getPaused());
    }

    static long generation(Deployment d) {
        return Json.longOr(d.getMetadata().getGeneration(), 0);
    }

    // ------------------------------------------------------------------------------------------ fenceposts

    /** {@code intstr.GetScaledValueFromIntOrPercent}. */
    static int scaled(IntOrString value, int total, boolean roundUp) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        if (s == null || !s.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage");
        }
        int percent;
        try {
            percent = Integer.parseInt(s.substring(0, s.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value \"" + s + "\": " + e.getMessage());
        }
        long product = (long) percent * total;
        return (int) (roundUp ? Math.ceilDiv(product, 100) : Math.floorDiv(product, 100));
    }

    /** {@code ResolveFenceposts}: surge rounded up, unavailable rounded down; both zero means unavailable 1. */
    static int[] resolveFenceposts(IntOrString maxSurge, IntOrString maxUnavailable, int desired) {
        int surge = scaled(maxSurge, desired, true);
        int unavailable = scaled(maxUnavailable, desired, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new int[] {surge, unavailable};
    }

    /** {@code MaxSurge}. */
    static int maxSurge(Deployment d) {
        if (!isRollingUpdate(d)) {
            return 0;
        }
        return resolveFenceposts(maxSurgeValue(d), maxUnavailableValue(d), replicas(d))[0];
    }

    /** {@code MaxUnavailable}: at most the replica count, 0 for Recreate or zero replicas. */
    static int maxUnavailable(Deployment d) {
        if (!isRollingUpdate(d) || replicas(d) == 0) {
            return 0;
        }
        int unavailable = resolveFenceposts(maxSurgeValue(d), maxUnavailableValue(d), replicas(d))[1];
        return Math.min(unavailable, replicas(d));
    }

    // ------------------------------------------------------------------------------------------ replica sums

    static int specReplicaSum(List<ReplicaSet> rss) {
        int sum = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                sum += replicas(rs);
            }
        }
        return sum;
    }

    static int statusReplicaSum(List<ReplicaSet> rss) {
        int sum = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                sum += statusReplicas(rs);
            }
        }
        return sum;
    }

    static int readySum(List<ReplicaSet> rss) {
        int sum = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                sum += readyReplicas(rs);
            }
        }
        return sum;
    }

    static int availableSum(List<ReplicaSet> rss) {
        int sum = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                sum += availableReplicas(rs);
            }
        }
        return sum;
    }

    /** {@code FilterActiveReplicaSets}: spec.replicas above zero. */
    static List<ReplicaSet> active(List<ReplicaSet> rss) {
        List<ReplicaSet> out = new ArrayList<>();
        for (ReplicaSet rs : rss) {
            if (rs != null && replicas(rs) > 0) {
                out.add(rs);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ rollout steps

    /** {@code NewRSNewReplicas}: how many replicas the new ReplicaSet may have now. */
    static int newRSNewReplicas(Deployment d, List<ReplicaSet> allRSs, int newRSReplicas) {
        if (!isRollingUpdate(d)) {
            return replicas(d);
        }
        int surge = scaled(maxSurgeValue(d), replicas(d), true);
        int current = 0;
        for (ReplicaSet rs : allRSs) {
            if (rs != null) {
                current += replicas(rs);
            }
        }
        int maxTotal = replicas(d) + surge;
        if (current >= maxTotal) {
            return newRSReplicas;
        }
        int scaleUp = Math.min(maxTotal - current, replicas(d) - newRSReplicas);
        return newRSReplicas + scaleUp;
    }

    /** A change of one ReplicaSet's {@code spec.replicas}. */
    record Scale(ReplicaSet rs, int from, int to) {
        String direction() {
            return to > from ? "up" : "down";
        }
    }

    /**
     * {@code reconcileNewReplicaSet}: the new ReplicaSet's next size, or null when it stays.
     */
    static Integer reconcileNewReplicaSet(Deployment d, List<ReplicaSet> allRSs, ReplicaSet newRS) {
        int current = replicas(newRS);
        if (current == replicas(d)) {
            return null;
        }
        if (current > replicas(d)) {
            return replicas(d);
        }
        int next = newRSNewReplicas(d, allRSs, current);
        return next == current ? null : next;
    }

    /**
     * {@code reconcileOldReplicaSets}: scale-downs of old ReplicaSets, first their unhealthy replicas
     * ({@code cleanupUnhealthyReplicas}), then available ones down to {@code replicas - maxUnavailable} available
     * ({@code scaleDownOldReplicaSetsForRollingUpdate}); oldest ReplicaSets first. A ReplicaSet may appear twice.
     *
     * @param activeOldRSs the old ReplicaSets with replicas above zero
     */
    static List<Scale> reconcileOldReplicaSets(Deployment d, List<ReplicaSet> allRSs, List<ReplicaSet> activeOldRSs,
            ReplicaSet newRS) {
        List<Scale> out = new ArrayList<>();
        if (specReplicaSum(activeOldRSs) == 0) {
            return out;
        }
        int allPods = specReplicaSum(allRSs);
        int minAvailable = replicas(d) - maxUnavailable(d);
        int newRSUnavailable = replicas(newRS) - availableReplicas(newRS);
        int maxScaledDown = allPods - minAvailable - newRSUnavailable;
        if (maxScaledDown <= 0) {
            return out;
        }
        List<ReplicaSet> old = new ArrayList<>(activeOldRSs);
        old.sort(byCreation());
        Map<String, Integer> size = new HashMap<>();
        for (ReplicaSet rs : old) {
            size.put(rs.getMetadata().getName(), replicas(rs));
        }
        int cleaned = 0;
        for (ReplicaSet rs : old) {
            if (cleaned >= maxScaledDown) {
                break;
            }
            int spec = size.get(rs.getMetadata().getName());
            int available = availableReplicas(rs);
            if (spec == 0 || spec == available) {
                continue;
            }
            int n = Math.min(maxScaledDown - cleaned, spec - available);
            size.put(rs.getMetadata().getName(), spec - n);
            out.add(new Scale(rs, spec, spec - n));
            cleaned += n;
        }
        List<ReplicaSet> all = new ArrayList<>(old);
        all.add(newRS);
        int availablePods = availableSum(all);
        if (availablePods <= minAvailable) {
            return out;
        }
        int toScaleDown = availablePods - minAvailable;
        int scaledDown = 0;
        for (ReplicaSet rs : old) {
            if (scaledDown >= toScaleDown) {
                break;
            }
            int spec = size.get(rs.getMetadata().getName());
            if (spec == 0) {
                continue;
            }
            int n = Math.min(spec, toScaleDown - scaledDown);
            size.put(rs.getMetadata().getName(), spec - n);
            out.add(new Scale(rs, spec, spec - n));
            scaledDown += n;
        }
        return out;
    }

    /** {@code FindActiveOrLatest}: the one active ReplicaSet, the newest if none is active, null if several are. */
    static ReplicaSet activeOrLatest(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        if (newRS == null && oldRSs.isEmpty()) {
            return null;
        }
        List<ReplicaSet> newestFirst = new ArrayList<>(oldRSs);
        newestFirst.sort(byCreation().reversed());
        List<ReplicaSet> all = new ArrayList<>(newestFirst);
        if (newRS != null) {
            all.add(newRS);
        }
        List<ReplicaSet> active = active(all);
        return switch (active.size()) {
            case 0 -> newRS != null ? newRS : newestFirst.getFirst();
            case 1 -> active.getFirst();
            default -> null;
        };
    }

    /** {@code IsSaturated}: the new ReplicaSet has exactly the Deployment's replicas, all available. */
    static boolean isSaturated(Deployment d, ReplicaSet rs) {
        if (rs == null) {
            return false;
        }
        Integer desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
        return desired != null && replicas(rs) == replicas(d) && desired == replicas(d)
                && availableReplicas(rs) == replicas(d);
    }

    /**
     * {@code scale} for a rolling Deployment whose ReplicaSets are all active: spreads the difference between the
     * allowed size (replicas + maxSurge) and the current total over the ReplicaSets in proportion to their size
     * (annotated max-replicas), the largest getting the leftover. Returns every active ReplicaSet's new size, in the
     * order upstream updates them.
     */
    static List<Scale> proportionalScale(Deployment d, List<ReplicaSet> activeRSs) {
        int allReplicas = specReplicaSum(activeRSs);
        int allowed = replicas(d) > 0 ? replicas(d) + maxSurge(d) : 0;
        int toAdd = allowed - allReplicas;
        List<ReplicaSet> sorted = new ArrayList<>(activeRSs);
        if (toAdd > 0) {
            sorted.sort(bySizeNewer());
        } else if (toAdd < 0) {
            sorted.sort(bySizeOlder());
        }
        Map<String, Integer> size = new LinkedHashMap<>();
        int added = 0;
        for (ReplicaSet rs : sorted) {
            if (toAdd != 0) {
                int p = proportion(rs, d, toAdd, added);
                size.put(rs.getMetadata().getName(), replicas(rs) + p);
                added += p;
            } else {
                size.put(rs.getMetadata().getName(), replicas(rs));
            }
        }
        List<Scale> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            ReplicaSet rs = sorted.get(i);
            int target = size.get(rs.getMetadata().getName());
            if (i == 0 && toAdd != 0) {
                target = Math.max(0, target + toAdd - added);
            }
            out.add(new Scale(rs, replicas(rs), target));
        }
        return out;
    }

    /** {@code GetProportion}. */
    static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added) {
        if (rs == null || replicas(rs) == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs, d);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    /** {@code getReplicaSetFraction}. */
    static int fraction(ReplicaSet rs, Deployment d) {
        if (replicas(d) == 0) {
            return -replicas(rs);
        }
        int deploymentReplicas = replicas(d) + maxSurge(d);
        Integer annotated = intAnnotation(rs, MAX_REPLICAS_ANNOTATION);
        int base = annotated != null ? annotated
                : d.getStatus() == null ? 0 : Json.intOr(d.getStatus().getReplicas(), 0);
        double newSize = (double) replicas(rs) * deploymentReplicas / base;
        return (int) Math.round(newSize) - replicas(rs);
    }

    // ------------------------------------------------------------------------------------------ ordering

    /** {@code ReplicaSetsByCreationTimestamp}: oldest first, name as tie-breaker. */
    static Comparator<ReplicaSet> byCreation() {
        return Comparator.comparing((ReplicaSet rs) -> created(rs), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(rs -> rs.getMetadata().getName());
    }

    /** {@code ReplicaSetsBySizeOlder}: larger first, then older first. */
    static Comparator<ReplicaSet> bySizeOlder() {
        return Comparator.comparingInt((ReplicaSet rs) -> -replicas(rs)).thenComparing(byCreation());
    }

    /** {@code ReplicaSetsBySizeNewer}: larger first, then newer first. */
    static Comparator<ReplicaSet> bySizeNewer() {
        return Comparator.comparingInt((ReplicaSet rs) -> -replicas(rs)).thenComparing(byCreation().reversed());
    }

    /** {@code ReplicaSetsByRevision}: lower revision first, then older first. */
    static Comparator<ReplicaSet> byRevision() {
        return Comparator.comparingLong(DeploymentUtil::revision).thenComparing(byCreation());
    }

    private static Instant created(ReplicaSet rs) {
        return KubeTime.parse(rs.getMetadata().getCreationTimestamp());
    }

    // ------------------------------------------------------------------------------------------ templates, revisions

    /** {@code EqualIgnoreHash}: templates equal once the pod-template-hash label is dropped from both. */
    static boolean equalIgnoreHash(JsonNode a, JsonNode b) {
        return withoutHash(a).equals(withoutHash(b));
    }

    private static JsonNode withoutHash(JsonNode template) {
        if (!(template instanceof ObjectNode o)) {
            return template;
        }
        ObjectNode copy = o.deepCopy();
        JsonNode labels = copy.path("metadata").path("labels");
        if (labels instanceof ObjectNode l) {
            l.remove(POD_TEMPLATE_HASH_LABEL);
            if (l.isEmpty()) {
                ((ObjectNode) copy.get("metadata")).remove("labels");
            }
        }
        JsonNode meta = copy.path("metadata");
        if (meta instanceof ObjectNode m && m.isEmpty()) {
            copy.remove("metadata");
        }
        return copy;
    }

    /** The revision annotation as a number; 0 when absent or not a number. */
    static long revision(ReplicaSet rs) {
        String v = annotations(rs).get(REVISION_ANNOTATION);
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static long maxRevision(List<ReplicaSet> rss) {
        long max = 0;
        for (ReplicaSet rs : rss) {
            max = Math.max(max, revision(rs));
        }
        return max;
    }

    static Map<String, String> annotations(ReplicaSet rs) {
        Map<String, String> a = rs.getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    static Integer intAnnotation(ReplicaSet rs, String key) {
        String v = annotations(rs).get(key);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean skipCopyAnnotation(String key) {
        return LAST_APPLIED_ANNOTATION.equals(key) || REVISION_ANNOTATION.equals(key)
                || REVISION_HISTORY_ANNOTATION.equals(key) || DESIRED_REPLICAS_ANNOTATION.equals(key)
                || MAX_REPLICAS_ANNOTATION.equals(key) || DEPRECATED_ROLLBACK_TO.equals(key);
    }

    /**
     * {@code SetNewReplicaSetAnnotations}: copies the Deployment's annotations (but not the skipped ones), raises the
     * revision to {@code newRevision} when it is lower (remembering the old one in the revision history), and for a
     * ReplicaSet about to be created the desired/max replica annotations.
     *
     * @param annotations the ReplicaSet's annotations, changed in place
     * @return whether anything changed
     */
    static boolean setNewReplicaSetAnnotations(Deployment d, Map<String, String> annotations, long newRevision,
            boolean exists) {
        boolean changed = false;
        Map<String, String> source = d.getMetadata().getAnnotations() == null ? Map.of()
                : d.getMetadata().getAnnotations();
        for (Map.Entry<String, String> e : source.entrySet()) {
            if (skipCopyAnnotation(e.getKey()) || Objects.equals(annotations.get(e.getKey()), e.getValue())) {
                continue;
            }
            annotations.put(e.getKey(), e.getValue());
            changed = true;
        }
        String oldRevision = annotations.get(REVISION_ANNOTATION);
        long oldRevisionInt = 0;
        if (oldRevision != null && !oldRevision.isEmpty()) {
            try {
                oldRevisionInt = Long.parseLong(oldRevision);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (oldRevisionInt < newRevision) {
            annotations.put(REVISION_ANNOTATION, String.valueOf(newRevision));
            changed = true;
            if (oldRevision != null) {
                String history = annotations.getOrDefault(REVISION_HISTORY_ANNOTATION, "");
                if (history.isEmpty()) {
                    annotations.put(REVISION_HISTORY_ANNOTATION, oldRevision);
                } else {
                    List<String> old = new ArrayList<>(List.of(history.split(",", -1)));
                    int total = history.length() + oldRevision.length() + 1;
                    int start = 0;
                    while (total > MAX_REV_HISTORY_LENGTH && start < old.size()) {
                        total -= old.get(start).length() + 1;
                        start++;
                    }
                    if (total <= MAX_REV_HISTORY_LENGTH) {
                        List<String> kept = new ArrayList<>(old.subList(start, old.size()));
                        kept.add(oldRevision);
                        annotations.put(REVISION_HISTORY_ANNOTATION, String.join(",", kept));
                    }
                }
            }
        }
        if (!exists && setReplicasAnnotations(annotations, replicas(d), replicas(d) + maxSurge(d))) {
            changed = true;
        }
        return changed;
    }

    /** {@code SetReplicasAnnotations}: desired-replicas and max-replicas; whether they changed. */
    static boolean setReplicasAnnotations(Map<String, String> annotations, int desired, int max) {
        boolean changed = false;
        String d = String.valueOf(desired);
        String m = String.valueOf(max);
        if (!d.equals(annotations.get(DESIRED_REPLICAS_ANNOTATION))) {
            annotations.put(DESIRED_REPLICAS_ANNOTATION, d);
            changed = true;
        }
        if (!m.equals(annotations.get(MAX_REPLICAS_ANNOTATION))) {
            annotations.put(MAX_REPLICAS_ANNOTATION, m);
            changed = true;
        }
        return changed;
    }

    // ------------------------------------------------------------------------------------------ status

    /** {@code calculateStatus}: counts from the ReplicaSets plus the Available condition. */
    static DeploymentStatusView calculateStatus(List<ReplicaSet> allRSs, ReplicaSet newRS, Deployment d, Instant now) {
        int available = availableSum(allRSs);
        int total = specReplicaSum(allRSs);
        int unavailable = Math.max(0, total - available);
        List<DeploymentCondition> conditions = new ArrayList<>();
        Integer collisionCount = null;
        if (d.getStatus() != null) {
            if (d.getStatus().getConditions() != null) {
                for (DeploymentCondition c : d.getStatus().getConditions()) {
                    conditions.add(copy(c));
                }
            }
            collisionCount = d.getStatus().getCollisionCount();
        }
        DeploymentStatusView status = new DeploymentStatusView(generation(d), statusReplicaSum(allRSs),
                newRS == null ? 0 : statusReplicas(newRS), readySum(allRSs), available, unavailable, collisionCount,
                conditions);
        if (available >= replicas(d) - maxUnavailable(d)) {
            setCondition(status.conditions(), condition(AVAILABLE, "True", MINIMUM_REPLICAS_AVAILABLE,
                    "Deployment has minimum availability.", now));
        } else {
            setCondition(status.conditions(), condition(AVAILABLE, "False", MINIMUM_REPLICAS_UNAVAILABLE,
                    "Deployment does not have minimum availability.", now));
        }
        return status;
    }

    /** {@code DeploymentComplete}. */
    static boolean isComplete(Deployment d, DeploymentStatusView s) {
        return s.updatedReplicas() == replicas(d) && s.replicas() == replicas(d) && s.availableReplicas() == replicas(d)
                && s.observedGeneration() >= generation(d);
    }

    /** {@code DeploymentProgressing}: more updated, ready or available replicas, or fewer old ones, than before. */
    static boolean isProgressing(Deployment d, DeploymentStatusView s) {
        DeploymentStatusView old = DeploymentStatusView.of(d);
        int newOld = s.replicas() - s.updatedReplicas();
        int oldOld = old.replicas() - old.updatedReplicas();
        return s.updatedReplicas() > old.updatedReplicas() || newOld < oldOld || s.readyReplicas() > old.readyReplicas()
                || s.availableReplicas() > old.availableReplicas();
    }

    /** {@code DeploymentTimedOut}. */
    static boolean isTimedOut(Deployment d, DeploymentStatusView s, Instant now) {
        if (!hasProgressDeadline(d)) {
            return false;
        }
        DeploymentCondition c = find(s.conditions(), PROGRESSING);
        if (c == null || NEW_RS_AVAILABLE_REASON.equals(c.getReason())) {
            return false;
        }
        if (TIMED_OUT_REASON.equals(c.getReason())) {
            return true;
        }
        Instant from = KubeTime.parse(c.getLastUpdateTime());
        return from != null && from.plus(Duration.ofSeconds(progressDeadlineSeconds(d))).isBefore(now);
    }

    static DeploymentCondition condition(String type, String status, String reason, String message, Instant now) {
        DeploymentCondition c = new DeploymentCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastUpdateTime(KubeTime.time(now));
        c.setLastTransitionTime(KubeTime.time(now));
        return c;
    }

    /** {@code ReplicaSetToDeploymentCondition}. */
    static DeploymentCondition fromReplicaSetCondition(ReplicaSetCondition rc) {
        DeploymentCondition c = new DeploymentCondition();
        c.setType(rc.getType());
        c.setStatus(rc.getStatus());
        c.setReason(rc.getReason());
        c.setMessage(rc.getMessage());
        c.setLastUpdateTime(rc.getLastTransitionTime());
        c.setLastTransitionTime(rc.getLastTransitionTime());
        return c;
    }

    static DeploymentCondition find(List<DeploymentCondition> conditions, String type) {
        for (DeploymentCondition c : conditions) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    /**
     * {@code SetDeploymentCondition}: no change when status and reason are the same; the transition time is kept
     * when only the reason changes; the condition moves to the end of the list.
     */
    static void setCondition(List<DeploymentCondition> conditions, DeploymentCondition c) {
        DeploymentCondition current = find(conditions, c.getType());
        if (current != null && Objects.equals(current.getStatus(), c.getStatus())
                && Objects.equals(current.getReason(), c.getReason())) {
            return;
        }
        if (current != null && Objects.equals(current.getStatus(), c.getStatus())) {
            c.setLastTransitionTime(current.getLastTransitionTime());
        }
        conditions.removeIf(x -> c.getType().equals(x.getType()));
        conditions.add(c);
    }

    static void removeCondition(List<DeploymentCondition> conditions, String type) {
        conditions.removeIf(x -> type.equals(x.getType()));
    }

    static DeploymentCondition copy(DeploymentCondition c) {
        return KubeJson.convert(KubeJson.tree(c), DeploymentCondition.class);
    }
}
