package io.kubesim.controller.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import io.kubesim.controller.framework.Pods;
import io.kubesim.model.clock.KubeTime;

/**
 * pkg/controller/job/backoff_utils.go: how many pods failed since the last success and when the last of them
 * finished; new pods wait {@code 10 s * 2^(failures-1)} (at most 6 min) after that failure.
 *
 * @param failuresAfterLastSuccess failures since the latest success
 * @param lastFailureTime          when the latest of them finished (null if none)
 */
record BackoffRecord(int failuresAfterLastSuccess, Instant lastFailureTime) {

    /** {@code DefaultJobPodFailureBackOff}. */
    static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(10);
    /** {@code MaxJobPodFailureBackOff}. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(6);

    static final BackoffRecord NONE = new BackoffRecord(0, null);

    /** {@code newBackoffRecord}: this record updated with pods newly seen finished. */
    BackoffRecord next(List<Pod> newSucceeded, List<Pod> newFailed) {
        List<Pod> succeeded = new ArrayList<>(newSucceeded);
        List<Pod> failed = new ArrayList<>(newFailed);
        succeeded.sort(Comparator.comparing(BackoffRecord::finishedTime));
        failed.sort(Comparator.comparing(BackoffRecord::finishedTime));
        if (succeeded.isEmpty()) {
            if (failed.isEmpty()) {
                return this;
            }
            return new BackoffRecord(failuresAfterLastSuccess + failed.size(), finishedTime(failed.getLast()));
        }
        if (failed.isEmpty()) {
            return NONE;
        }
        Instant lastSuccess = finishedTime(succeeded.getLast());
        int failures = 0;
        Instant lastFailure = null;
        for (int i = failed.size() - 1; i >= 0; i--) {
            Instant t = finishedTime(failed.get(i));
            if (!t.isAfter(lastSuccess)) {
                break;
            }
            if (lastFailure == null) {
                lastFailure = t;
            }
            failures++;
        }
        return new BackoffRecord(failures, lastFailure);
    }

    /** {@code getRemainingTime}: how long new pods must still wait. */
    Duration remaining(Instant now) {
        if (failuresAfterLastSuccess == 0 || lastFailureTime == null) {
            return Duration.ZERO;
        }
        Duration backoff = DEFAULT_BACKOFF;
        for (int i = 1; i < failuresAfterLastSuccess; i++) {
            backoff = backoff.multipliedBy(2);
            if (backoff.compareTo(MAX_BACKOFF) >= 0) {
                backoff = MAX_BACKOFF;
                break;
            }
        }
        Duration elapsed = Duration.between(lastFailureTime, now);
        return backoff.compareTo(elapsed) < 0 ? Duration.ZERO : backoff.minus(elapsed);
    }

    /**
     * {@code getFinishedTime}: the latest container termination, else when Ready turned False, else the deletion
     * time, else the creation time.
     */
    static Instant finishedTime(Pod pod) {
        Instant latest = null;
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
                if (s.getState() != null && s.getState().getTerminated() != null) {
                    Instant t = KubeTime.parse(s.getState().getTerminated().getFinishedAt());
                    if (t != null && (latest == null || t.isAfter(latest))) {
                        latest = t;
                    }
                }
            }
        }
        if (latest != null) {
            return latest;
        }
        PodCondition ready = Pods.condition(pod, Pods.READY);
        if (ready != null && "False".equals(ready.getStatus()) && ready.getLastTransitionTime() != null) {
            return KubeTime.parse(ready.getLastTransitionTime());
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return KubeTime.parse(pod.getMetadata().getDeletionTimestamp());
        }
        return Pods.creationTime(pod);
    }
}
