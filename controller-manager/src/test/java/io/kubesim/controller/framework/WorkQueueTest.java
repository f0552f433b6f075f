package io.kubesim.controller.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.kubesim.model.clock.VirtualClock;

class WorkQueueTest {

    private final VirtualClock clock = new VirtualClock(System.currentTimeMillis(), 100);

    @Test
    void aKeyAddedSeveralTimesBeforeItIsHandledIsHandledOnce() throws Exception {
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(2);
        WorkQueue<String> q = new WorkQueue<>("t", 2, clock, k -> {
            handled.add(k);
            done.countDown();
        }, () -> { });
        for (int i = 0; i < 5; i++) {
            q.add("a");
        }
        q.add("b");
        q.start();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        q.close();
        assertThat(handled.stream().sorted().toList()).isEqualTo(List.of("a", "b"));
    }

    @Test
    void aKeyAddedWhileBeingHandledIsHandledAgainAfterwardsNeverConcurrently() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WorkQueue<String> q = new WorkQueue<>("t", 4, clock, k -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            if (runs.incrementAndGet() == 1) {
                firstStarted.countDown();
                release.await();
            }
            running.decrementAndGet();
        }, () -> { });
        q.start();
        q.add("a");
        assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
        q.add("a");
        q.add("a");
        Thread.sleep(50);
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!q.idle() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        q.close();
        assertThat(List.of(runs.get(), maxRunning.get())).isEqualTo(List.of(2, 1));
    }

    @Test
    void aFailingKeyIsRetriedWithBackoffUntilItSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch succeeded = new CountDownLatch(1);
        WorkQueue<String> q = new WorkQueue<>("t", 1, clock, k -> {
            if (attempts.incrementAndGet() < 4) {
                throw new ApiError(409, "Conflict", "stale");
            }
            succeeded.countDown();
        }, () -> { });
        q.start();
        q.add("a");
        assertThat(succeeded.await(5, TimeUnit.SECONDS)).isTrue();
        q.close();
        assertThat(List.of(attempts.get(), q.retries("a"))).isEqualTo(List.of(4, 0));
    }

    @Test
    void retryDelaysDoubleFromFiveMillisecondsUpToThousandSeconds() {
        AtomicLong nanos = new AtomicLong();
        RetryLimiter limiter = new RetryLimiter(new TokenBucket(10, 100, nanos::get));
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            delays.add(limiter.when("k"));
        }
        assertThat(delays).isEqualTo(List.of(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofMillis(40), Duration.ofMillis(80)));
        for (int i = 0; i < 30; i++) {
            limiter.when("k");
        }
        assertThat(limiter.when("k")).isEqualTo(Duration.ofSeconds(1000));
        limiter.forget("k");
        assertThat(limiter.when("k")).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void theOverallBucketSlowsRetriesOnceItsBurstIsSpent() {
        AtomicLong nanos = new AtomicLong();
        RetryLimiter limiter = new RetryLimiter(new TokenBucket(10, 100, nanos::get));
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.when("k" + i)).isEqualTo(Duration.ofMillis(5));
        }
        assertThat(List.of(limiter.when("x"), limiter.when("y")))
                .isEqualTo(List.of(Duration.ofMillis(100), Duration.ofMillis(200)));
    }

    @Test
    void addAfterWaitsClusterTime() throws Exception {
        CountDownLatch handled = new CountDownLatch(1);
        WorkQueue<String> q = new WorkQueue<>("t", 1, clock, k -> handled.countDown(), () -> { });
        q.start();
        long start = System.nanoTime();
        q.addAfter("a", Duration.ofSeconds(20));
        assertThat(handled.await(5, TimeUnit.SECONDS)).isTrue();
        long realMillis = (System.nanoTime() - start) / 1_000_000;
        q.close();
        assertThat(realMillis).as("20 s of cluster time at 100x is 200 ms").isBetween(190L, 1000L);
    }
}
