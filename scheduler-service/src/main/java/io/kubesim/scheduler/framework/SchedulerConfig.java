package io.kubesim.scheduler.framework;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The scheduler's configuration (upstream {@code KubeSchedulerConfiguration}, Kubernetes 1.32 defaults). Validated
 * on construction.
 *
 * @param profiles                       the profiles, distinct names
 * @param seed                           seed of the tie-break and preemption-offset randomness
 * @param parallelism                    threads that filter and score nodes (the caller included)
 * @param podInitialBackoff              backoff after the first failed attempt (upstream 1 s)
 * @param podMaxBackoff                  backoff cap (upstream 10 s)
 * @param podMaxInUnschedulablePods      how long a pod may wait for an event before it is retried anyway (5 min)
 * @param topScoredNodesToRecord         how many scored nodes each decision record lists
 */
public record SchedulerConfig(List<ProfileConfig> profiles, long seed, int parallelism, Duration podInitialBackoff,
                              Duration podMaxBackoff, Duration podMaxInUnschedulablePods,
                              int topScoredNodesToRecord) {

    public SchedulerConfig {
        profiles = List.copyOf(profiles);
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("at least one profile is required");
        }
        Set<String> names = new HashSet<>();
        for (ProfileConfig p : profiles) {
            if (!names.add(p.schedulerName())) {
                throw new IllegalArgumentException("duplicate profile " + p.schedulerName());
            }
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        if (podInitialBackoff.isNegative() || podInitialBackoff.isZero() || podMaxBackoff.compareTo(podInitialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 < initial <= max");
        }
        if (podMaxInUnschedulablePods.isNegative() || podMaxInUnschedulablePods.isZero()) {
            throw new IllegalArgumentException("podMaxInUnschedulablePods must be positive");
        }
        if (topScoredNodesToRecord < 0) {
            throw new IllegalArgumentException("topScoredNodesToRecord must not be negative");
        }
    }

    /** One default profile, upstream's timings, parallelism 2, 3 recorded nodes. */
    public static SchedulerConfig defaults(long seed) {
        return new SchedulerConfig(List.of(ProfileConfig.defaults(ProfileConfig.DEFAULT_SCHEDULER_NAME)), seed, 2,
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5), 3);
    }

    public SchedulerConfig withProfiles(List<ProfileConfig> newProfiles) {
        return new SchedulerConfig(newProfiles, seed, parallelism, podInitialBackoff, podMaxBackoff,
                podMaxInUnschedulablePods, topScoredNodesToRecord);
    }

    public SchedulerConfig withParallelism(int newParallelism) {
        return new SchedulerConfig(profiles, seed, newParallelism, podInitialBackoff, podMaxBackoff,
                podMaxInUnschedulablePods, topScoredNodesToRecord);
    }
}
