package io.kubesim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class ControllerPropertiesTest {

    @Configuration
    @EnableConfigurationProperties(ControllerProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void defaultsAreKubernetes132s() {
        runner.run(ctx -> assertThat(ctx.getBean(ControllerProperties.class)).isEqualTo(
                ControllerProperties.defaults()));
    }

    @Test
    void theGracePeriodCanBeSet() {
        runner.withPropertyValues("kubesim.controller.node-monitor-grace-period=40s").run(ctx -> assertThat(
                ctx.getBean(ControllerProperties.class).nodeMonitorGracePeriod()).isEqualTo(Duration.ofSeconds(40)));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("a zero grace period is refused", "kubesim.controller.node-monitor-grace-period=0s"),
                Arguments.of("a negative eviction rate is refused", "kubesim.controller.node-eviction-rate=-1"),
                Arguments.of("an unhealthy-zone threshold above 1 is refused",
                        "kubesim.controller.unhealthy-zone-threshold=1.5"),
                Arguments.of("zero workers are refused", "kubesim.controller.concurrency.deployment=0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidSettingsStopTheStart(String sentence, String property) {
        runner.withPropertyValues(property).run(ctx -> assertThat(ctx).hasFailed());
        runner.withPropertyValues(property).run(ctx -> assertThat(List.of(ctx.getStartupFailure().toString()))
                .allMatch(s -> s.contains("ControllerProperties") || s.contains("kubesim.controller")));
    }
}
