package io.kubesim.scheduler.service;

import java.time.Duration;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kubesim.model.json.KubeJson;
import io.kubesim.runtime.KafkaClients;
import io.kubesim.scheduler.framework.DecisionRecord;

/**
 * Publishes decision records on {@code kubesim.decisions} (key: the pod's storage key, value: the record as JSON),
 * where state-service picks them up for the audit API. At least once; the record's {@code id} identifies it.
 */
public final class KafkaDecisionPublisher implements DecisionPublisher {

    private static final Logger log = LoggerFactory.getLogger(KafkaDecisionPublisher.class);

    private final String topic;
    private final KafkaProducer<String, String> producer;

    public KafkaDecisionPublisher(String bootstrapServers, String topic, String clientId) {
        this.topic = topic;
        this.producer = KafkaClients.producer(bootstrapServers, clientId);
    }

    @Override
    public void publish(String podKey, DecisionRecord record) {
        String json = KubeJson.write(record);
        producer.send(new ProducerRecord<>(topic, podKey, json), (metadata, e) -> {
            if (e != null) {
                log.warn("decision record {} for {} not published: {}", record.id(), podKey, e.toString());
            }
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
