package io.kubesim.state;

import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import io.kubesim.model.clock.VirtualClock;
import io.kubesim.runtime.KubesimProperties;
import io.kubesim.state.log.CommandWriter;
import io.kubesim.state.log.DecisionRecorder;
import io.kubesim.state.log.LogRepository;
import io.kubesim.state.log.VolatileCompactor;
import io.kubesim.state.replay.Replayer;
import io.kubesim.state.store.Projection;
import io.kubesim.state.store.ResourceRules;
import io.kubesim.state.store.Store;

/** state-service: the only writer of cluster state — the event log over PostgreSQL (the etcd of kubesim). */
@SpringBootApplication
public class StateServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(StateServiceApplication.class, args);
    }

    @Bean
    LogRepository logRepository(DataSource dataSource) {
        return new LogRepository(dataSource);
    }

    @Bean
    ResourceRules resourceRules(VirtualClock clock) {
        return new RegistryRules(new io.kubesim.registry.Registry(clock));
    }

    @Bean
    Store store(ResourceRules rules, VirtualClock clock) {
        return new Store(rules, clock);
    }

    @Bean
    CommandWriter commandWriter(LogRepository repository, Store store, KubesimProperties properties,
            VirtualClock clock) {
        return new CommandWriter(repository, store, new Projection(), properties.kafka().bootstrapServers(),
                properties.topics(), clock);
    }

    @Bean
    DecisionRecorder decisionRecorder(LogRepository repository, KubesimProperties properties, VirtualClock clock) {
        return new DecisionRecorder(repository, properties.kafka().bootstrapServers(), properties.topics(), clock);
    }

    @Bean
    Replayer replayer(LogRepository repository, CommandWriter writer) {
        return new Replayer(repository, writer);
    }

    @Bean(destroyMethod = "close")
    VolatileCompactor volatileCompactor(LogRepository repository, VirtualClock clock) {
        return new VolatileCompactor(repository, clock, Duration.ofHours(1), Duration.ofMinutes(5));
    }

    /** Healthy once the writer holds the lock and has caught up. */
    @Bean
    HealthIndicator writerHealthIndicator(CommandWriter writer) {
        return () -> writer.isReady()
                ? Health.up().withDetail("revision", writer.revision()).build()
                : Health.outOfService().withDetail("writer", "starting").build();
    }
}
