package io.kubesim.model.clock;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Kubernetes' two timestamp formats: {@code Time} (seconds) and {@code MicroTime} (microseconds). */
public final class KubeTime {

    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private KubeTime() {
    }

    /** {@code 2026-11-22T03:04:05Z}. */
    public static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** {@code 2026-11-22T03:04:05.123456Z}. */
    public static String microTime(Instant instant) {
        return MICRO.format(instant);
    }

    /** Parses either format; null for null or empty text. */
    public static Instant parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return Instant.parse(text);
    }
}
