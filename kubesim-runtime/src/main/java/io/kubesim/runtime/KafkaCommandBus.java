package io.kubesim.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kubesim.model.TopicNames;
import io.kubesim.model.command.Command;
import io.kubesim.model.command.CommandEnvelope;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.json.KubeJson;

/**
 * {@link CommandBus} over Kafka. Replies are read from the end of {@code kubesim.replies} by a consumer without a
 * group; its position is fixed before the first command is sent, so no reply can be missed.
 */
public final class KafkaCommandBus implements CommandBus, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaCommandBus.class);

    private final String actor;
    private final TopicNames topics;
    private final Duration timeout;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> replies;
    private final Map<String, CompletableFuture<CommandReply>> pending = new ConcurrentHashMap<>();
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final Thread replyThread;
    private volatile boolean running = true;

    public KafkaCommandBus(String bootstrapServers, TopicNames topics, String actor, Duration timeout) {
        this.actor = actor;
        this.topics = topics;
        this.timeout = timeout;
        String clientId = "kubesim-" + actor.replace(':', '-');
        this.producer = KafkaClients.producer(bootstrapServers, clientId + "-commands");
        this.replies = KafkaClients.assignedConsumer(bootstrapServers, clientId + "-replies", 2000);
        this.replyThread = Thread.ofPlatform().daemon().name("command-replies").start(this::readReplies);
        try {
            if (!positioned.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("could not reach the reply topic " + topics.replies() + " on "
                        + bootstrapServers);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public CompletableFuture<CommandReply> submit(Command command) {
        return submit(actor, command);
    }

    @Override
    public CompletableFuture<CommandReply> submit(String actor, Command command) {
        return submit(CommandEnvelope.of(actor, command));
    }

    @Override
    public CompletableFuture<CommandReply> submit(CommandEnvelope envelope) {
        CompletableFuture<CommandReply> future = new CompletableFuture<>();
        pending.put(envelope.id(), future);
        String json = KubeJson.write(envelope);
        producer.send(new ProducerRecord<>(topics.commands(), envelope.command().partitionKey(), json), (md, e) -> {
            if (e != null) {
                pending.remove(envelope.id());
                future.completeExceptionally(e);
            }
        });
        return future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
            if (e instanceof TimeoutException) {
                pending.remove(envelope.id());
            }
        });
    }

    private void readReplies() {
        try {
            TopicPartition tp = new TopicPartition(topics.replies(), 0);
            while (running) {
                try {
                    replies.assign(List.of(tp));
                    replies.seekToEnd(List.of(tp));
                    replies.position(tp, Duration.ofSeconds(10));
                    break;
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    log.warn("waiting for topic {}: {}", topics.replies(), e.getMessage());
                }
            }
            positioned.countDown();
            while (running) {
                ConsumerRecords<String, String> records = replies.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> r : records) {
                    CompletableFuture<CommandReply> f = pending.remove(r.key());
                    if (f != null) {
                        try {
                            f.complete(KubeJson.read(r.value(), CommandReply.class));
                        } catch (RuntimeException e) {
                            f.completeExceptionally(e);
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("reply reader stopped", e);
        } finally {
            replies.close();
        }
    }

    @Override
    public void close() {
        running = false;
        replies.wakeup();
        try {
            replyThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("command bus closed")));
    }
}
