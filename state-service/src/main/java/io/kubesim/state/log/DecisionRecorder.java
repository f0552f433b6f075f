package io.kubesim.state.log;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.JsonNode;

import io.kubesim.model.TopicNames;
import io.kubesim.model.json.KubeJson;
import io.kubesim.runtime.KafkaClients;

/**
 * Stores the scheduler's decision records ({@code kubesim.decisions}) permanently, outside the pod objects, for the
 * audit API; the log row of a binding references its record by {@code decision_id}. The topic is read from its
 * start at every boot; records are keyed by their id, so reading one twice stores it once.
 */
public final class DecisionRecorder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DecisionRecorder.class);

    private final LogRepository repository;
    private final String bootstrapServers;
    private final TopicNames topics;
    private final Clock clock;
    private volatile boolean running;
    private KafkaConsumer<String, String> consumer;
    private Thread thread;

    public DecisionRecorder(LogRepository repository, String bootstrapServers, TopicNames topics, Clock clock) {
        this.repository = repository;
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        running = true;
        consumer = KafkaClients.assignedConsumer(bootstrapServers, "kubesim-state-service-decisions", 1000);
        thread = Thread.ofPlatform().daemon().name("decision-recorder").start(this::run);
    }

    private void run() {
        try {
            TopicPartition tp = new TopicPartition(topics.decisions(), 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    store(r);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("decision recorder stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void store(ConsumerRecord<String, String> r) {
        try {
            JsonNode record = KubeJson.parse(r.value());
            String id = record.path("id").asString(null);
            if (id == null || id.isEmpty()) {
                id = "offset-" + r.offset() + "-" + UUID.nameUUIDFromBytes(r.value().getBytes()).toString();
            }
            String uid = record.path("podUid").asString(record.path("uid").asString(null));
            repository.storeDecision(id, r.key(), uid, clock.instant(), r.value());
        } catch (RuntimeException e) {
            log.warn("unreadable decision record at offset {}: {}", r.offset(), e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
