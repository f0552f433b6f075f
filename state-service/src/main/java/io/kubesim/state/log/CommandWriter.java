package io.kubesim.state.log;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.JsonNode;

import io.kubesim.model.TopicNames;
import io.kubesim.model.command.CommandEnvelope;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.status.Statuses;
import io.kubesim.runtime.KafkaClients;
import io.kubesim.state.store.Batch;
import io.kubesim.state.store.LogRow;
import io.kubesim.state.store.Outcome;
import io.kubesim.state.store.Projection;
import io.kubesim.state.store.Store;

/**
 * The single writer: reads {@code kubesim.commands}, applies them in batches and makes each batch durable in one
 * PostgreSQL transaction before anything is published (etcd's model: one writer, batched commits).
 *
 * <p>Invariants, tested in {@code CommandWriterTest}:
 * <ul>
 *   <li>One writer: the active instance holds a PostgreSQL advisory lock; a second instance waits for it. Revisions
 *       are handed out by that one thread, in commit order, so readers never see revision N+1 before N and there
 *       are no gaps.</li>
 *   <li>Nothing is published before it is committed, and nothing committed is lost: each batch's transaction also
 *       stores a checkpoint — the last revision published and the offset of the last command answered (both
 *       trailing by one batch). After a crash the writer publishes every row above that revision again (at least
 *       once; consumers drop revisions they have) and reads the commands after that offset again, so a command
 *       committed but not answered is answered from the log.</li>
 *   <li>A command id is applied at most once: a redelivered command gets its first result again (from the log or
 *       from {@code rejected_commands}).</li>
 * </ul>
 */
