package io.kubesim.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import io.kubesim.scheduler.framework.ProfileConfig;
import io.kubesim.scheduler.framework.SchedulerConfig;

/** {@code kubesim.scheduler.*} binding, defaults and validation. */
class SchedulerPropertiesTest {

    @EnableConfigurationProperties(SchedulerProperties.class)
    static class Props {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Props.class);

    @Test
    void withoutSettingsItIsUpstreamsDefaultProfile() {
        runner.run(ctx -> assertThat(ctx.getBean(SchedulerProperties.class).toConfig()).isEqualTo(
                new SchedulerConfig(List.of(ProfileConfig.defaults("default-scheduler")), 0, 16,
                        Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5), 3)));
    }

    @Test
    void profilesSeedAndTimingsAreBound() {
        runner.withPropertyValues("kubesim.scheduler.seed=42", "kubesim.scheduler.parallelism=4",
                        "kubesim.scheduler.top-n=5", "kubesim.scheduler.pod-max-backoff=20s",
                        "kubesim.scheduler.profiles[0].scheduler-name=default-scheduler",
                        "kubesim.scheduler.profiles[1].scheduler-name=arch-aware",
                        "kubesim.scheduler.profiles[1].image-architecture=true",
                        "kubesim.scheduler.profiles[1].disabled-plugins=ImageLocality",
                        "kubesim.scheduler.profiles[1].weights.NodeResourcesFit=5",
                        "kubesim.scheduler.profiles[1].percentage-of-nodes-to-score=50")
                .run(ctx -> assertThat(ctx.getBean(SchedulerProperties.class).toConfig()).isEqualTo(
                        new SchedulerConfig(List.of(ProfileConfig.defaults("default-scheduler"),
                                new ProfileConfig("arch-aware", Set.of("ImageLocality"),
                                        Map.of("NodeResourcesFit", 5), true, 50, 1, 10, 100)), 42, 4,
                                Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofMinutes(5), 5)));
    }

    @Test
    void invalidSettingsStopTheStart() {
        for (String bad : List.of("kubesim.scheduler.parallelism=0", "kubesim.scheduler.top-n=-1",
                "kubesim.scheduler.pod-initial-backoff=0s", "kubesim.scheduler.pod-max-backoff=500ms",
                "kubesim.scheduler.profiles[0].disabled-plugins=NoSuchPlugin",
                "kubesim.scheduler.profiles[0].image-architecture=true",
                "kubesim.scheduler.profiles[0].weights.TaintToleration=101")) {
            runner.withPropertyValues(bad).run(ctx -> assertThat(ctx).as(bad).hasFailed());
        }
    }
}
