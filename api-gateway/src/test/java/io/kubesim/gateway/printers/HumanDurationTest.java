package io.kubesim.gateway.printers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HumanDurationTest {

    static Stream<Arguments> durations() {
        return Stream.of(
                Arguments.of("45 seconds read as seconds", Duration.ofSeconds(45), "45s"),
                Arguments.of("under two minutes still reads in seconds", Duration.ofSeconds(119), "119s"),
                Arguments.of("exactly two minutes reads as minutes", Duration.ofMinutes(2), "2m"),
                Arguments.of("200 seconds read as minutes and seconds", Duration.ofSeconds(200), "3m20s"),
                Arguments.of("from ten minutes on seconds are dropped", Duration.ofSeconds(10 * 60 + 59), "10m"),
                Arguments.of("just under three hours reads in minutes", Duration.ofMinutes(179), "179m"),
                Arguments.of("five hours read as hours", Duration.ofHours(5), "5h"),
                Arguments.of("under eight hours keeps the minutes", Duration.ofMinutes(7 * 60 + 59), "7h59m"),
                Arguments.of("under two days reads in hours", Duration.ofHours(47), "47h"),
                Arguments.of("51 hours read as days and hours", Duration.ofHours(51), "2d3h"),
                Arguments.of("a whole number of days drops the hours", Duration.ofDays(3), "3d"),
                Arguments.of("from eight days on hours are dropped", Duration.ofHours(8 * 24 + 5), "8d"),
                Arguments.of("75 days read as days", Duration.ofDays(75), "75d"),
                Arguments.of("two years and twelve days", Duration.ofDays(2 * 365 + 12), "2y12d"),
                Arguments.of("from eight years on only years", Duration.ofDays(9 * 365 + 40), "9y"),
                Arguments.of("a clock one second behind reads as now", Duration.ofMillis(-1500), "0s"),
                Arguments.of("a clock two seconds behind is invalid", Duration.ofSeconds(-2), "<invalid>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durations")
    void formatsLikeKubectl(String description, Duration duration, String expected) {
        assertThat(HumanDuration.format(duration)).isEqualTo(expected);
    }

    @Test
    void anObjectWithoutTimestampHasAnUnknownAge() {
        assertThat(HumanDuration.since(null, Instant.EPOCH)).isEqualTo("<unknown>");
    }
}
