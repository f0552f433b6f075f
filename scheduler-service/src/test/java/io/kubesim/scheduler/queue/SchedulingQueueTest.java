package io.kubesim.scheduler.queue;

import static io.kubesim.scheduler.framework.TestObjects.node;
import static io.kubesim.scheduler.framework.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.ClusterEvent;
import io.kubesim.scheduler.framework.MutableClock;
import io.kubesim.scheduler.framework.Nomination;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.Profiles;
import io.kubesim.scheduler.framework.QueuedPodInfo;
import io.kubesim.scheduler.framework.SchedulerConfig;
import io.kubesim.scheduler.plugins.DefaultPlugins;
import io.kubesim.scheduler.plugins.TestScheduler;
import io.kubesim.scheduler.plugins.queuesort.PrioritySort;

/** Behaviour of pkg/scheduler/backend/queue/scheduling_queue.go (1.32, queueing hints on), on a fake clock. */
class SchedulingQueueTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final SchedulerConfig config = SchedulerConfig.defaults(1);
    private final Profiles profiles = DefaultPlugins.profiles(config, TestScheduler.deps());
    private final SchedulingQueue queue = new SchedulingQueue(clock, profiles, new PrioritySort(), config);

    private QueuedPodInfo popNow() throws InterruptedException {
        return queue.pop(Duration.ZERO).orElseThrow();
    }

    private List<String> drain() throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (Optional<QueuedPodInfo> p = queue.pop(Duration.ZERO); p.isPresent(); p = queue.pop(Duration.ZERO)) {
            out.add(p.get().podInfo().name());
            queue.done(p.get().podInfo().uid());
        }
        return out;
    }

    /** Pops the pod and puts it back as rejected by these plugins. */
    private QueuedPodInfo rejected(Pod pod, String... plugins) throws InterruptedException {
        queue.add(pod);
        QueuedPodInfo p = popNow();
        queue.requeueAfterFailure(p, Set.of(plugins), Nomination.KEEP);
        return p;
    }

    @Test
    void podsPopByPriorityThenByEnqueueTime() throws InterruptedException {
        queue.add(pod("low-1").priority(0).build());
        clock.advance(Duration.ofSeconds(1));
        queue.add(pod("high").priority(10).build());
        clock.advance(Duration.ofSeconds(1));
        queue.add(pod("low-2").priority(0).build());
        assertThat(drain()).isEqualTo(List.of("high", "low-1", "low-2"));
    }

    static Stream<Arguments> backoffCases() {
        return Stream.of(arguments("no attempt, no backoff", 0, Duration.ZERO),
                arguments("the first failure waits 1 s", 1, Duration.ofSeconds(1)),
                arguments("the second failure waits 2 s", 2, Duration.ofSeconds(2)),
                arguments("the fourth failure waits 8 s", 4, Duration.ofSeconds(8)),
                arguments("the fifth failure is capped at 10 s", 5, Duration.ofSeconds(10)),
                arguments("later failures stay at 10 s", 9, Duration.ofSeconds(10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backoffCases")
    void backoff(String name, int attempts, Duration expected) {
        assertThat(queue.backoffDuration(attempts)).isEqualTo(expected);
    }

    @Test
    void anUnschedulablePodWaitsForAnEventItsRejectingPluginRegistered() throws InterruptedException {
        rejected(pod("p").nodeSelector("disk", "ssd").build(), "NodeAffinity");
        assertThat(queue.location("p-uid")).contains("unschedulable");
        queue.moveAllToActiveOrBackoffQueue(ClusterEvent.NODE_ADD, null, node("hdd").label("disk", "hdd").build());
        queue.moveAllToActiveOrBackoffQueue(ClusterEvent.ASSIGNED_POD_DELETE, pod("e").node("x").build(), null);
        assertThat(queue.location("p-uid")).contains("unschedulable");
        queue.moveAllToActiveOrBackoffQueue(ClusterEvent.NODE_ADD, null, node("ssd").label("disk", "ssd").build());
        assertThat(queue.location("p-uid")).contains("backoff");
        assertThat(queue.pop(Duration.ZERO)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(drain()).isEqualTo(List.of("p"));
    }

    @Test
    void aPodWhoseBackoffIsOverGoesStraightToTheActiveQueue() throws InterruptedException {
        rejected(pod("p").build(), "NodeResourcesFit");
        clock.advance(Duration.ofSeconds(2));
        queue.moveAllToActiveOrBackoffQueue(ClusterEvent.ASSIGNED_POD_DELETE, pod("e").node("x").build(), null);
        assertThat(queue.location("p-uid")).contains("active");
    }

    @Test
    void eventsDuringThePodsOwnCycleAreReplayed() throws InterruptedException {
        queue.add(pod("p").nodeSelector("disk", "ssd").build());
        QueuedPodInfo p = popNow();
        queue.moveAllToActiveOrBackoffQueue(ClusterEvent.NODE_ADD, null, node("ssd").label("disk", "ssd").build());
        queue.requeueAfterFailure(p, Set.of("NodeAffinity"), Nomination.KEEP);
        assertThat(queue.location("p-uid")).contains("backoff");
    }

    @Test
    void eventsBeforeThePodWasPoppedAreNotReplayed() throws InterruptedException {
        queue.add(pod("other").build());
        QueuedPodInfo other = popNow();
        queue.moveAllToActiveOrBackoffQueue(ClusterEvent.NODE_ADD, null, node("ssd").label("disk", "ssd").build());
        queue.add(pod("p").nodeSelector("disk", "ssd").build());
        QueuedPodInfo p = popNow();
        queue.requeueAfterFailure(p, Set.of("NodeAffinity"), Nomination.KEEP);
        queue.done(other.podInfo().uid());
        assertThat(queue.location("p-uid")).contains("unschedulable");
    }

    @Test
    void podsLeftInTheUnschedulablePoolForFiveMinutesAreRetried() throws InterruptedException {
        rejected(pod("p").build(), "NodeAffinity");
        clock.advance(Duration.ofMinutes(5));
        assertThat(queue.pop(Duration.ZERO)).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(drain()).isEqualTo(List.of("p"));
    }

    @Test
    void anInternalErrorGoesToBackoff() throws InterruptedException {
        queue.add(pod("p").build());
        queue.requeueAfterFailure(popNow(), Set.of(), Nomination.CLEAR);
        assertThat(queue.location("p-uid")).contains("backoff");
        clock.advance(Duration.ofMillis(999));
        assertThat(queue.pop(Duration.ZERO)).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(drain()).isEqualTo(List.of("p"));
    }

    @Test
    void anUpdateThatMayHelpMovesTheUnschedulablePod() throws InterruptedException {
        Pod before = pod("p").build();
        rejected(before, "TaintToleration");
        queue.update(before, pod("p").uid("p-uid").label("x", "y").build());
        assertThat(queue.location("p-uid")).contains("unschedulable");
        queue.update(before, pod("p").toleration("dedicated", "Exists", null, "NoSchedule").build());
        assertThat(queue.location("p-uid")).contains("backoff");
    }

    @Test
    void aPodDeletedWhileInFlightIsNotRequeued() throws InterruptedException {
        Pod pod = pod("p").build();
        queue.add(pod);
        QueuedPodInfo p = popNow();
        queue.delete(pod);
        queue.requeueAfterFailure(p, Set.of("NodeAffinity"), Nomination.KEEP);
        assertThat(queue.location("p-uid")).isEmpty();
        assertThat(queue.sizes()).isEqualTo(new SchedulingQueue.Sizes(0, 0, 0));
    }

    @Test
    void aDeletedPendingPodIsGone() throws InterruptedException {
        Pod pod = pod("p").build();
        rejected(pod, "NodeAffinity");
        queue.delete(pod);
        assertThat(queue.sizes()).isEqualTo(new SchedulingQueue.Sizes(0, 0, 0));
    }

    @Test
    void aGatedPodWaitsUntilItsGatesAreRemoved() throws InterruptedException {
        Pod gated = pod("p").gated().build();
        queue.add(gated);
        assertThat(queue.pop(Duration.ZERO)).isEmpty();
        queue.moveAllToActiveOrBackoffQueue(ClusterEvent.UNSCHEDULABLE_TIMEOUT, null, null);
        assertThat(queue.location("p-uid")).contains("unschedulable");
        queue.update(gated, pod("p").build());
        assertThat(drain()).isEqualTo(List.of("p"));
    }

    @Test
    void popWaitsForAPodUntilTheTimeout() throws Exception {
        assertThat(queue.pop(Duration.ofMillis(30))).isEmpty();
        CompletableFuture<Optional<QueuedPodInfo>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.pop(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        queue.add(pod("p").build());
        assertThat(waiting.get(5, TimeUnit.SECONDS).map(q -> q.podInfo().name())).contains("p");
    }

    @Test
    void nominationsAreRecordedAndClearedWithThePod() throws InterruptedException {
        Pod pod = pod("p").priority(5).build();
        queue.add(pod);
        QueuedPodInfo p = popNow();
        queue.requeueAfterFailure(p, Set.of("NodeResourcesFit"), Nomination.of("n1"));
        assertThat(queue.nominatedPodsForNode("n1").stream().map(PodInfo::name).toList()).isEqualTo(List.of("p"));
        queue.update(pod, pod("p").priority(5).label("a", "b").build());
        assertThat(queue.nominatedPodsForNode("n1").stream().map(PodInfo::name).toList()).isEqualTo(List.of("p"));
        queue.delete(pod);
        assertThat(queue.nominatedPodsForNode("n1")).isEmpty();
    }

    @Test
    void aPodAddedWithANominatedNodeIsNominated() {
        queue.add(pod("p").nominated("n2").build());
        assertThat(queue.nominatedPodsForNode("n2").stream().map(PodInfo::name).toList()).isEqualTo(List.of("p"));
    }
}
