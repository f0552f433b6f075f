package io.kubesim.controller;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import io.kubesim.controller.framework.Claims;
import io.kubesim.controller.framework.ClusterIndex;
import io.kubesim.controller.framework.Writer;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.CommandBus;
import io.kubesim.runtime.KubesimProperties;

/**
 * controller-manager: kube-controller-manager's controllers over the cluster cache (DESIGN.md §1). Each controller is
 * a component of its own package; they read the {@link ClusterCache} and write commands through the {@link Writer}.
 */
@SpringBootApplication
@EnableConfigurationProperties(ControllerProperties.class)
public class ControllerManagerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ControllerManagerApplication.class, args);
    }

    @Bean
    ClusterIndex clusterIndex(ClusterCache cache) {
        return new ClusterIndex(cache);
    }

    @Bean
    Writer writer(CommandBus bus, KubesimProperties properties) {
        return new Writer(bus, properties.commandTimeout());
    }

    @Bean
    Claims claims(Writer writer) {
        return new Claims(writer);
    }

    /** UP once the cache has caught up with the log and the controllers run (the launcher waits for it). */
    @Bean
    HealthIndicator cacheSyncHealthIndicator(ClusterCache cache) {
        return () -> cache.isSynced()
                ? Health.up().withDetail("revision", cache.revision()).withDetail("objects", cache.size()).build()
                : Health.outOfService().withDetail("cache", "syncing").build();
    }
}
