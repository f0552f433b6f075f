package io.kubesim.controller.framework;

import java.util.function.LongSupplier;

/**
 * A token bucket with golang.org/x/time/rate semantics, as client-go's {@code flowcontrol} and {@code workqueue}
 * bucket limiters use it: {@code rate} tokens per second are added up to {@code burst}; a rate of zero never hands
 * out a token (flowcontrol's "fake never" limiter). The time source is injected so the same class serves real-time
 * limits (work-queue retries) and virtual-time limits (node eviction rates).
 */
public final class TokenBucket {

    private final double rate;
    private final double burst;
    private final LongSupplier nanos;
    private double tokens;
    private long last;

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
        this.nanos = nanos;
        this.tokens = burst;
        this.last = nanos.getAsLong();
    }

    public double rate() {
        return rate;
    }

    /** Takes a token if one is available now. */
    public synchronized boolean tryAccept() {
        if (rate == 0) {
            return false;
        }
        advance();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Takes a token, possibly from the future: returns how many nanoseconds to wait until it is due. */
    public synchronized long reserveNanos() {
        if (rate == 0) {
            return Long.MAX_VALUE;
        }
        advance();
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / rate * 1e9);
    }

    /** Nanoseconds until the next token is available (0 if one is available now). */
    public synchronized long nanosUntilToken() {
        if (rate == 0) {
            return Long.MAX_VALUE;
        }
        advance();
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / rate * 1e9);
    }

    private void advance() {
        long now = nanos.getAsLong();
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed / 1e9 * rate);
            last = now;
        }
    }
}
