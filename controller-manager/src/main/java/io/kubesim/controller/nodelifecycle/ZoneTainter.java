package io.kubesim.controller.nodelifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.kubesim.controller.framework.TokenBucket;

/**
 * One zone's {@code RateLimitedTimedQueue} (pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go): nodes
 * waiting to be tainted NoExecute, handed out at the zone's eviction rate (token bucket, burst 1, on the cluster
 * clock). A node stays in the queue's set after it was processed, so it is not queued again until
 * {@link #setRemove} or {@link #remove}.
 */
final class ZoneTainter {

    /** {@code EvictionRateLimiterBurst}. */
    static final int BURST = 1;

    private record Item(String node, String uid, Instant processAt, long seq) {
    }

    private final LongSupplier nanos;
    private final List<Item> queue = new ArrayList<>();
    private final Set<String> set = new HashSet<>();
    private TokenBucket limiter;
    private long seq;

    ZoneTainter(double qps, LongSupplier nanos) {
        this.nanos = nanos;
        this.limiter = new TokenBucket(qps, BURST, nanos);
    }

    double qps() {
        return limiter.rate();
    }

    /** Queues a node unless it is in the set; whether it was added. */
    boolean add(String node, String uid, Instant now) {
        if (set.contains(node)) {
            return false;
        }
        set.add(node);
        queue.add(new Item(node, uid, now, seq++));
        return true;
    }

    /** Drops a node from queue and set; whether it was queued. */
    boolean remove(String node) {
        boolean removed = queue.removeIf(i -> i.node().equals(node));
        set.remove(node);
        return removed;
    }

    /** Forgets that a node was processed, so it may be queued again. */
    void setRemove(String node) {
        set.remove(node);
    }

    /**
     * {@code SwapLimiter}: a new rate; a rate of zero stops the queue; when the old bucket has no token the new one
     * starts drained.
     */
    void swapLimiter(double qps) {
        if (limiter.rate() == qps) {
            return;
        }
        TokenBucket next = new TokenBucket(qps, BURST, nanos);
        if (qps > 0 && !limiter.tryAccept()) {
            next.tryAccept();
        }
        limiter = next;
    }

    /** How the processing function answered: done, or retry after {@code retryAfter}. */
    record Outcome(boolean done, Duration retryAfter) {
        static final Outcome DONE = new Outcome(true, Duration.ZERO);
    }

    /** {@code Try}: processes due nodes while the limiter hands out tokens. */
    void tryProcess(Instant now, Function<String, Outcome> fn) {
        queue.sort(Comparator.comparing(Item::processAt).thenComparingLong(Item::seq));
        while (!queue.isEmpty()) {
            if (!limiter.tryAccept()) {
                return;
            }
            Item head = queue.getFirst();
            if (now.isBefore(head.processAt())) {
                return;
            }
            Outcome outcome = fn.apply(head.node());
            queue.removeFirst();
            if (!outcome.done()) {
                queue.add(new Item(head.node(), head.uid(), now.plus(outcome.retryAfter()).plusNanos(1), seq++));
                queue.sort(Comparator.comparing(Item::processAt).thenComparingLong(Item::seq));
            }
        }
    }
}
