package io.kubesim.agent.pod;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Exponential back-off per key, as client-go's {@code flowcontrol.Backoff} the kubelet uses for container restarts
 * (key: pod + container) and image pulls (key: pod uid + image): starts at 10 s, doubles, caps at 300 s, no jitter;
 * an entry whose last update is more than twice the cap older than the event (10 min of running) starts over.
 */
final class BackOff {

    /** kubelet's {@code backOffPeriod} and {@code imageBackOffPeriod}. */
    static final Duration INITIAL = Duration.ofSeconds(10);
    /** kubelet's {@code MaxContainerBackOff} and {@code MaxImageBackOff}. */
    static final Duration MAX = Duration.ofSeconds(300);

    private record Entry(Duration backoff, Instant lastUpdate) {
    }

    private final Map<String, Entry> entries = new HashMap<>();

    /** Moves {@code key} one step on (first step: {@link #INITIAL}) and returns its new back-off. */
    Duration next(String key, Instant eventTime, Instant now) {
        Entry e = entries.get(key);
        Duration d;
        if (e == null || expired(eventTime, e)) {
            d = INITIAL;
        } else {
            Duration doubled = e.backoff().multipliedBy(2);
            d = doubled.compareTo(MAX) > 0 ? MAX : doubled;
        }
        entries.put(key, new Entry(d, now));
        return d;
    }

    /** {@code IsInBackOffSince}: whether less than the back-off has passed since {@code eventTime}. */
    boolean inBackOffSince(String key, Instant eventTime, Instant now) {
        Entry e = entries.get(key);
        if (e == null || expired(eventTime, e)) {
            return false;
        }
        return Duration.between(eventTime, now).compareTo(e.backoff()) < 0;
    }

    /** {@code IsInBackOffSinceUpdate}: whether less than the back-off has passed since the last step. */
    boolean inBackOffSinceUpdate(String key, Instant now) {
        Entry e = entries.get(key);
        if (e == null || expired(now, e)) {
            return false;
        }
        return Duration.between(e.lastUpdate(), now).compareTo(e.backoff()) < 0;
    }

    /** The current back-off of {@code key} (zero if none). */
    Duration get(String key) {
        Entry e = entries.get(key);
        return e == null ? Duration.ZERO : e.backoff();
    }

    /** When the back-off of {@code key} started from its last step ends. */
    Instant endSinceUpdate(String key) {
        Entry e = entries.get(key);
        return e == null ? Instant.MIN : e.lastUpdate().plus(e.backoff());
    }

    private static boolean expired(Instant eventTime, Entry e) {
        return Duration.between(e.lastUpdate(), eventTime).compareTo(MAX.multipliedBy(2)) > 0;
    }
}
