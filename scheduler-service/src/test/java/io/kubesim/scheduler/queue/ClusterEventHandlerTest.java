package io.kubesim.scheduler.queue;

import static io.kubesim.scheduler.framework.TestObjects.node;
import static io.kubesim.scheduler.framework.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubesim.scheduler.framework.MutableClock;
import io.kubesim.scheduler.framework.Nomination;
import io.kubesim.scheduler.framework.Profiles;
import io.kubesim.scheduler.framework.SchedulerCache;
import io.kubesim.scheduler.framework.SchedulerConfig;
import io.kubesim.scheduler.framework.SchedulingAlgorithm;
import io.kubesim.scheduler.framework.SchedulingResult;
import io.kubesim.scheduler.plugins.DefaultPlugins;
import io.kubesim.scheduler.plugins.TestScheduler;
import io.kubesim.scheduler.plugins.queuesort.PrioritySort;

class ClusterEventHandlerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final SchedulerConfig config = SchedulerConfig.defaults(1);
    private final Profiles profiles = DefaultPlugins.profiles(config, TestScheduler.deps());
    private final SchedulerCache cache = new SchedulerCache(clock, Duration.ZERO);
    private final SchedulingQueue queue = new SchedulingQueue(clock, profiles, new PrioritySort(), config);
    private final ClusterEventHandler handler = new ClusterEventHandler(cache, queue, profiles);
    private final SchedulingLoop loop = new SchedulingLoop(queue, cache, new SchedulingAlgorithm(profiles, queue,
            TestScheduler.SEQUENTIAL, clock, new Random(1), 3));

    private static Pod bound(Pod pod, String node) {
        return new PodBuilder(pod).editSpec().withNodeName(node).endSpec().build();
    }

    @Test
    void pendingPodsOfOtherSchedulersAreIgnored() {
        handler.onPodAdd(pod("mine").build());
        handler.onPodAdd(pod("theirs").schedulerName("other-scheduler").build());
        assertThat(queue.sizes()).isEqualTo(new SchedulingQueue.Sizes(1, 0, 0));
    }

    @Test
    void assignedPodsGoToTheCacheAndTerminatedOnesLeaveIt() {
        handler.onNodeAdd(node("n").build());
        Pod running = pod("r").node("n").build();
        handler.onPodAdd(running);
        assertThat(List.of(cache.podCount(), queue.sizes().active())).isEqualTo(List.of(1, 0));
        Pod done = new PodBuilder(running).editOrNewStatus().withPhase("Succeeded").endStatus().build();
        handler.onPodUpdate(running, done);
        assertThat(cache.podCount()).isZero();
    }

    @Test
    void aScheduledPodIsAssumedAndItsBindConfirmsIt() throws InterruptedException {
        handler.onNodeAdd(node("n").build());
        Pod pod = pod("p").build();
        handler.onPodAdd(pod);
        var attempt = loop.scheduleNext(Duration.ZERO).orElseThrow();
        assertThat(attempt.result()).isInstanceOf(SchedulingResult.Scheduled.class);
        assertThat(cache.isAssumed("p-uid")).isTrue();
        loop.bindingSucceeded("p-uid");
        handler.onPodUpdate(pod, bound(pod, "n"));
        assertThat(List.of(cache.isAssumed("p-uid"), cache.podCount(), queue.sizes()))
                .isEqualTo(List.of(false, 1, new SchedulingQueue.Sizes(0, 0, 0)));
    }

    @Test
    void aFailedBindForgetsTheAssumptionAndRetriesAfterBackoff() throws InterruptedException {
        handler.onNodeAdd(node("n").build());
        handler.onPodAdd(pod("p").build());
        loop.scheduleNext(Duration.ZERO);
        loop.bindingFailed("p-uid");
        assertThat(List.of(cache.podCount(), queue.location("p-uid").orElseThrow()))
                .isEqualTo(List.of(0, "backoff"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(loop.scheduleNext(Duration.ZERO).orElseThrow().result())
                .isInstanceOf(SchedulingResult.Scheduled.class);
    }

    @Test
    void aPodBoundElsewhereWhileItsOwnBindFailsIsNotScheduledAgain() throws InterruptedException {
        handler.onNodeAdd(node("n").build());
        handler.onNodeAdd(node("m").build());
        Pod pod = pod("p").build();
        handler.onPodAdd(pod);
        var attempt = loop.scheduleNext(Duration.ZERO).orElseThrow();
        // bindingFailed's steps, with the event of the other scheduler's bind handled between forget and requeue
        cache.forget("p-uid");
        handler.onPodUpdate(pod, bound(pod, "m"));
        queue.requeueAfterFailure(attempt.pod(), Set.of(), Nomination.CLEAR);
        clock.advance(Duration.ofSeconds(10));
        assertThat(loop.scheduleNext(Duration.ZERO)).isEmpty();
        assertThat(List.of(queue.sizes(), cache.podCount(), cache.isAssumed("p-uid")))
                .isEqualTo(List.of(new SchedulingQueue.Sizes(0, 0, 0), 1, false));
    }

    @Test
    void aPodDeletedWhileItsBindFailsIsNotRetried() throws InterruptedException {
        handler.onNodeAdd(node("n").build());
        Pod pod = pod("p").build();
        handler.onPodAdd(pod);
        var attempt = loop.scheduleNext(Duration.ZERO).orElseThrow();
        // bindingFailed's steps, with the pod's deletion handled between forget and requeue
        cache.forget("p-uid");
        handler.onPodDelete(pod);
        queue.requeueAfterFailure(attempt.pod(), Set.of(), Nomination.CLEAR);
        clock.advance(Duration.ofSeconds(10));
        assertThat(loop.scheduleNext(Duration.ZERO)).isEmpty();
        assertThat(List.of(queue.sizes(), cache.podCount())).isEqualTo(List.of(new SchedulingQueue.Sizes(0, 0, 0), 0));
    }

    @Test
    void aFailedBindOfAPodBoundElsewhereMeanwhileRequeuesNothing() throws InterruptedException {
        handler.onNodeAdd(node("n").build());
        handler.onNodeAdd(node("m").build());
        Pod pod = pod("p").build();
        handler.onPodAdd(pod);
        loop.scheduleNext(Duration.ZERO).orElseThrow();
        handler.onPodUpdate(pod, bound(pod, "m"));
        loop.bindingFailed("p-uid");
        clock.advance(Duration.ofSeconds(10));
        assertThat(loop.scheduleNext(Duration.ZERO)).isEmpty();
        assertThat(List.of(queue.sizes(), cache.podCount(), cache.isAssumed("p-uid")))
                .isEqualTo(List.of(new SchedulingQueue.Sizes(0, 0, 0), 1, false));
    }

    @Test
    void aPodBeingDeletedIsDroppedWithoutAnAttempt() throws InterruptedException {
        handler.onNodeAdd(node("n").build());
        Pod pod = pod("p").build();
        handler.onPodAdd(pod);
        Pod deleting = new PodBuilder(pod).editMetadata().withDeletionTimestamp("2025-01-01T00:00:00Z")
                .withResourceVersion("2").endMetadata().build();
        handler.onPodUpdate(pod, deleting);
        assertThat(loop.scheduleNext(Duration.ZERO)).isEmpty();
        assertThat(List.of(queue.sizes(), cache.podCount())).isEqualTo(List.of(new SchedulingQueue.Sizes(0, 0, 0), 0));
    }

    @Test
    void anUnschedulablePodIsRetriedWhenAMatchingNodeArrives() throws InterruptedException {
        handler.onNodeAdd(node("hdd").build());
        handler.onPodAdd(pod("p").nodeSelector("disk", "ssd").build());
        var attempt = loop.scheduleNext(Duration.ZERO).orElseThrow();
        assertThat(((SchedulingResult.Unschedulable) attempt.result()).unschedulablePlugins())
                .isEqualTo(List.of("NodeAffinity"));
        assertThat(queue.location("p-uid")).contains("unschedulable");
        handler.onNodeUpdate(node("hdd").build(), node("hdd").label("zone", "z").build());
        assertThat(queue.location("p-uid")).contains("unschedulable");
        handler.onNodeUpdate(node("hdd").build(), node("hdd").label("disk", "ssd").build());
        clock.advance(Duration.ofSeconds(1));
        var retry = loop.scheduleNext(Duration.ZERO).orElseThrow();
        assertThat(((SchedulingResult.Scheduled) retry.result()).nodeName()).isEqualTo("hdd");
        assertThat(retry.pod().attempts()).isEqualTo(2);
    }

    @Test
    void deletingAnAssignedPodRetriesPodsRejectedForResources() throws InterruptedException {
        handler.onNodeAdd(node("n").capacity("1", "4Gi", 110).build());
        Pod hog = pod("hog").node("n").req("cpu", "1").build();
        handler.onPodAdd(hog);
        handler.onPodAdd(pod("p").req("cpu", "500m").build());
        loop.scheduleNext(Duration.ZERO);
        assertThat(queue.location("p-uid")).contains("unschedulable");
        handler.onPodDelete(hog);
        assertThat(queue.location("p-uid")).contains("backoff");
    }

    @Test
    void aDeletedNodeLeavesTheCache() {
        handler.onNodeAdd(node("n").build());
        handler.onNodeDelete(node("n").build());
        assertThat(cache.nodeCount()).isZero();
    }
}
