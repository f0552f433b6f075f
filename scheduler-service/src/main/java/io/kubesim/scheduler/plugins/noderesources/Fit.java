package io.kubesim.scheduler.plugins.noderesources;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.ActionType;
import io.kubesim.scheduler.framework.ClusterEvent;
import io.kubesim.scheduler.framework.ClusterEventWithHint;
import io.kubesim.scheduler.framework.CycleState;
import io.kubesim.scheduler.framework.EnqueueExtensions;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.PluginNames;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.QueueingHint;
import io.kubesim.scheduler.framework.Resource;
import io.kubesim.scheduler.framework.ScorePlugin;
import io.kubesim.scheduler.framework.Status;

/**
 * Requests versus allocatable minus what the node's pods already request, plus the pod-count limit; scored with
 * LeastAllocated over cpu and memory (weights 1) using the non-zero default requests. Follows
 * pkg/scheduler/framework/plugins/noderesources/fit.go, least_allocated.go and resource_allocation.go
 * (Kubernetes 1.32). The pod's effective requests (init-container max rule, sidecars, overhead) are computed once in
 * {@link PodInfo}, which stands in for upstream's PreFilter state.
 */
public final class Fit implements FilterPlugin, ScorePlugin, EnqueueExtensions {

    public static final String NAME = PluginNames.NODE_RESOURCES_FIT;
    public static final String REASON_TOO_MANY_PODS = "Too many pods";

    /** {@code Insufficient <resource>}. */
    public static String insufficient(String resource) {
        return "Insufficient " + resource;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        List<String> reasons = insufficientResources(pod.requests(), nodeInfo);
        return reasons.isEmpty() ? Status.SUCCESS
                : new Status(Status.Code.UNSCHEDULABLE, reasons, NAME);
    }

    /** Upstream {@code fitsRequest}: every reason why the node cannot hold these requests. */
    static List<String> insufficientResources(Resource request, NodeInfo node) {
        List<String> reasons = null;
        Resource alloc = node.allocatable();
        Resource used = node.requested();
        if (node.podCount() + 1 > alloc.allowedPodNumber()) {
            reasons = add(reasons, REASON_TOO_MANY_PODS);
        }
        if (request.isZero()) {
            return reasons == null ? List.of() : reasons;
        }
        if (request.milliCpu() > 0 && request.milliCpu() > alloc.milliCpu() - used.milliCpu()) {
            reasons = add(reasons, insufficient(Resource.CPU));
        }
        if (request.memory() > 0 && request.memory() > alloc.memory() - used.memory()) {
            reasons = add(reasons, insufficient(Resource.MEMORY));
        }
        if (request.ephemeralStorage() > 0
                && request.ephemeralStorage() > alloc.ephemeralStorage() - used.ephemeralStorage()) {
            reasons = add(reasons, insufficient(Resource.EPHEMERAL_STORAGE));
        }
        for (Map.Entry<String, Long> e : request.scalar().entrySet()) {
            long q = e.getValue();
            if (q != 0 && q > alloc.scalar(e.getKey()) - used.scalar(e.getKey())) {
                reasons = add(reasons, insufficient(e.getKey()));
            }
        }
        return reasons == null ? List.of() : reasons;
    }

    private static List<String> add(List<String> reasons, String reason) {
        List<String> out = reasons == null ? new ArrayList<>(4) : reasons;
        out.add(reason);
        return out;
    }

    /** LeastAllocated: the average over cpu and memory of {@code (allocatable - requested) * 100 / allocatable}. */
    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        Resource alloc = nodeInfo.allocatable();
        long nodeScore = 0;
        long weightSum = 0;
        if (alloc.milliCpu() > 0) {
            nodeScore += leastRequestedScore(nodeInfo.nonZeroMilliCpu() + pod.nonZeroMilliCpu(), alloc.milliCpu());
            weightSum++;
        }
        if (alloc.memory() > 0) {
            nodeScore += leastRequestedScore(nodeInfo.nonZeroMemory() + pod.nonZeroMemory(), alloc.memory());
            weightSum++;
        }
        return weightSum == 0 ? 0 : nodeScore / weightSum;
    }

    static long leastRequestedScore(long requested, long capacity) {
        if (capacity == 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX_NODE_SCORE / capacity;
    }

    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(
                ClusterEventWithHint.of(ClusterEvent.Kind.POD, ActionType.DELETE, Fit::afterPodEvent),
                ClusterEventWithHint.of(ClusterEvent.Kind.NODE,
                        ActionType.ADD | ActionType.UPDATE_NODE_ALLOCATABLE, Fit::afterNodeChange));
    }

    /** Queue when an assigned pod was deleted (it freed resources). */
    static QueueingHint afterPodEvent(Pod pod, Object oldObj, Object newObj) {
        if (newObj == null && oldObj instanceof Pod deleted) {
            String node = deleted.getSpec() == null ? null : deleted.getSpec().getNodeName();
            return node == null || node.isEmpty() ? QueueingHint.SKIP : QueueingHint.QUEUE;
        }
        return QueueingHint.SKIP;
    }

    /**
     * Queue when the pod would fit the added node, or fits the updated node and one of the resources it requests (or
     * the pod count) increased.
     */
    static QueueingHint afterNodeChange(Pod pod, Object oldObj, Object newObj) {
        if (!(newObj instanceof Node modified)) {
            return QueueingHint.QUEUE;
        }
        PodInfo info = PodInfo.of(pod);
        if (!insufficientResources(info.requests(), NodeInfo.of(modified)).isEmpty()) {
            return QueueingHint.SKIP;
        }
        if (!(oldObj instanceof Node original)) {
            return QueueingHint.QUEUE;
        }
        return anyRequestedResourceIncreased(info.requests(), NodeInfo.of(original).allocatable(),
                NodeInfo.of(modified).allocatable()) ? QueueingHint.QUEUE : QueueingHint.SKIP;
    }

    static boolean anyRequestedResourceIncreased(Resource request, Resource before, Resource after) {
        if (after.allowedPodNumber() > before.allowedPodNumber()) {
            return true;
        }
        if (request.isZero()) {
            return false;
        }
        if (request.milliCpu() > 0 && after.milliCpu() > before.milliCpu()
                || request.memory() > 0 && after.memory() > before.memory()
                || request.ephemeralStorage() > 0 && after.ephemeralStorage() > before.ephemeralStorage()) {
            return true;
        }
        for (Map.Entry<String, Long> e : request.scalar().entrySet()) {
            if (e.getValue() != 0 && after.scalar(e.getKey()) > before.scalar(e.getKey())) {
                return true;
            }
        }
        return false;
    }
}