public final class CommandWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandWriter.class);
    private static final int MAX_BATCH = 2000;

    private final LogRepository repository;
    private final Store store;
    private final Projection projection;
    private final String bootstrapServers;
    private final TopicNames topics;
    private final Clock clock;

    private volatile boolean running;
    private volatile boolean ready;
    private volatile Thread thread;
    private KafkaConsumer<String, String> consumer;
    private EventPublisher publisher;
    private Connection lock;
    private long nextRevision;
    private long publishedRevision;
    private long persistedPublished;
    private long repliedOffset;
    private long persistedOffset;
    private final AtomicLong applied = new AtomicLong();
    private volatile Runnable afterCommit = () -> { };

    public CommandWriter(LogRepository repository, Store store, Projection projection, String bootstrapServers,
            TopicNames topics, Clock clock) {
        this.repository = repository;
        this.store = store;
        this.projection = projection;
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.clock = clock;
    }

    /** True once the writer holds the lock, has loaded the state and republished what was pending. */
    public boolean isReady() {
        return ready && running;
    }

    public long revision() {
        return nextRevision - 1;
    }

    public long appliedCommands() {
        return applied.get();
    }

    public Projection projection() {
        return projection;
    }

    /**
     * A failpoint (as etcd's gofail): runs after a batch is committed and before it is published. A hook that throws
     * stops the writer exactly there, as a crash would; tests use it to prove that nothing committed is lost.
     */
    public void setAfterCommitHook(Runnable hook) {
        this.afterCommit = hook == null ? () -> { } : hook;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("command-writer").start(this::run);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        try {
            lock = waitForLock();
            if (lock == null) {
                return;
            }
            initialize();
            ready = true;
            log.info("writer ready at revision {} ({} objects)", revision(), projection.size());
            loop();
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("writer stopped", e);
        } finally {
            ready = false;
            running = false;
            closeQuietly();
        }
    }

    private Connection waitForLock() {
        while (running) {
            try {
                return repository.acquireWriterLock();
            } catch (SQLException e) {
                log.warn("waiting for the database: {}", e.getMessage());
                sleep(Duration.ofSeconds(1));
            }
        }
        return null;
    }

    private void initialize() {
        projection.clear();
        repository.loadProjection(projection);
        nextRevision = repository.maxRevision() + 1;
        LogRepository.WriterState state = repository.writerState();
        publishedRevision = state.publishedRevision();
        persistedPublished = publishedRevision;
        repliedOffset = state.commandOffset();
        persistedOffset = repliedOffset;
        publisher = new EventPublisher(bootstrapServers, topics);
        republishPending();
        consumer = KafkaClients.assignedConsumer(bootstrapServers, "kubesim-state-service-commands", MAX_BATCH);
        TopicPartition tp = new TopicPartition(topics.commands(), 0);
        consumer.assign(List.of(tp));
        if (state.commandOffset() < 0) {
            consumer.seekToBeginning(List.of(tp));
        } else {
            consumer.seek(tp, state.commandOffset() + 1);
        }
        if (nextRevision == 1) {
            List<Incoming> boot = Bootstrap.commands().stream()
                    .map(e -> new Incoming(KubeJson.write(e), state.commandOffset())).toList();
            while (running && !process(boot)) {
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    /** Publishes every committed row above the published revision (after a crash between commit and publish). */
    private void republishPending() {
        long last = nextRevision - 1;
        if (publishedRevision >= last) {
            return;
        }
        log.info("publishing revisions {}..{} again", publishedRevision + 1, last);
        List<LogRow> chunk = new ArrayList<>();
        repository.streamRows(publishedRevision, last, row -> {
            chunk.add(row);
            if (chunk.size() >= 5000) {
                publisher.publish(chunk);
                chunk.clear();
            }
        });
        publisher.publish(chunk);
        publisher.flush();
        publishedRevision = last;
        repository.updateCheckpoint(repliedOffset, last);
        persistedPublished = last;
    }

    private void loop() {
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
            if (records.isEmpty()) {
                if (persistedPublished < publishedRevision || persistedOffset < repliedOffset) {
                    repository.updateCheckpoint(repliedOffset, publishedRevision);
                    persistedPublished = publishedRevision;
                    persistedOffset = repliedOffset;
                }
                continue;
            }
            List<Incoming> batch = new ArrayList<>(records.count());
            for (ConsumerRecord<String, String> r : records) {
                batch.add(new Incoming(r.value(), r.offset()));
            }
            if (!process(batch)) {
                // nothing was stored: read the same commands again after a pause
                consumer.seek(new TopicPartition(topics.commands(), 0), batch.getFirst().offset());
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    /** A command as read from Kafka: its text and offset. */
    record Incoming(String value, long offset) {
    }

    /** Applies, commits and publishes one batch; false if the transaction failed (nothing changed). */
    private boolean process(List<Incoming> items) {
        long t0 = System.nanoTime();
        List<CommandEnvelope> envelopes = new ArrayList<>(items.size());
        List<CommandReply> replies = new ArrayList<>(items.size());
        List<LogRepository.Rejection> rejections = new ArrayList<>();
        Map<Integer, CommandReply> unreadable = new HashMap<>();
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            CommandEnvelope env = parse(items.get(i).value(), i, unreadable);
            envelopes.add(env);
            if (env != null) {
                ids.add(env.id());
            }
        }
        Map<String, CommandReply> previous = repository.previousResults(ids);
        long t1 = System.nanoTime();
        Batch batch = new Batch(projection, nextRevision);
        List<LogRow> rows = new ArrayList<>();
        Map<String, CommandReply> seen = new HashMap<>();
        for (int i = 0; i < envelopes.size(); i++) {
            CommandEnvelope env = envelopes.get(i);
            if (env == null) {
                CommandReply bad = unreadable.get(i);
                if (bad != null) {
                    replies.add(bad);
                    rejections.add(new LogRepository.Rejection(bad.commandId(), KubeJson.write(bad), clock.instant()));
                }
                continue;
            }
            CommandReply earlier = previous.getOrDefault(env.id(), seen.get(env.id()));
            if (earlier != null) {
                replies.add(earlier);
                continue;
            }
            Outcome outcome = store.apply(env, batch);
            switch (outcome) {
                case Outcome.Written w -> rows.addAll(w.rows());
                case Outcome.Refused r -> rejections.add(new LogRepository.Rejection(env.id(),
                        KubeJson.write(r.reply()), clock.instant()));
                case Outcome.Answered a -> { }
            }
            replies.add(outcome.reply());
            seen.put(env.id(), outcome.reply());
        }
        long t2 = System.nanoTime();
        long lastOffset = items.getLast().offset();
        long lastRevision = rows.isEmpty() ? publishedRevision : rows.getLast().revision();
        try {
            repository.commit(rows, rejections, repliedOffset, publishedRevision);
        } catch (SQLException | RuntimeException e) {
            log.error("batch of {} commands not stored: {}", items.size(), e.getMessage());
            return false;
        }
        persistedPublished = publishedRevision;
        persistedOffset = repliedOffset;
        batch.commitTo(projection);
        nextRevision = batch.nextRevision();
        applied.addAndGet(items.size());
        long t3 = System.nanoTime();
        afterCommit.run();
        publishCommitted(rows, replies, lastRevision);
        repliedOffset = Math.max(repliedOffset, lastOffset);
        if (log.isDebugEnabled()) {
            log.debug("batch of {}: parse+dedup {} ms, apply {} ms, commit {} ms, publish {} ms", items.size(),
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                    (System.nanoTime() - t3) / 1_000_000);
        }
        return true;
    }

    private void publishCommitted(List<LogRow> rows, List<CommandReply> replies, long lastRevision) {
        while (running) {
            try {
                publisher.publish(rows);
                for (CommandReply reply : replies) {
                    publisher.reply(reply);
                }
                publisher.flush();
                publishedRevision = Math.max(publishedRevision, lastRevision);
                return;
            } catch (RuntimeException e) {
                log.error("publication failed, publishing again from revision {}: {}", publishedRevision + 1,
                        e.getMessage());
                sleep(Duration.ofSeconds(1));
                try {
                    republishPending();
                    rows = List.of();
                } catch (RuntimeException again) {
                    log.error("republication failed: {}", again.getMessage());
                }
            }
        }
    }

    private static CommandEnvelope parse(String value, int index, Map<Integer, CommandReply> unreadable) {
        try {
            return KubeJson.read(value, CommandEnvelope.class);
        } catch (RuntimeException e) {
            String id = null;
            try {
                JsonNode tree = KubeJson.parse(value);
                JsonNode idNode = tree.path("id");
                id = idNode.isString() ? idNode.asString() : null;
            } catch (RuntimeException ignored) {
                // not even JSON
            }
            String why = rootMessage(e);
            if (id == null || id.isBlank()) {
                log.warn("dropping an unreadable command without id: {}", why);
                return null;
            }
            var status = Statuses.badRequest("the command could not be read: " + why);
            unreadable.put(index, new CommandReply(id, 400, 0, null, KubeJson.tree(status)));
            return null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    private void closeQuietly() {
        try {
            if (consumer != null) {
                consumer.close(Duration.ofSeconds(2));
            }
        } catch (RuntimeException e) {
            log.debug("closing consumer", e);
        }
        if (publisher != null) {
            publisher.close();
        }
        if (lock != null) {
            try {
                lock.close();
            } catch (SQLException e) {
                log.debug("closing lock connection", e);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }
}
