package io.kubesim.controller.tainteviction;

import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import io.kubesim.controller.framework.Taints;

/**
 * What the taint eviction controller does with a pod on a node with NoExecute taints
 * (pkg/controller/tainteviction/taint_eviction.go {@code processPodOnNode}, {@code getMinTolerationTime}).
 */
sealed interface EvictionDecision {

    /** No NoExecute taint, or all tolerated forever: nothing to do (a scheduled eviction is cancelled). */
    record Cancel() implements EvictionDecision {
    }

    /** Some NoExecute taint is not tolerated, or a used toleration has tolerationSeconds <= 0: evict at once. */
    record EvictNow() implements EvictionDecision {
    }

    /** Every taint is tolerated; the smallest tolerationSeconds among the tolerations used decides. */
    record EvictAfter(Duration delay) implements EvictionDecision {
    }

    static EvictionDecision decide(List<Taint> noExecuteTaints, List<Toleration> tolerations) {
        if (noExecuteTaints.isEmpty()) {
            return new Cancel();
        }
        List<Toleration> used = Taints.matchingTolerations(noExecuteTaints, tolerations);
        if (used == null) {
            return new EvictNow();
        }
        Duration min = minTolerationTime(used);
        if (min == null) {
            return new Cancel();
        }
        return min.isZero() ? new EvictNow() : new EvictAfter(min);
    }

    /**
     * {@code getMinTolerationTime}: null for "forever" (no toleration sets seconds), zero when one sets zero or less,
     * else the smallest.
     */
    static Duration minTolerationTime(List<Toleration> used) {
        if (used.isEmpty()) {
            return Duration.ZERO;
        }
        Long min = null;
        for (Toleration t : used) {
            Long seconds = t.getTolerationSeconds();
            if (seconds == null) {
                continue;
            }
            if (seconds <= 0) {
                return Duration.ZERO;
            }
            if (min == null || seconds < min) {
                min = seconds;
            }
        }
        return min == null ? null : Duration.ofSeconds(min);
    }
}
