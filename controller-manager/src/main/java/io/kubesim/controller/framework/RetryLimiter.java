package io.kubesim.controller.framework;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * client-go's {@code DefaultControllerRateLimiter} (staging/src/k8s.io/client-go/util/workqueue/default_rate_limiters.go):
 * the larger of a per-item exponential back-off (5 ms doubling up to 1000 s) and an overall token bucket
 * (10 retries per second, burst 100).
 *
 * <p>Retry delays are wall-clock time, not cluster time: they protect the real command bus and state-service from
 * hot loops, so a fast virtual clock must not shorten them.
 */
public final class RetryLimiter {

    static final Duration BASE_DELAY = Duration.ofMillis(5);
    static final Duration MAX_DELAY = Duration.ofSeconds(1000);

    private final Map<Object, Integer> failures = new ConcurrentHashMap<>();
    private final TokenBucket bucket;

    public RetryLimiter() {
        this(new TokenBucket(10, 100, System::nanoTime));
    }

    RetryLimiter(TokenBucket bucket) {
        this.bucket = bucket;
    }

    /** How long to wait before retrying {@code item}; counts one more failure. */
    public Duration when(Object item) {
        int previous = failures.merge(item, 1, Integer::sum) - 1;
        Duration exponential = previous >= 40 ? MAX_DELAY
                : min(BASE_DELAY.multipliedBy(1L << Math.min(previous, 40)), MAX_DELAY);
        Duration overall = Duration.ofNanos(bucket.reserveNanos());
        return exponential.compareTo(overall) >= 0 ? exponential : overall;
    }

    public int retries(Object item) {
        return failures.getOrDefault(item, 0);
    }

    public void forget(Object item) {
        failures.remove(item);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
