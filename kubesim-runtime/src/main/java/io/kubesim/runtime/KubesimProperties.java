package io.kubesim.runtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.kubesim.model.TopicNames;
import io.kubesim.model.clock.VirtualClock;

/**
 * Settings every kubesim service shares, under the {@code kubesim} prefix.
 *
 * @param actor          who this process is in the log ({@code system:kube-scheduler}, {@code system:node:w1} ...)
 * @param topicPrefix    prefix of the topic names ({@link TopicNames}); empty for a normal cluster
 * @param kafka          where the broker is
 * @param clock          the shared virtual clock
 * @param commandTimeout how long a command may wait for its reply
 */
@ConfigurationProperties("kubesim")
public record KubesimProperties(String actor, String topicPrefix, Kafka kafka, Clock clock, Duration commandTimeout) {

    /** Configuration keys, for launchers and tests. */
    public static final String ACTOR = "kubesim.actor";
    public static final String TOPIC_PREFIX = "kubesim.topic-prefix";
    public static final String BOOTSTRAP_SERVERS = "kubesim.kafka.bootstrap-servers";

    /** @param bootstrapServers {@code host:port[,host:port]} */
    public record Kafka(String bootstrapServers) {
        public Kafka {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                bootstrapServers = "127.0.0.1:19092";
            }
        }
    }

    /**
     * @param origin epoch milliseconds (wall clock) at which virtual time equals wall time; all processes of a
     *               cluster must share it. Null: the moment this process starts (fine for speed 1).
     * @param speed  how much faster than the wall clock virtual time runs
     */
    public record Clock(Long origin, Double speed) {
        public Clock {
            if (speed != null && !(speed > 0)) {
                throw new IllegalArgumentException("kubesim.clock.speed must be positive, was " + speed);
            }
        }

        VirtualClock toVirtualClock() {
            return new VirtualClock(origin == null ? System.currentTimeMillis() : origin, speed == null ? 1.0 : speed);
        }
    }

    public KubesimProperties {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("kubesim.actor is required (the identity this process writes as)");
        }
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        kafka = kafka == null ? new Kafka(null) : kafka;
        clock = clock == null ? new Clock(null, null) : clock;
        commandTimeout = commandTimeout == null ? Duration.ofSeconds(30) : commandTimeout;
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("kubesim.command-timeout must be positive");
        }
    }

    public TopicNames topics() {
        return new TopicNames(topicPrefix);
    }
}
