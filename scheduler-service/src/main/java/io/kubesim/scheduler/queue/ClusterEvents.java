package io.kubesim.scheduler.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.ActionType;
import io.kubesim.scheduler.framework.ClusterEvent;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.Resource;

/**
 * Which scheduling-relevant parts of a pod or node an update changed (pkg/scheduler/framework/events.go
 * {@code PodSchedulingPropertiesChange} and {@code NodeSchedulingPropertiesChange}, Kubernetes 1.32).
 */
final class ClusterEvents {

    private ClusterEvents() {
    }

    /** The events of a pod update: label change, scale down, gates removed, tolerations added, or "other". */
    static List<ClusterEvent> podChange(Pod newPod, Pod oldPod) {
        ClusterEvent.Kind kind = nodeName(newPod).isEmpty() ? ClusterEvent.Kind.UNSCHEDULED_POD
                : ClusterEvent.Kind.ASSIGNED_POD;
        List<ClusterEvent> events = new ArrayList<>();
        if (!Objects.equals(labels(newPod), labels(oldPod))) {
            events.add(ClusterEvent.of(kind, ActionType.UPDATE_POD_LABEL));
        }
        if (scaledDown(PodInfo.of(newPod).requests(), PodInfo.of(oldPod).requests())) {
            events.add(ClusterEvent.of(kind, ActionType.UPDATE_POD_SCALE_DOWN));
        }
        if (gates(newPod) == 0 && gates(oldPod) != 0) {
            events.add(ClusterEvent.of(kind, ActionType.UPDATE_POD_SCHEDULING_GATES_ELIMINATED));
        }
        if (tolerations(newPod) != tolerations(oldPod)) {
            events.add(ClusterEvent.of(kind, ActionType.UPDATE_POD_TOLERATION));
        }
        if (events.isEmpty()) {
            events.add(ClusterEvent.of(kind, ActionType.UPDATE_POD_OTHER));
        }
        return events;
    }

    /** The events of a node update; a node that became schedulable counts as a taint update, as upstream does. */
    static List<ClusterEvent> nodeChange(Node newNode, Node oldNode) {
        List<ClusterEvent> events = new ArrayList<>();
        if (unschedulable(newNode) != unschedulable(oldNode) && !unschedulable(newNode)) {
            events.add(ClusterEvent.of(ClusterEvent.Kind.NODE, ActionType.UPDATE_NODE_TAINT));
        }
        if (!Resource.of(allocatable(newNode)).equals(Resource.of(allocatable(oldNode)))) {
            events.add(ClusterEvent.of(ClusterEvent.Kind.NODE, ActionType.UPDATE_NODE_ALLOCATABLE));
        }
        if (!Objects.equals(newNode.getMetadata().getLabels(), oldNode.getMetadata().getLabels())) {
            events.add(ClusterEvent.of(ClusterEvent.Kind.NODE, ActionType.UPDATE_NODE_LABEL));
        }
        if (!Objects.equals(taints(newNode), taints(oldNode))) {
            events.add(ClusterEvent.of(ClusterEvent.Kind.NODE, ActionType.UPDATE_NODE_TAINT));
        }
        if (!conditionStatuses(newNode).equals(conditionStatuses(oldNode))) {
            events.add(ClusterEvent.of(ClusterEvent.Kind.NODE, ActionType.UPDATE_NODE_CONDITION));
        }
        if (!Objects.equals(newNode.getMetadata().getAnnotations(), oldNode.getMetadata().getAnnotations())) {
            events.add(ClusterEvent.of(ClusterEvent.Kind.NODE, ActionType.UPDATE_NODE_ANNOTATION));
        }
        return events;
    }

    static String nodeName(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
    }

    private static boolean scaledDown(Resource now, Resource before) {
        if (now.milliCpu() < before.milliCpu() || now.memory() < before.memory()
                || now.ephemeralStorage() < before.ephemeralStorage()) {
            return true;
        }
        for (Map.Entry<String, Long> e : before.scalar().entrySet()) {
            if (now.scalar(e.getKey()) < e.getValue()) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    private static int gates(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getSchedulingGates() == null ? 0
                : pod.getSpec().getSchedulingGates().size();
    }

    private static int tolerations(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getTolerations() == null ? 0
                : pod.getSpec().getTolerations().size();
    }

    private static boolean unschedulable(Node node) {
        return node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }

    private static Map<String, io.fabric8.kubernetes.api.model.Quantity> allocatable(Node node) {
        return node.getStatus() == null ? null : node.getStatus().getAllocatable();
    }

    private static Object taints(Node node) {
        return node.getSpec() == null ? List.of() : node.getSpec().getTaints();
    }

    private static Map<String, String> conditionStatuses(Node node) {
        Map<String, String> out = new HashMap<>();
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            for (NodeCondition c : node.getStatus().getConditions()) {
                out.put(c.getType(), c.getStatus());
            }
        }
        return out;
    }
}
