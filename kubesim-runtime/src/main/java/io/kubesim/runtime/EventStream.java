package io.kubesim.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kubesim.model.TopicNames;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.json.KubeJson;

/**
 * Reads {@code kubesim.events} from the beginning into a {@link ClusterCache}, then follows it. Publication is at
 * least once, so duplicates (revisions already applied) are dropped by the cache.
 */
public final class EventStream implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);

    private final String bootstrapServers;
    private final TopicNames topics;
    private final ClusterCache cache;
    private final String clientId;
    private volatile boolean running;
    private Thread thread;
    private KafkaConsumer<String, String> consumer;

    public EventStream(String bootstrapServers, TopicNames topics, ClusterCache cache, String clientId) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.cache = cache;
        this.clientId = clientId;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        consumer = KafkaClients.assignedConsumer(bootstrapServers, clientId + "-events", 5000);
        thread = Thread.ofPlatform().daemon().name("event-stream").start(this::run);
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    private void run() {
        TopicPartition tp = new TopicPartition(topics.events(), 0);
        try {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = endOffset(tp);
            if (end == 0) {
                cache.markSynced();
            }
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, String> r : records) {
                    ChangeEvent event;
                    try {
                        event = KubeJson.read(r.value(), ChangeEvent.class);
                    } catch (RuntimeException e) {
                        log.error("unreadable event at offset {}: {}", r.offset(), e.getMessage());
                        continue;
                    }
                    cache.apply(event);
                }
                if (!cache.isSynced() && consumer.position(tp) >= end) {
                    cache.markSynced();
                    log.info("cache synced at revision {} ({} objects)", cache.revision(), cache.size());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("event stream stopped", e);
            running = false;
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private long endOffset(TopicPartition tp) {
        while (running) {
            try {
                Map<TopicPartition, Long> ends = consumer.endOffsets(List.of(tp), Duration.ofSeconds(10));
                return ends.getOrDefault(tp, 0L);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                log.warn("waiting for topic {}: {}", tp.topic(), e.getMessage());
            }
        }
        return 0;
    }

    @Override
    public synchronized void close() {
        if (!running && thread == null) {
            return;
        }
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
}
