package io.kubesim.controller;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * kube-controller-manager's flags that matter here, under {@code kubesim.controller}, with the Kubernetes 1.32
 * defaults (cmd/kube-controller-manager/app/options). Durations are cluster (virtual) time.
 *
 * @param nodeMonitorPeriod         {@code --node-monitor-period}: how often node health is checked
 * @param nodeMonitorGracePeriod    {@code --node-monitor-grace-period}: 50 s since 1.32 (40 s before)
 * @param nodeStartupGracePeriod    {@code --node-startup-grace-period}: for nodes that never reported Ready
 * @param nodeEvictionRate          {@code --node-eviction-rate}: nodes per second tainted NoExecute per healthy zone
 * @param secondaryNodeEvictionRate {@code --secondary-node-eviction-rate}: the same for unhealthy large zones
 * @param largeClusterSizeThreshold {@code --large-cluster-size-threshold}
 * @param unhealthyZoneThreshold    {@code --unhealthy-zone-threshold}: fraction of not-ready nodes
 * @param terminatedPodGcThreshold  {@code --terminated-pod-gc-threshold}: 0 disables
 * @param concurrency               the {@code --concurrent-*-syncs} worker counts
 */
@Validated
@ConfigurationProperties("kubesim.controller")
public record ControllerProperties(
        @NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration nodeMonitorPeriod,
        @NotNull @DurationMin(millis = 1) @DefaultValue("50s") Duration nodeMonitorGracePeriod,
        @NotNull @DurationMin(millis = 1) @DefaultValue("60s") Duration nodeStartupGracePeriod,
        @PositiveOrZero @DefaultValue("0.1") double nodeEvictionRate,
        @PositiveOrZero @DefaultValue("0.01") double secondaryNodeEvictionRate,
        @Min(0) @DefaultValue("50") int largeClusterSizeThreshold,
        @PositiveOrZero @DecimalMax("1.0") @DefaultValue("0.55") double unhealthyZoneThreshold,
        @Min(0) @DefaultValue("12500") int terminatedPodGcThreshold,
        @NotNull @Valid @DefaultValue Concurrency concurrency) {

    /**
     * Worker counts per controller, as upstream's {@code --concurrent-*-syncs} defaults.
     */
    public record Concurrency(
            @Min(1) @DefaultValue("5") int deployment,
            @Min(1) @DefaultValue("5") int replicaset,
            @Min(1) @DefaultValue("2") int daemonset,
            @Min(1) @DefaultValue("5") int job,
            @Min(1) @DefaultValue("20") int garbageCollector,
            @Min(1) @DefaultValue("10") int namespace,
            @Min(1) @DefaultValue("1") int disruption,
            @Min(1) @DefaultValue("8") int taintEviction,
            @Min(1) @DefaultValue("8") int nodeUpdate) {
    }

    /** The defaults, for unit tests. */
    public static ControllerProperties defaults() {
        return new ControllerProperties(Duration.ofSeconds(5), Duration.ofSeconds(50), Duration.ofSeconds(60), 0.1,
                0.01, 50, 0.55, 12500, new Concurrency(5, 5, 2, 5, 20, 10, 1, 8, 8));
    }
}
