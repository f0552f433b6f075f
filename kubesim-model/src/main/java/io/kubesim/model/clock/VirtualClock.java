package io.kubesim.model.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one cluster clock (DESIGN.md §7): virtual time starts at {@code origin} and runs {@code speed} times faster than
 * the wall clock. Every process of a cluster is given the same origin and speed, so all of them agree on what "300 s
 * later" means; timestamps written into objects are virtual time.
 */
public final class VirtualClock extends Clock {

    /** Configuration key of the origin (epoch milliseconds, wall clock). */
    public static final String ORIGIN_PROPERTY = "kubesim.clock.origin";
    /** Configuration key of the speed factor. */
    public static final String SPEED_PROPERTY = "kubesim.clock.speed";

    private final long originMillis;
    private final double speed;

    public VirtualClock(long originMillis, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("clock speed must be a positive number: " + speed);
        }
        this.originMillis = originMillis;
        this.speed = speed;
    }

    /** Real time, speed 1. */
    public static VirtualClock realTime() {
        return new VirtualClock(System.currentTimeMillis(), 1.0);
    }

    public long originMillis() {
        return originMillis;
    }

    public double speed() {
        return speed;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
        long real = System.currentTimeMillis();
        if (speed == 1.0) {
            return real;
        }
        return originMillis + Math.round((real - originMillis) * speed);
    }

    /** How long to wait on the wall clock for {@code virtual} to pass on this clock. */
    public Duration toReal(Duration virtual) {
        if (speed == 1.0) {
            return virtual;
        }
        return Duration.ofNanos(Math.max(0, Math.round(virtual.toNanos() / speed)));
    }

    /** How much virtual time passes during {@code real} wall-clock time. */
    public Duration toVirtual(Duration real) {
        if (speed == 1.0) {
            return real;
        }
        return Duration.ofNanos(Math.round(real.toNanos() * speed));
    }

    /** Sleeps until {@code virtual} has passed on this clock. */
    public void sleep(Duration virtual) throws InterruptedException {
        long nanos = toReal(virtual).toNanos();
        if (nanos > 0) {
            Thread.sleep(Duration.ofNanos(nanos));
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("the cluster clock is UTC");
        }
        return this;
    }

    @Override
    public String toString() {
        return "VirtualClock[origin=" + Instant.ofEpochMilli(originMillis) + ", speed=" + speed + "]";
    }
}
