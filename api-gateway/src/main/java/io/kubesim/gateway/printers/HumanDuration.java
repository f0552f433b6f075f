package io.kubesim.gateway.printers;

import java.time.Duration;
import java.time.Instant;

/**
 * The AGE and "ago" text of kubectl tables: about two significant figures of a duration ({@code 45s}, {@code 3m20s},
 * {@code 5h}, {@code 2d3h}, {@code 75d}, {@code 3y12d}).
 *
 * <p>Behaves as upstream's {@code HumanDuration} in staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go
 * (Kubernetes 1.32), including the two seconds of tolerated clock skew, and as {@code translateTimestampSince} in
 * pkg/printers/internalversion/printers.go for a missing timestamp.
 */
final class HumanDuration {

    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;

    private HumanDuration() {
    }

    /** The time since {@code then}, or {@code <unknown>} when there is no timestamp. */
    static String since(Instant then, Instant now) {
        return then == null ? "<unknown>" : format(Duration.between(then, now));
    }

    static String format(Duration duration) {
        long nanos = duration.toNanos();
        long seconds = nanos / SECOND;
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = nanos / MINUTE;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = nanos / HOUR;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        }
        if (hours < 24 * 365 * 8) {
            long days = hours / 24 % 365;
            return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
