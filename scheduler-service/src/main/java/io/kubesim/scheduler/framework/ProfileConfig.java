package io.kubesim.scheduler.framework;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One scheduling profile, selected by a pod's {@code spec.schedulerName} (upstream {@code KubeSchedulerProfile},
 * Kubernetes 1.32 defaults). Validated on construction.
 *
 * @param schedulerName               the profile name pods ask for
 * @param disabledPlugins             plugins switched off (names from {@link PluginNames#CONFIGURABLE})
 * @param scoreWeights                weight per score plugin, 1..100; missing plugins get upstream's default
 * @param imageArchitecture           whether the opt-in ImageArchitecture filter runs
 * @param percentageOfNodesToScore    0 (adaptive, upstream default) .. 100
 * @param hardPodAffinityWeight       InterPodAffinity's weight for existing pods' required affinity, 0..100
 * @param minCandidateNodesPercentage DefaultPreemption's candidate share, 0..100
 * @param minCandidateNodesAbsolute   DefaultPreemption's minimum number of candidates, >= 0
 */
public record ProfileConfig(String schedulerName, Set<String> disabledPlugins, Map<String, Integer> scoreWeights,
                            boolean imageArchitecture, int percentageOfNodesToScore, int hardPodAffinityWeight,
                            int minCandidateNodesPercentage, int minCandidateNodesAbsolute) {

    public static final String DEFAULT_SCHEDULER_NAME = "default-scheduler";

    /** Upstream's default score weights (pkg/scheduler/apis/config/v1/default_plugins.go). */
    public static final Map<String, Integer> DEFAULT_WEIGHTS = defaultWeights();

    public ProfileConfig {
        if (schedulerName == null || schedulerName.isBlank()) {
            throw new IllegalArgumentException("schedulerName must not be empty");
        }
        disabledPlugins = Set.copyOf(new TreeSet<>(disabledPlugins));
        for (String p : disabledPlugins) {
            if (!PluginNames.CONFIGURABLE.contains(p)) {
                throw new IllegalArgumentException("profile " + schedulerName + ": unknown plugin " + p);
            }
        }
        if (imageArchitecture && disabledPlugins.contains(PluginNames.IMAGE_ARCHITECTURE)) {
            throw new IllegalArgumentException("profile " + schedulerName
                    + ": ImageArchitecture is both enabled and disabled");
        }
        Map<String, Integer> weights = new LinkedHashMap<>(DEFAULT_WEIGHTS);
        for (Map.Entry<String, Integer> e : scoreWeights.entrySet()) {
            if (!DEFAULT_WEIGHTS.containsKey(e.getKey())) {
                throw new IllegalArgumentException("profile " + schedulerName + ": " + e.getKey()
                        + " is not a score plugin");
            }
            if (e.getValue() == null || e.getValue() < 1 || e.getValue() > 100) {
                throw new IllegalArgumentException("profile " + schedulerName + ": weight of " + e.getKey()
                        + " must be in 1..100, got " + e.getValue());
            }
            weights.put(e.getKey(), e.getValue());
        }
        scoreWeights = java.util.Collections.unmodifiableMap(weights);
        requireRange("percentageOfNodesToScore", percentageOfNodesToScore, 0, 100, schedulerName);
        requireRange("hardPodAffinityWeight", hardPodAffinityWeight, 0, 100, schedulerName);
        requireRange("minCandidateNodesPercentage", minCandidateNodesPercentage, 0, 100, schedulerName);
        requireRange("minCandidateNodesAbsolute", minCandidateNodesAbsolute, 0, Integer.MAX_VALUE, schedulerName);
        if (minCandidateNodesPercentage == 0 && minCandidateNodesAbsolute == 0) {
            throw new IllegalArgumentException("profile " + schedulerName
                    + ": minCandidateNodesPercentage and minCandidateNodesAbsolute cannot both be zero");
        }
    }

    /** Upstream's defaults under this name: every default plugin on, ImageArchitecture off. */
    public static ProfileConfig defaults(String schedulerName) {
        return new ProfileConfig(schedulerName, Set.of(), Map.of(), false, 0, 1, 10, 100);
    }

    public ProfileConfig withImageArchitecture(boolean enabled) {
        return new ProfileConfig(schedulerName, disabledPlugins, scoreWeights, enabled, percentageOfNodesToScore,
                hardPodAffinityWeight, minCandidateNodesPercentage, minCandidateNodesAbsolute);
    }

    public ProfileConfig withDisabled(String... plugins) {
        Set<String> disabled = new TreeSet<>(disabledPlugins);
        disabled.addAll(List.of(plugins));
        return new ProfileConfig(schedulerName, disabled, scoreWeights, imageArchitecture, percentageOfNodesToScore,
                hardPodAffinityWeight, minCandidateNodesPercentage, minCandidateNodesAbsolute);
    }

    public ProfileConfig withWeight(String plugin, int weight) {
        Map<String, Integer> w = new LinkedHashMap<>(scoreWeights);
        w.put(plugin, weight);
        return new ProfileConfig(schedulerName, disabledPlugins, w, imageArchitecture, percentageOfNodesToScore,
                hardPodAffinityWeight, minCandidateNodesPercentage, minCandidateNodesAbsolute);
    }

    public ProfileConfig withPercentageOfNodesToScore(int percentage) {
        return new ProfileConfig(schedulerName, disabledPlugins, scoreWeights, imageArchitecture, percentage,
                hardPodAffinityWeight, minCandidateNodesPercentage, minCandidateNodesAbsolute);
    }

    /** Whether the plugin runs in this profile. */
    public boolean enabled(String plugin) {
        if (PluginNames.IMAGE_ARCHITECTURE.equals(plugin)) {
            return imageArchitecture;
        }
        return !disabledPlugins.contains(plugin);
    }

    public int weight(String scorePlugin) {
        return scoreWeights.get(scorePlugin);
    }

    private static void requireRange(String field, int value, int min, int max, String profile) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("profile " + profile + ": " + field + " must be in " + min + ".."
                    + (max == Integer.MAX_VALUE ? "" : String.valueOf(max)) + ", got " + value);
        }
    }

    private static Map<String, Integer> defaultWeights() {
        Map<String, Integer> w = new LinkedHashMap<>();
        w.put(PluginNames.TAINT_TOLERATION, 3);
        w.put(PluginNames.NODE_AFFINITY, 2);
        w.put(PluginNames.NODE_RESOURCES_FIT, 1);
        w.put(PluginNames.POD_TOPOLOGY_SPREAD, 2);
        w.put(PluginNames.INTER_POD_AFFINITY, 2);
        w.put(PluginNames.NODE_RESOURCES_BALANCED_ALLOCATION, 1);
        w.put(PluginNames.IMAGE_LOCALITY, 1);
        return java.util.Collections.unmodifiableMap(w);
    }
}
