package io.kubesim.scheduler.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.kubesim.scheduler.framework.ProfileConfig;
import io.kubesim.scheduler.framework.SchedulerConfig;

/**
 * The scheduler's settings under {@code kubesim.scheduler} (upstream's {@code KubeSchedulerConfiguration}, Kubernetes
 * 1.32 defaults). Durations are cluster (virtual) time. Invalid settings stop the start-up.
 *
 * @param seed                      seed of the tie-break (and preemption-offset) randomness: the same seed and the same
 *                                  events give the same placements
 * @param parallelism               threads that filter and score nodes ({@code parallelism}, upstream 16)
 * @param topN                      how many scored nodes each decision record lists
 * @param podInitialBackoff         backoff after the first failed attempt ({@code podInitialBackoffSeconds}, 1 s)
 * @param podMaxBackoff             backoff cap ({@code podMaxBackoffSeconds}, 10 s)
 * @param podMaxInUnschedulablePods how long an unschedulable pod waits for a helpful cluster event before it is
 *                                  retried anyway (upstream's fixed 5 minutes)
 * @param extraImageCatalog         image catalog files added to the simulated registry's built-in catalog, for the
 *                                  ImageArchitecture filter (the same files as the agents'
 *                                  {@code kubesim.agent.registry.extra-catalog})
 * @param profiles                  the profiles, selected by the pods' {@code spec.schedulerName}; by default one
 *                                  {@code default-scheduler} profile with upstream's plugins
 */
@Validated
@ConfigurationProperties("kubesim.scheduler")
public record SchedulerProperties(
        @DefaultValue("0") long seed,
        @Min(1) @Max(256) @DefaultValue("16") int parallelism,
        @Min(0) @Max(100) @DefaultValue("3") int topN,
        @NotNull @DurationMin(millis = 1) @DefaultValue("1s") Duration podInitialBackoff,
        @NotNull @DurationMin(millis = 1) @DefaultValue("10s") Duration podMaxBackoff,
        @NotNull @DurationMin(millis = 1) @DefaultValue("5m") Duration podMaxInUnschedulablePods,
        List<Path> extraImageCatalog,
        @NotEmpty List<@Valid Profile> profiles) {

    /**
     * One profile.
     *
     * @param schedulerName            the {@code spec.schedulerName} it serves
     * @param imageArchitecture        whether kubesim's ImageArchitecture filter runs (nodes whose os/arch the pod's
     *                                 images are not published for are filtered out)
     * @param disabledPlugins          upstream plugins switched off, by name
     * @param weights                  score weights by plugin name (1..100); unlisted plugins keep upstream's
     * @param percentageOfNodesToScore 0 (adaptive) .. 100
     */
    public record Profile(
            @NotBlank String schedulerName,
            @DefaultValue("false") boolean imageArchitecture,
            Set<String> disabledPlugins,
            Map<String, Integer> weights,
            @Min(0) @Max(100) @DefaultValue("0") int percentageOfNodesToScore) {

        public Profile {
            disabledPlugins = disabledPlugins == null ? Set.of() : Set.copyOf(disabledPlugins);
            weights = weights == null ? Map.of() : Map.copyOf(weights);
        }

        ProfileConfig toConfig() {
            ProfileConfig p = ProfileConfig.defaults(schedulerName).withImageArchitecture(imageArchitecture)
                    .withDisabled(disabledPlugins.toArray(String[]::new))
                    .withPercentageOfNodesToScore(percentageOfNodesToScore);
            for (Map.Entry<String, Integer> w : weights.entrySet()) {
                p = p.withWeight(w.getKey(), w.getValue());
            }
            return p;
        }
    }

    public SchedulerProperties {
        extraImageCatalog = extraImageCatalog == null ? List.of() : List.copyOf(extraImageCatalog);
        profiles = profiles == null || profiles.isEmpty()
                ? List.of(new Profile(ProfileConfig.DEFAULT_SCHEDULER_NAME, false, null, null, 0))
                : List.copyOf(profiles);
        if (podInitialBackoff != null && podMaxBackoff != null && podMaxBackoff.compareTo(podInitialBackoff) < 0) {
            throw new IllegalArgumentException("kubesim.scheduler.pod-max-backoff (" + podMaxBackoff
                    + ") must not be less than pod-initial-backoff (" + podInitialBackoff + ")");
        }
        for (Profile p : profiles) {
            if (p == null || p.schedulerName() == null || p.schedulerName().isBlank()) {
                throw new IllegalArgumentException("kubesim.scheduler.profiles: every profile needs a scheduler-name");
            }
        }
        if (podInitialBackoff != null && podMaxBackoff != null && podMaxInUnschedulablePods != null
                && !podInitialBackoff.isNegative() && !podInitialBackoff.isZero()
                && !podMaxInUnschedulablePods.isNegative() && !podMaxInUnschedulablePods.isZero()) {
            toConfig(seed, parallelism, topN, podInitialBackoff, podMaxBackoff, podMaxInUnschedulablePods,
                    profiles); // the core's own checks: plugin names, weights, duplicate profiles
        }
    }

    /** The core's configuration. */
    public SchedulerConfig toConfig() {
        return toConfig(seed, parallelism, topN, podInitialBackoff, podMaxBackoff, podMaxInUnschedulablePods,
                profiles);
    }

    private static SchedulerConfig toConfig(long seed, int parallelism, int topN, Duration initial, Duration max,
            Duration maxInUnschedulable, List<Profile> profiles) {
        return new SchedulerConfig(profiles.stream().map(Profile::toConfig).toList(), seed, Math.max(1, parallelism),
                initial, max, maxInUnschedulable, Math.max(0, topN));
    }
}
