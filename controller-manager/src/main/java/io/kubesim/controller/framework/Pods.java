package io.kubesim.controller.framework;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import io.kubesim.model.clock.KubeTime;

/**
 * Pod predicates every controller shares (pkg/api/v1/pod/util.go, pkg/controller/controller_utils.go).
 */
public final class Pods {

    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";
    public static final String UNKNOWN = "Unknown";

    public static final String READY = "Ready";
    public static final String DISRUPTION_TARGET = "DisruptionTarget";

    private Pods() {
    }

    public static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    public static String nodeName(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
    }

    public static Map<String, String> labels(Pod pod) {
        Map<String, String> l = pod.getMetadata().getLabels();
        return l == null ? Map.of() : l;
    }

    public static boolean isTerminal(Pod pod) {
        String phase = phase(pod);
        return SUCCEEDED.equals(phase) || FAILED.equals(phase);
    }

    public static boolean isDeleting(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** {@code IsPodActive}: not Succeeded, not Failed, not being deleted. */
    public static boolean isActive(Pod pod) {
        return !isTerminal(pod) && !isDeleting(pod);
    }

    /** A terminating pod: being deleted, not yet terminal ({@code CountTerminatingPods}). */
    public static boolean isTerminating(Pod pod) {
        return isDeleting(pod) && !isTerminal(pod);
    }

    public static PodCondition condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    public static boolean isReady(Pod pod) {
        PodCondition c = condition(pod, READY);
        return c != null && "True".equals(c.getStatus());
    }

    /** When the pod became ready, or null if it is not ready. */
    public static Instant readyTime(Pod pod) {
        PodCondition c = condition(pod, READY);
        if (c == null || !"True".equals(c.getStatus())) {
            return null;
        }
        return KubeTime.parse(c.getLastTransitionTime());
    }

    /** {@code IsPodAvailable}: ready for at least {@code minReadySeconds} at {@code now}. */
    public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds == 0) {
            return true;
        }
        Instant since = readyTime(pod);
        return since != null && since.plus(Duration.ofSeconds(minReadySeconds)).isBefore(now);
    }

    public static Instant creationTime(Pod pod) {
        return KubeTime.parse(pod.getMetadata().getCreationTimestamp());
    }

    /** Highest restart count of the regular containers. */
    static int maxRestarts(Pod pod) {
        int max = 0;
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
                max = Math.max(max, s.getRestartCount() == null ? 0 : s.getRestartCount());
            }
        }
        return max;
    }

    /** Highest restart count of the restartable init containers (sidecars). */
    static int maxSidecarRestarts(Pod pod) {
        int max = 0;
        if (pod.getStatus() == null || pod.getStatus().getInitContainerStatuses() == null
                || pod.getSpec() == null || pod.getSpec().getInitContainers() == null) {
            return 0;
        }
        for (ContainerStatus s : pod.getStatus().getInitContainerStatuses()) {
            boolean sidecar = pod.getSpec().getInitContainers().stream()
                    .anyMatch(c -> c.getName().equals(s.getName()) && "Always".equals(c.getRestartPolicy()));
            if (sidecar) {
                max = Math.max(max, s.getRestartCount() == null ? 0 : s.getRestartCount());
            }
        }
        return max;
    }
}
