package io.kubesim.controller.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

/**
 * Taints and tolerations (staging/src/k8s.io/api/core/v1/toleration.go, taint.go,
 * pkg/apis/core/v1/helper/helpers.go) and the well-known taint keys (well_known_taints.go).
 */
public final class Taints {

    public static final String NO_SCHEDULE = "NoSchedule";
    public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";
    public static final String NO_EXECUTE = "NoExecute";

    public static final String NOT_READY = "node.kubernetes.io/not-ready";
    public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    public static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    public static final String MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
    public static final String DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
    public static final String PID_PRESSURE = "node.kubernetes.io/pid-pressure";
    public static final String NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";
    public static final String OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";

    private Taints() {
    }

    /** {@code Toleration.ToleratesTaint}. */
    public static boolean tolerates(Toleration toleration, Taint taint) {
        String effect = toleration.getEffect();
        if (effect != null && !effect.isEmpty() && !effect.equals(taint.getEffect())) {
            return false;
        }
        String key = toleration.getKey();
        if (key != null && !key.isEmpty() && !key.equals(taint.getKey())) {
            return false;
        }
        String operator = toleration.getOperator() == null || toleration.getOperator().isEmpty()
                ? "Equal" : toleration.getOperator();
        return switch (operator) {
            case "Exists" -> true;
            case "Equal" -> Objects.equals(emptyIfNull(toleration.getValue()), emptyIfNull(taint.getValue()));
            default -> false;
        };
    }

    public static boolean toleratedBy(Taint taint, List<Toleration> tolerations) {
        if (tolerations == null) {
            return false;
        }
        for (Toleration t : tolerations) {
            if (tolerates(t, taint)) {
                return true;
            }
        }
        return false;
    }

    /** {@code FindMatchingUntoleratedTaint}: the first taint passing {@code filter} that no toleration tolerates. */
    public static Taint firstUntolerated(List<Taint> taints, List<Toleration> tolerations, Predicate<Taint> filter) {
        if (taints == null) {
            return null;
        }
        for (Taint taint : taints) {
            if (filter.test(taint) && !toleratedBy(taint, tolerations)) {
                return taint;
            }
        }
        return null;
    }

    /**
     * {@code GetMatchingTolerations}: for each taint the first toleration that tolerates it; null if some taint is
     * not tolerated.
     */
    public static List<Toleration> matchingTolerations(List<Taint> taints, List<Toleration> tolerations) {
        List<Toleration> used = new ArrayList<>();
        if (taints == null || taints.isEmpty()) {
            return used;
        }
        for (Taint taint : taints) {
            Toleration match = null;
            if (tolerations != null) {
                for (Toleration t : tolerations) {
                    if (tolerates(t, taint)) {
                        match = t;
                        break;
                    }
                }
            }
            if (match == null) {
                return null;
            }
            used.add(match);
        }
        return used;
    }

    /** {@code Taint.MatchTaint}: same key and effect. */
    public static boolean sameKeyAndEffect(Taint a, Taint b) {
        return Objects.equals(a.getKey(), b.getKey()) && Objects.equals(a.getEffect(), b.getEffect());
    }

    public static List<Taint> withEffect(List<Taint> taints, String effect) {
        List<Taint> out = new ArrayList<>();
        if (taints != null) {
            for (Taint t : taints) {
                if (effect.equals(t.getEffect())) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    private static String emptyIfNull(String s) {
        return s == null ? "" : s;
    }
}
