package io.kubesim.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProfileConfigTest {

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("an empty scheduler name", (Supplier<Object>) () -> ProfileConfig.defaults(" "),
                        "schedulerName must not be empty"),
                arguments("an unknown plugin", (Supplier<Object>) () ->
                        ProfileConfig.defaults("p").withDisabled("VolumeBinding"), "profile p: unknown plugin VolumeBinding"),
                arguments("a weight of 0", (Supplier<Object>) () -> ProfileConfig.defaults("p").withWeight("ImageLocality", 0),
                        "profile p: weight of ImageLocality must be in 1..100, got 0"),
                arguments("a weight for a filter-only plugin", (Supplier<Object>) () ->
                        ProfileConfig.defaults("p").withWeight("NodePorts", 1), "profile p: NodePorts is not a score plugin"),
                arguments("ImageArchitecture both enabled and disabled", (Supplier<Object>) () ->
                        ProfileConfig.defaults("p").withDisabled("ImageArchitecture").withImageArchitecture(true),
                        "profile p: ImageArchitecture is both enabled and disabled"),
                arguments("a percentage over 100", (Supplier<Object>) () ->
                        ProfileConfig.defaults("p").withPercentageOfNodesToScore(101),
                        "profile p: percentageOfNodesToScore must be in 0..100, got 101"),
                arguments("both preemption candidate minimums zero", (Supplier<Object>) () ->
                        new ProfileConfig("p", Set.of(), Map.of(), false, 0, 1, 0, 0),
                        "profile p: minCandidateNodesPercentage and minCandidateNodesAbsolute cannot both be zero"),
                arguments("two profiles with one name", (Supplier<Object>) () -> SchedulerConfig.defaults(1)
                        .withProfiles(List.of(ProfileConfig.defaults("p"), ProfileConfig.defaults("p"))),
                        "duplicate profile p"),
                arguments("an initial backoff above the maximum", (Supplier<Object>) () -> new SchedulerConfig(
                        List.of(ProfileConfig.defaults("p")), 1, 1, Duration.ofSeconds(20), Duration.ofSeconds(10),
                        Duration.ofMinutes(5), 3), "backoff must satisfy 0 < initial <= max"));
    }

    @ParameterizedTest(name = "{0} is rejected")
    @MethodSource("invalid")
    void rejected(String name, Supplier<Object> config, String message) {
        assertThatThrownBy(config::get).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
