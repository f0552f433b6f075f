package io.kubesim.scheduler.framework;

import java.util.List;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

/**
 * Taint/toleration matching (staging/src/k8s.io/api/core/v1/toleration.go {@code ToleratesTaint} and
 * component-helpers/scheduling/corev1/helpers.go {@code FindMatchingUntoleratedTaint}, Kubernetes 1.32).
 */
public final class Tolerations {

    public static final String NO_SCHEDULE = "NoSchedule";
    public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";
    public static final String NO_EXECUTE = "NoExecute";

    private Tolerations() {
    }

    /**
     * A non-empty effect must equal the taint's, a non-empty key must equal the taint's; operator {@code Exists}
     * matches any value, empty or {@code Equal} needs equal values.
     */
    public static boolean tolerates(Toleration t, Taint taint) {
        if (!isEmpty(t.getEffect()) && !t.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (!isEmpty(t.getKey()) && !t.getKey().equals(taint.getKey())) {
            return false;
        }
        String op = t.getOperator();
        if (isEmpty(op) || "Equal".equals(op)) {
            return Objects.equals(nullToEmpty(t.getValue()), nullToEmpty(taint.getValue()));
        }
        return "Exists".equals(op);
    }

    public static boolean anyTolerates(List<Toleration> tolerations, Taint taint) {
        for (Toleration t : tolerations) {
            if (tolerates(t, taint)) {
                return true;
            }
        }
        return false;
    }

    /** The first NoSchedule/NoExecute taint (in node order) no toleration tolerates, or {@code null}. */
    public static Taint firstUntoleratedBlockingTaint(List<Taint> taints, List<Toleration> tolerations) {
        for (Taint taint : taints) {
            if ((NO_SCHEDULE.equals(taint.getEffect()) || NO_EXECUTE.equals(taint.getEffect()))
                    && !anyTolerates(tolerations, taint)) {
                return taint;
            }
        }
        return null;
    }

    static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
