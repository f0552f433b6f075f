package io.kubesim.controller.daemonset;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * client-go's {@code flowcontrol.Backoff} as the DaemonSet controller uses it for failed pods (1 s doubling to
 * 15 min per DaemonSet and node), on the cluster clock: a node whose daemon pod keeps failing is not hot-looped.
 */
final class FailedPodBackoff {

    static final Duration INITIAL = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofMinutes(15);

    private record Entry(Duration backoff, Instant lastUpdate) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** {@code IsInBackOffSinceUpdate}. */
    boolean inBackoff(String key, Instant now) {
        Entry e = entries.get(key);
        return e != null && !hasExpired(e, now) && Duration.between(e.lastUpdate(), now).compareTo(e.backoff()) < 0;
    }

    /** The current delay of a key (zero if none). */
    Duration get(String key) {
        Entry e = entries.get(key);
        return e == null ? Duration.ZERO : e.backoff();
    }

    /** {@code Next}: starts at 1 s, doubles up to 15 min; an entry idle for twice the maximum starts over. */
    void next(String key, Instant now) {
        entries.compute(key, (k, e) -> {
            if (e == null || hasExpired(e, now)) {
                return new Entry(INITIAL, now);
            }
            Duration doubled = e.backoff().multipliedBy(2);
            return new Entry(doubled.compareTo(MAX) > 0 ? MAX : doubled, now);
        });
    }

    private static boolean hasExpired(Entry e, Instant now) {
        return Duration.between(e.lastUpdate(), now).compareTo(MAX.multipliedBy(2)) > 0;
    }
}
