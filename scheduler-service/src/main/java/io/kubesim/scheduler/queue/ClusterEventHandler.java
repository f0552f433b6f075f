package io.kubesim.scheduler.queue;

import java.util.Objects;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.ClusterEvent;
import io.kubesim.scheduler.framework.Profiles;
import io.kubesim.scheduler.framework.SchedulerCache;

/**
 * Feeds watch events of pods and nodes to the cache and the queue (pkg/scheduler/eventhandlers.go, Kubernetes 1.32):
 * assigned pods go to the cache, pending pods of this scheduler's profiles to the queue (pods for other schedulers
 * are ignored), pods in phase Succeeded or Failed are treated as gone, and every change is turned into the cluster
 * events that may make unschedulable pods schedulable.
 */
public final class ClusterEventHandler {

    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private final Profiles profiles;

    public ClusterEventHandler(SchedulerCache cache, SchedulingQueue queue, Profiles profiles) {
        this.cache = cache;
        this.queue = queue;
        this.profiles = profiles;
    }

    public void onPodAdd(Pod pod) {
        if (terminated(pod)) {
            return;
        }
        if (assigned(pod)) {
            cache.addPod(pod);
            queue.moveAllToActiveOrBackoffQueue(ClusterEvent.ASSIGNED_POD_ADD, null, pod);
        } else if (profiles.responsibleFor(pod)) {
            queue.add(pod);
        }
    }

    public void onPodUpdate(Pod oldPod, Pod newPod) {
        boolean oldVisible = !terminated(oldPod);
        boolean newVisible = !terminated(newPod);
        if (!newVisible) {
            if (oldVisible) {
                onPodDelete(oldPod);
            }
            return;
        }
        if (!oldVisible) {
            onPodAdd(newPod);
            return;
        }
        if (assigned(oldPod) && assigned(newPod)) {
            cache.updatePod(oldPod, newPod);
            for (ClusterEvent e : ClusterEvents.podChange(newPod, oldPod)) {
                queue.moveAllToActiveOrBackoffQueue(e, oldPod, newPod);
            }
            return;
        }
        if (assigned(newPod)) {
            if (profiles.responsibleFor(oldPod)) {
                queue.delete(oldPod);
            }
            onPodAdd(newPod);
            return;
        }
        boolean wasMine = profiles.responsibleFor(oldPod);
        boolean isMine = profiles.responsibleFor(newPod);
        if (wasMine && !isMine) {
            queue.delete(oldPod);
        } else if (!wasMine && isMine) {
            queue.add(newPod);
        } else if (isMine) {
            if (Objects.equals(oldPod.getMetadata().getResourceVersion(), newPod.getMetadata().getResourceVersion())
                    && oldPod.getMetadata().getResourceVersion() != null) {
                return;
            }
            if (cache.isAssumed(newPod.getMetadata().getUid())) {
                return;
            }
            queue.update(oldPod, newPod);
        }
    }

    public void onPodDelete(Pod pod) {
        if (assigned(pod)) {
            cache.removePod(pod);
            queue.moveAllToActiveOrBackoffQueue(ClusterEvent.ASSIGNED_POD_DELETE, pod, null);
        } else if (profiles.responsibleFor(pod)) {
            queue.delete(pod);
            String uid = pod.getMetadata().getUid();
            if (cache.isAssumed(uid)) {
                cache.forget(uid);
                queue.moveAllToActiveOrBackoffQueue(ClusterEvent.ASSIGNED_POD_DELETE, pod, null);
            }
        }
    }

    public void onNodeAdd(Node node) {
        cache.addNode(node);
        queue.moveAllToActiveOrBackoffQueue(ClusterEvent.NODE_ADD, null, node);
    }

    public void onNodeUpdate(Node oldNode, Node newNode) {
        cache.updateNode(oldNode, newNode);
        for (ClusterEvent e : ClusterEvents.nodeChange(newNode, oldNode)) {
            queue.moveAllToActiveOrBackoffQueue(e, oldNode, newNode);
        }
    }

    public void onNodeDelete(Node node) {
        cache.removeNode(node);
        queue.moveAllToActiveOrBackoffQueue(ClusterEvent.NODE_DELETE, node, null);
    }

    private static boolean assigned(Pod pod) {
        return !ClusterEvents.nodeName(pod).isEmpty();
    }

    private static boolean terminated(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
