package io.kubesim.scheduler.service;

import java.util.UUID;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.kubesim.model.clock.VirtualClock;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.CommandBus;
import io.kubesim.runtime.KubesimProperties;

/** The scheduler's beans: the decision publisher, the image catalog, the service and its health. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SchedulerProperties.class)
class SchedulerConfiguration {

    @Bean
    RegistryImageCatalog imageCatalog(SchedulerProperties properties) {
        return RegistryImageCatalog.load(properties.extraImageCatalog());
    }

    @Bean(destroyMethod = "close")
    DecisionPublisher decisionPublisher(KubesimProperties kubesim) {
        // unique per process: two schedulers may share an actor (and a JVM, in tests)
        String clientId = "kubesim-" + kubesim.actor().replace(':', '-') + "-decisions-"
                + UUID.randomUUID().toString().substring(0, 8);
        return new KafkaDecisionPublisher(kubesim.kafka().bootstrapServers(), kubesim.topics().decisions(), clientId);
    }

    @Bean
    SchedulerService schedulerService(SchedulerProperties properties, RegistryImageCatalog images, VirtualClock clock,
            ClusterCache cache, CommandBus bus, DecisionPublisher decisions) {
        return new SchedulerService(properties.toConfig(), images, clock, cache, bus, decisions);
    }

    /** UP once the cache has caught up with the log and the scheduling thread runs (the launcher waits for it). */
    @Bean
    HealthIndicator schedulerHealthIndicator(SchedulerService scheduler) {
        return () -> (scheduler.scheduling() ? Health.up() : Health.outOfService())
                .withDetails(scheduler.details()).build();
    }
}
