package io.kubesim.scheduler.queue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubesim.scheduler.framework.ClusterEvent;
import io.kubesim.scheduler.framework.Nomination;
import io.kubesim.scheduler.framework.QueuedPodInfo;
import io.kubesim.scheduler.framework.SchedulerCache;
import io.kubesim.scheduler.framework.SchedulingAlgorithm;
import io.kubesim.scheduler.framework.SchedulingResult;
import io.kubesim.scheduler.framework.Snapshot;

/**
 * The scheduling cycle of pkg/scheduler/schedule_one.go (Kubernetes 1.32) without the API calls: pops a pod, brings
 * the snapshot up to date, runs the algorithm, assumes the pod on the chosen node, or puts it back into the queue
 * with its rejecting plugins and nomination. The caller performs what the result asks for (bind, FailedScheduling
 * event and condition, victim deletion) and reports the binding's outcome. One thread drives it.
 */
public final class SchedulingLoop {

    /** One attempt: the pod as popped and what became of it. */
    public record Attempt(QueuedPodInfo pod, SchedulingResult result) {
    }

    private final SchedulingQueue queue;
    private final SchedulerCache cache;
    private final SchedulingAlgorithm algorithm;
    private final Snapshot snapshot = new Snapshot();
    private final Map<String, Assumed> binding = new ConcurrentHashMap<>();

    private record Assumed(QueuedPodInfo pod, String nodeName) {
    }

    public SchedulingLoop(SchedulingQueue queue, SchedulerCache cache, SchedulingAlgorithm algorithm) {
        this.queue = queue;
        this.cache = cache;
        this.algorithm = algorithm;
    }

    /**
     * Schedules the next pod; empty when none became ready within {@code timeout}. Pods being deleted and pods
     * already in the cache (assumed or bound) are dropped without an attempt (upstream {@code skipPodSchedule}).
     */
    public Optional<Attempt> scheduleNext(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        QueuedPodInfo p;
        while (true) {
            Optional<QueuedPodInfo> popped = queue.pop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (popped.isEmpty()) {
                return Optional.empty();
            }
            p = popped.get();
            if (!skip(p)) {
                break;
            }
            queue.done(p.podInfo().uid());
        }
        SchedulingResult result;
        try {
            cache.updateSnapshot(snapshot);
            result = algorithm.scheduleOne(p, snapshot);
        } catch (RuntimeException e) {
            // a bug outside the plugins (which end the attempt in an error of its own): the pod must not stay in
            // flight for ever; it is retried after its backoff
            queue.requeueAfterFailure(p, Set.of(), Nomination.CLEAR);
            throw e;
        }
        switch (result) {
            case SchedulingResult.Scheduled s -> {
                String uid = p.podInfo().uid();
                if (cache.assume(p.podInfo(), s.nodeName())) {
                    // the pod stays in flight until its binding cycle ends (upstream calls Done after the bind), so
                    // a deletion or a binding by someone else meanwhile keeps a failed bind from requeueing it
                    binding.put(uid, new Assumed(p, s.nodeName()));
                } else {
                    // bound meanwhile (by another scheduler, or by a bind that timed out): nothing left to schedule
                    String error = "pod " + p.podInfo().key() + " is already in the scheduler cache";
                    queue.done(uid);
                    result = new SchedulingResult.Failed(error, s.decision().asError(error));
                }
            }
            case SchedulingResult.Unschedulable u ->
                    queue.requeueAfterFailure(p, Set.copyOf(u.unschedulablePlugins()), u.nomination());
            case SchedulingResult.Failed f -> queue.requeueAfterFailure(p, Set.of(), Nomination.CLEAR);
        }
        return Optional.of(new Attempt(p, result));
    }

    /**
     * Upstream {@code skipPodSchedule}: a pod being deleted, or one the cache already has (assumed, or bound: a
     * failed bind may requeue a pod whose binding by someone else the cache has just learnt of).
     */
    private boolean skip(QueuedPodInfo p) {
        Pod pod = p.podInfo().pod();
        return pod.getMetadata().getDeletionTimestamp() != null || cache.hasPod(p.podInfo().uid());
    }

    /** The bind of an assumed pod succeeded (its assigned-pod event will confirm it in the cache). */
    public void bindingSucceeded(String podUid) {
        binding.remove(podUid);
        cache.finishBinding(podUid);
        queue.done(podUid);
    }

    /**
     * The bind of an assumed pod failed: forgets the assumption (which frees the node for other pods) and retries
     * the pod after its backoff, unless it was deleted or bound meanwhile (upstream {@code handleBindingCycleError}).
     */
    public void bindingFailed(String podUid) {
        Assumed a = binding.remove(podUid);
        if (a == null) {
            return;
        }
        if (cache.isAssumed(podUid)) {
            cache.forget(podUid);
            Pod assumedPod = new PodBuilder(a.pod().podInfo().pod()).editOrNewSpec().withNodeName(a.nodeName())
                    .endSpec().build();
            queue.moveAllToActiveOrBackoffQueue(ClusterEvent.ASSIGNED_POD_DELETE, assumedPod, null);
        }
        queue.requeueAfterFailure(a.pod(), Set.of(), Nomination.CLEAR);
    }
}
