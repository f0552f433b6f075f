package io.kubesim.state.log;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.annotation.JsonRawValue;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.kubesim.model.TopicNames;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.event.ChangeType;
import io.kubesim.model.json.KubeJson;
import io.kubesim.runtime.KafkaClients;
import io.kubesim.state.store.LogRow;

/**
 * Publishes committed rows on {@code kubesim.events} (in revision order: one producer, one partition, idempotent)
 * and replies on {@code kubesim.replies}. A failed send is remembered and reported by {@link #flush()}, so the writer
 * can publish again from its checkpoint.
 */
final class EventPublisher implements AutoCloseable {

    /** The wire form of {@link io.kubesim.model.event.ChangeEvent}, with the stored JSON text embedded as is. */
    record WireEvent(long revision, ChangeType type, String key, @JsonRawValue String object, long prevRevision,
            String actor, String commandId, Instant time) {
    }

    /**
     * The wire form of {@link CommandReply} when the object is a row of the same batch: its stored text embedded as
     * is, not written a second time.
     */
    record WireReply(String commandId, int code, long revision, @JsonRawValue String object) {
    }

    private final KafkaProducer<String, String> producer;
    private final TopicNames topics;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    EventPublisher(String bootstrapServers, TopicNames topics) {
        this.producer = KafkaClients.producer(bootstrapServers, "kubesim-state-service");
        this.topics = topics;
    }

    void publish(List<LogRow> rows) {
        for (LogRow r : rows) {
            WireEvent e = new WireEvent(r.revision(), r.type(), r.key(), r.object(), r.prevRevision(), r.actor(),
                    r.commandId(), r.time());
            producer.send(new ProducerRecord<>(topics.events(), r.key(), KubeJson.write(e)), this::onCompletion);
        }
    }

    void reply(CommandReply reply) {
        producer.send(new ProducerRecord<>(topics.replies(), reply.commandId(), KubeJson.write(reply)),
                this::onCompletion);
    }

    /** A successful reply whose object is {@code storedText} (the text of the row it wrote). */
    void reply(CommandReply reply, String storedText) {
        if (storedText == null || reply.status() != null) {
            reply(reply);
            return;
        }
        WireReply wire = new WireReply(reply.commandId(), reply.code(), reply.revision(), storedText);
        producer.send(new ProducerRecord<>(topics.replies(), reply.commandId(), KubeJson.write(wire)),
                this::onCompletion);
    }

    private void onCompletion(org.apache.kafka.clients.producer.RecordMetadata md, Exception e) {
        if (e != null) {
            failure.compareAndSet(null, e);
        }
    }

    /** Waits until everything sent is acknowledged; throws if any send failed since the last flush. */
    void flush() {
        producer.flush();
        Exception e = failure.getAndSet(null);
        if (e != null) {
            throw new IllegalStateException("publication failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
