package io.kubesim.runtime;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

import io.kubesim.model.clock.VirtualClock;

/**
 * The runtime every kubesim service gets: the shared virtual clock, and — unless {@code kubesim.client.enabled} is
 * false (state-service, the writer, sets it) — a {@link CommandBus} and a {@link ClusterCache} fed by an
 * {@link EventStream} that starts once every bean exists, so listeners registered at construction see every event.
 */
@AutoConfiguration
@EnableConfigurationProperties(KubesimProperties.class)
public class KubesimRuntimeAutoConfiguration {

    /** Set to false by processes that are not clients of state-service. */
    public static final String CLIENT_ENABLED = "kubesim.client.enabled";

    @Bean
    @ConditionalOnMissingBean
    VirtualClock virtualClock(KubesimProperties properties) {
        return properties.clock().toVirtualClock();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(CommandBus.class)
    @ConditionalOnProperty(name = CLIENT_ENABLED, havingValue = "true", matchIfMissing = true)
    KafkaCommandBus commandBus(KubesimProperties properties) {
        return new KafkaCommandBus(properties.kafka().bootstrapServers(), properties.topics(), properties.actor(),
                properties.commandTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = CLIENT_ENABLED, havingValue = "true", matchIfMissing = true)
    ClusterCache clusterCache() {
        return new ClusterCache();
    }

    @Bean
    @ConditionalOnProperty(name = CLIENT_ENABLED, havingValue = "true", matchIfMissing = true)
    EventStreamLifecycle eventStreamLifecycle(KubesimProperties properties, ClusterCache cache) {
        String clientId = "kubesim-" + properties.actor().replace(':', '-');
        return new EventStreamLifecycle(new EventStream(properties.kafka().bootstrapServers(), properties.topics(),
                cache, clientId));
    }

    /** Starts the event stream after the context is refreshed and stops it first on shutdown. */
    static final class EventStreamLifecycle implements SmartLifecycle {

        private final EventStream stream;

        EventStreamLifecycle(EventStream stream) {
            this.stream = stream;
        }

        @Override
        public void start() {
            stream.start();
        }

        @Override
        public void stop() {
            stream.close();
        }

        @Override
        public boolean isRunning() {
            return stream.isRunning();
        }

        @Override
        public int getPhase() {
            return Integer.MAX_VALUE - 100;
        }
    }
}
