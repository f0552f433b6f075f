package io.kubesim.controller.framework;

import java.util.function.LongSupplier;

/**
 * A token bucket with golang.org/x/time/rate semantics, as client-go's {@code flowcontrol} and {@code workqueue}
 * bucket limiters use it: {@code rate} tokens per second are added up to {@code burst}; a rate of zero never hands
 * out a token (flowcontrol's "fake never" limiter). The time source is injected so the same class serves real-time
 * limits (work-queue retries) and virtual-time limits (node eviction rates).
 *
 * <p>Kept in integer nanoseconds (the time at which the bucket would be empty) rather than as a fractional token
 * count, so that with 0.1 tokens per second the next token is due after exactly 10 s.
 */
public final class TokenBucket {

    private final double rate;
    private final int burst;
    private final long interval;
    private final LongSupplier nanos;
    /** The bucket holds {@code (now - emptyAt) / interval} tokens, at most {@code burst}. */
    private long emptyAt;

    /**
     * @param rate  tokens per second (0: never)
     * @param burst bucket size; the bucket starts full
     * @param nanos the time source, in nanoseconds
     */
    public TokenBucket(double rate, int burst, LongSupplier nanos) {
        if (rate < 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be >= 0 and burst >= 1");
        }
        this.rate = rate;
        this.burst = burst;
        this.interval = rate == 0 ? Long.MAX_VALUE : Math.max(1, Math.round(1e9 / rate));
        this.nanos = nanos;
        this.emptyAt = rate == 0 ? 0 : nanos.getAsLong() - burst * interval;
    }

    public double rate() {
        return rate;
    }

    /** Takes a token if one is available now. */
    public synchronized boolean tryAccept() {
        if (rate == 0) {
            return false;
        }
        long now = refill();
        if (now - emptyAt >= interval) {
            emptyAt += interval;
            return true;
        }
        return false;
    }

    /** Takes a token, possibly from the future: returns how many nanoseconds to wait until it is due. */
    public synchronized long reserveNanos() {
        if (rate == 0) {
            return Long.MAX_VALUE;
        }
        long now = refill();
        emptyAt += interval;
        return Math.max(0, emptyAt - now);
    }

    private long refill() {
        long now = nanos.getAsLong();
        long full = now - burst * interval;
        if (emptyAt < full) {
            emptyAt = full;
        }
        return now;
    }
}
