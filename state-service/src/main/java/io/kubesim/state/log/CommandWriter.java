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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

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
import io.kubesim.state.store.StoredObject;

/**
 * The single writer: reads {@code kubesim.commands}, applies them in batches and makes each batch durable in one
 * PostgreSQL transaction before anything is published (etcd's model: one writer, batched commits).
 *
 * <p>The work is a four-stage pipeline, one thread per stage, so that the database's commit of one batch overlaps
 * the application of the next and the publication of the previous one:
 * <ol>
 *   <li>{@code command-reader} polls commands, parses them and looks up in the log those applied before
 *       (redeliveries);</li>
 *   <li>{@code command-writer} applies them to the in-memory projection (revisions are handed out here, in
 *       order);</li>
 *   <li>{@code command-committer} writes each batch in one transaction;</li>
 *   <li>{@code command-publisher} publishes the committed rows and the replies, and only then counts them as
 *       published and answered.</li>
 * </ol>
 * The projection runs ahead of the database by at most the batches in flight. If a transaction fails, the pipeline
 * stops and starts again from the database exactly as after a crash: the projection is reloaded and the commands
 * after the checkpoint are read again (those already committed are answered from the log).
 *
 * <p>Invariants, tested in {@code CommandWriterTest}:
 * <ul>
 *   <li>One writer: the active instance holds a PostgreSQL advisory lock; a second instance waits for it. Revisions
 *       are handed out by one thread and committed in that order, so readers never see revision N+1 before N and
 *       there are no gaps.</li>
 *   <li>Nothing is published before it is committed, and nothing committed is lost: each batch's transaction also
 *       stores a checkpoint — the last revision published and the offset of the last command answered (both
 *       trailing). After a crash the writer publishes every row above that revision again (at least once;
 *       consumers drop revisions they have) and reads the commands after that offset again, so a command
 *       committed but not answered is answered from the log.</li>
 *   <li>A command id is applied at most once: a redelivered command gets its first result again (from the log, from
 *       {@code rejected_commands}, or, while its batch is still being committed, from the batches in flight).</li>
 *   <li>Whatever else writes the log (an import) runs on the writer thread with the pipeline drained
 *       ({@link #exclusively}); the writer then reloads its state from the database and publishes from the
 *       checkpoint, so revisions and the projection still have one owner. A verify takes the projection the same
 *       way ({@link #liveState}) but changes nothing, and the writer goes on without reloading.</li>
 * </ul>
 */
public final class CommandWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandWriter.class);
    private static final int MAX_BATCH = 2000;
    /** Batches handed from one stage to the next without waiting; more in flight only costs memory. */
    private static final int QUEUE_DEPTH = 1;
    /** Results of the last batches applied, for redeliveries whose first delivery is not committed yet. */
    private static final int RECENT_BATCHES = 6;
    /** How long {@link #exclusively} waits for the writer to be ready. */
    private static final Duration READY_PATIENCE = Duration.ofSeconds(30);
    /**
     * How long a queued task waits while the writer is not ready (reloading a large log after an import, or waiting
     * for the database) before it is given up.
     */
    private static final Duration QUEUED_PATIENCE = Duration.ofMinutes(10);
    /** The longest pause between two attempts to load the state. */
    private static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(30);

    private final LogRepository repository;
    private final Store store;
    private final Projection projection;
    private final String bootstrapServers;
    private final TopicNames topics;
    private final Clock clock;

    private volatile boolean running;
    private volatile boolean ready;
    /** A stage of the current run crashed: publish nothing more. */
    private volatile boolean crashed;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, String> consumer;
    private EventPublisher publisher;
    private Connection lock;
    /** Next revision to hand out (writer thread only). */
    private long nextRevision;
    private volatile long committedRevision;
    private volatile long publishedRevision;
    private volatile long repliedOffset;
    private final AtomicLong applied = new AtomicLong();
    private final Deque<Map<String, Result>> recent = new ArrayDeque<>();
    /** The ids the log holds: only these are looked up as possible redeliveries (loaded with the state). */
    private volatile KnownCommands known = new KnownCommands(0);
    private volatile Runnable afterCommit = () -> { };
    private volatile Runnable beforeInitialize = () -> { };
    private final BlockingQueue<Exclusive> exclusive = new LinkedBlockingQueue<>();
    /**
     * The projection and the next revision equal the database (writer thread only): true after the pipeline drained
     * cleanly and only read-only exclusive tasks ran, so the next round need not reload them.
     */
    private boolean stateCurrent;
    /** Attempts to load the state that failed in a row (writer thread only). */
    private int failedLoads;

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

    /** The last revision committed to the database. */
    public long revision() {
        return committedRevision;
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

    /**
     * A failpoint that runs each time the writer (re)loads its state, before it does: a hook that throws stands for
     * the database or the broker failing then.
     */
    public void setBeforeInitializeHook(Runnable hook) {
        this.beforeInitialize = hook == null ? () -> { } : hook;
    }

    /**
     * Runs {@code task} on the writer thread while no command is applied and no batch is in flight (the pipeline is
     * drained first), and waits for it. The task may write the log and the checkpoint in its own transaction;
     * afterwards the writer reloads the projection, its next revision and its checkpoint from the database and
     * publishes every row above the checkpoint (also when the task failed: then nothing changed and nothing is
     * published). The writer is briefly not ready while it starts and after each exclusive task; the task waits for
     * it (at most {@link #READY_PATIENCE}).
     *
     * @throws CancellationException if the writer is not ready in time, or stops before the task ran
     * @throws ExecutionException    with what the task threw
     */
    public <T> T exclusively(Callable<T> task) throws InterruptedException, ExecutionException {
        return exclusively(task, false);
    }

    private <T> T exclusively(Callable<T> task, boolean readOnly) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + READY_PATIENCE.toNanos();
        while (running && !isReady() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (!isReady()) {
            throw new CancellationException("the writer is not ready");
        }
        FutureTask<T> future = new FutureTask<>(task);
        Exclusive entry = new Exclusive(future, readOnly);
        exclusive.add(entry);
        long notReadySince = System.nanoTime();
        while (true) {
            try {
                return future.get(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // nobody waits for it any more: it must not run (a verify's snapshot would stay open)
                if (exclusive.remove(entry)) {
                    future.cancel(false);
                }
                throw e;
            } catch (TimeoutException e) {
                // a task the writer has not taken yet is given up when the writer is gone, or not ready for longer
                // than QUEUED_PATIENCE (reloading, or waiting for the lock another instance holds); one it took runs
                // to its end. Removing it first means the writer can no longer start it.
                Thread t = thread;
                boolean gone = !running || t == null || !t.isAlive();
                if (isReady()) {
                    notReadySince = System.nanoTime();
                }
                if ((gone || System.nanoTime() - notReadySince > QUEUED_PATIENCE.toNanos())
                        && exclusive.remove(entry)) {
                    future.cancel(false);
                }
            }
        }
    }

    /** Tasks waiting for the writer alone (not counting one that runs). */
    public int waitingTasks() {
        return exclusive.size();
    }

    /**
     * The live state and a snapshot of the database that holds exactly the log it came from, taken together with the
     * pipeline drained (so nothing is applied but not yet committed): what verify compares. The caller closes the
     * snapshot. Read-only: the writer goes on with its state as it was, without reloading it from the database (a
     * verify must not adopt a log changed behind the writer's back; it reports it).
     */
    public LiveState liveState() throws InterruptedException, ExecutionException {
        return exclusively(() -> new LiveState(projection.snapshot(), repository.openSnapshot()), true);
    }

    /** A task waiting for the writer alone; read-only ones leave its state current. */
    private record Exclusive(FutureTask<?> task, boolean readOnly) {
    }

    /** See {@link #liveState()}. */
    public record LiveState(Map<String, StoredObject> objects, LogRepository.Snapshot snapshot) {
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        stateCurrent = false; // a restart always loads the state from the database
        thread = Thread.ofPlatform().name("command-writer").start(this::run);
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
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
            while (running) {
                if (!holdsLock()) {
                    stateCurrent = false; // another instance may have written meanwhile
                    closeClients();
                    closeLock();
                    lock = waitForLock();
                    if (lock == null) {
                        return;
                    }
                }
                try {
                    try {
                        beforeInitialize.run();
                        initialize();
                        failedLoads = 0;
                    } catch (WakeupException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        // the database or the broker failed while the state was loaded or republished (after a
                        // restart, a verify or an import): start again from the database, as after a failed batch
                        stateCurrent = false;
                        pauseAfterFailedLoad(e);
                        continue;
                    }
                    ready = true;
                    log.info("writer ready at revision {} ({} objects)", revision(), projection.size());
                    pipeline();
                    // the pipeline returns drained: when stopping, or to run what asked for the writer alone
                    stateCurrent = runExclusive();
                } catch (TransactionFailed e) {
                    log.error("batch not stored, starting again from the database: {}", e.getMessage());
                    sleep(Duration.ofSeconds(1));
                } finally {
                    ready = false;
                    if (!stateCurrent) {
                        closeClients();
                    }
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("writer stopped", e);
        } finally {
            Exclusive task;
            while ((task = exclusive.poll()) != null) {
                task.task().cancel(false);
            }
            closeClients();
            closeLock();
            synchronized (this) {
                if (thread == Thread.currentThread()) {
                    ready = false;
                    running = false;
                }
            }
        }
    }

    /** Waits 1 s, 2 s, 4 s ... up to 30 s after each load that failed in a row (less if the writer stops). */
    private void pauseAfterFailedLoad(RuntimeException cause) {
        long seconds = Math.min(1L << Math.min(failedLoads, 5), MAX_RETRY_PAUSE.toSeconds());
        if (failedLoads++ == 0) {
            log.error("writer not ready, starting again from the database in {} s", seconds, cause);
        } else {
            log.error("writer not ready ({} attempts), starting again in {} s: {}", failedLoads, seconds,
                    cause.toString());
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (running && System.nanoTime() < until) {
            sleep(Duration.ofMillis(100));
        }
    }

    /** True while the advisory lock's session is alive (a lost connection loses the lock with it). */
    private boolean holdsLock() {
        try {
            return lock != null && lock.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Runs the tasks waiting, up to and including the first that may write; true if all were read-only (the state
     * need not be reloaded). A task after a writing one waits for the next round, which reloads the state first: a
     * verify queued behind an import must compare the imported log with the imported state.
     */
    private boolean runExclusive() {
        Exclusive task;
        while (running && (task = exclusive.poll()) != null) {
            task.task().run();
            if (!task.readOnly()) {
                return false;
            }
        }
        return true;
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
        crashed = false;
        if (!stateCurrent) {
            projection.clear();
            recent.clear();
            repository.loadProjection(projection);
            KnownCommands ids = new KnownCommands(repository.countCommandIds());
            repository.streamCommandIds(ids::add);
            known = ids;
            nextRevision = repository.maxRevision() + 1;
        }
        stateCurrent = false;
        committedRevision = nextRevision - 1;
        LogRepository.WriterState state = repository.writerState();
        publishedRevision = state.publishedRevision();
        repliedOffset = state.commandOffset();
        // after a read-only exclusive task the clients are kept (a verify should not cost a reconnection)
        if (publisher == null) {
            publisher = new EventPublisher(bootstrapServers, topics);
        }
        republishPending();
        TopicPartition tp = new TopicPartition(topics.commands(), 0);
        if (consumer == null) {
            consumer = KafkaClients.assignedConsumer(bootstrapServers, "kubesim-state-service-commands", MAX_BATCH);
            consumer.assign(List.of(tp));
        } else {
            try {
                // the drain woke the consumer up; if no poll took that wakeup, the next one would
                consumer.poll(Duration.ZERO);
            } catch (WakeupException e) {
                // taken now
            }
        }
        // whatever the kept consumer read beyond the checkpoint was not applied: read it again
        if (state.commandOffset() < 0) {
            consumer.seekToBeginning(List.of(tp));
        } else {
            consumer.seek(tp, state.commandOffset() + 1);
        }
        if (nextRevision == 1) {
            List<Incoming> boot = Bootstrap.commands().stream()
                    .map(e -> new Incoming(KubeJson.write(e), state.commandOffset())).toList();
            Applied batch = apply(read(boot));
            commit(batch, new long[] {repliedOffset, publishedRevision});
            publish(batch);
        }
    }

    /** Publishes every committed row above the published revision (after a crash between commit and publish). */
    private void republishPending() {
        long last = committedRevision;
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
    }

    /** A transaction failed: nothing of the batch is stored, and the batches applied after it are void. */
    private static final class TransactionFailed extends RuntimeException {
        TransactionFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Runs the three stages until stopped or until a stage fails. The writer thread is the first stage; it waits for
     * the other two before returning, so nothing of this run touches the state after it.
     */
    private void pipeline() {
        BlockingQueue<Parsed> toApply = new ArrayBlockingQueue<>(QUEUE_DEPTH);
        BlockingQueue<Applied> toCommit = new ArrayBlockingQueue<>(QUEUE_DEPTH);
        BlockingQueue<Applied> toPublish = new ArrayBlockingQueue<>(QUEUE_DEPTH);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AtomicBoolean draining = new AtomicBoolean();
        Thread reader = Thread.ofPlatform().name("command-reader")
                .start(() -> stage(() -> readLoop(toApply, draining, failure), failure));
        Thread committer = Thread.ofPlatform().name("command-committer")
                .start(() -> stage(() -> commitLoop(toCommit, toPublish, draining, failure), failure));
        Thread publisherThread = Thread.ofPlatform().name("command-publisher")
                .start(() -> stage(() -> publishLoop(toPublish, committer), failure));
        try {
            while (running && failure.get() == null && exclusive.isEmpty()) {
                Parsed parsed = toApply.poll(100, TimeUnit.MILLISECONDS);
                if (parsed == null) {
                    continue;
                }
                Applied batch = apply(parsed);
                while (!toCommit.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    if (!running || failure.get() != null) {
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            draining.set(true);
            KafkaConsumer<String, String> c = consumer;
            if (c != null) {
                c.wakeup();
            }
            join(reader);
            join(committer);
            join(publisherThread);
        }
        if (failure.get() == null) {
            try {
                // what is published and answered now, so a restart reads and publishes nothing twice
                repository.updateCheckpoint(repliedOffset, publishedRevision);
            } catch (RuntimeException e) {
                log.warn("checkpoint not stored: {}", e.getMessage());
            }
        }
        RuntimeException f = failure.get();
        if (f != null) {
            throw f;
        }
    }

    /**
     * Polls commands and reads them, until the writer stops (its wakeup ends the poll), drains, or a stage fails. A
     * batch read but not handed over is dropped: the next run seeks back to the checkpoint and reads it again.
     */
    private void readLoop(BlockingQueue<Parsed> out, AtomicBoolean draining,
            AtomicReference<RuntimeException> failure) {
        TopicPartition tp = new TopicPartition(topics.commands(), 0);
        try {
            while (running && failure.get() == null && exclusive.isEmpty()) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                List<Incoming> items = new ArrayList<>(records.count());
                for (ConsumerRecord<String, String> r : records.records(tp)) {
                    items.add(new Incoming(r.value(), r.offset()));
                }
                Parsed parsed = read(items);
                while (!out.offer(parsed, 100, TimeUnit.MILLISECONDS)) {
                    // draining: the writer thread takes nothing more, and would wait for this stage for ever
                    if (!running || draining.get() || failure.get() != null) {
                        return;
                    }
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stage(Runnable body, AtomicReference<RuntimeException> failure) {
        try {
            body.run();
        } catch (TransactionFailed e) {
            failure.compareAndSet(null, e);
        } catch (RuntimeException e) {
            // a crash of a stage (or the failpoint) stops the writer, as a crash of the process would: nothing more
            // is published, and the writer thread stops once the stages have
            log.error("writer stage {} stopped", Thread.currentThread().getName(), e);
            crashed = true;
            failure.compareAndSet(null, e);
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void commitLoop(BlockingQueue<Applied> in, BlockingQueue<Applied> out, AtomicBoolean draining,
            AtomicReference<RuntimeException> failure) {
        // the checkpoint last stored: {command offset answered, revision published}
        long[] persisted = {repliedOffset, publishedRevision};
        while (failure.get() == null) {
            Applied batch = take(in);
            if (batch == null) {
                if (draining.get() && in.isEmpty()) {
                    return;
                }
                if (persisted[0] < repliedOffset || persisted[1] < publishedRevision) {
                    long offset = repliedOffset;
                    long revision = publishedRevision;
                    repository.updateCheckpoint(offset, revision);
                    persisted[0] = offset;
                    persisted[1] = revision;
                }
                continue;
            }
            commit(batch, persisted);
            afterCommit.run();
            while (!offer(out, batch)) {
                if (failure.get() != null) {
                    return;
                }
            }
        }
    }

    private void publishLoop(BlockingQueue<Applied> in, Thread committer) {
        while (true) {
            Applied batch = take(in);
            if (batch == null) {
                // the committer stops first; what it handed over is published before this stage stops
                if (!committer.isAlive() && in.isEmpty()) {
                    return;
                }
                continue;
            }
            publish(batch);
        }
    }

    private static Applied take(BlockingQueue<Applied> q) {
        try {
            return q.poll(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean offer(BlockingQueue<Applied> q, Applied batch) {
        try {
            return q.offer(batch, 100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A command as read from Kafka: its text and offset. */
    record Incoming(String value, long offset) {
    }

    /** A batch applied to the projection, waiting to be committed and published. */
    private record Applied(int size, List<LogRow> rows, List<LogRepository.Rejection> rejections,
            List<Result> replies, long lastOffset, long lastRevision, long appliedNanos) {
    }

    /**
     * The answer to one command. For a write, {@code text} is the JSON of the row it wrote and the reply holds no
     * tree: replies wait in the pipeline and in {@link #recent} for several batches, and with a parsed object each
     * they outlived the young generation and the collector copied them (LogBenchmark: the serial collector's time
     * per command fell from about 95 µs to 50 µs when they became text).
     */
    private record Result(CommandReply reply, String text) {

        static Result of(CommandReply reply) {
            return new Result(reply, null);
        }

        static Result written(Outcome.Written w) {
            CommandReply r = w.reply();
            for (LogRow row : w.rows()) {
                if (row.revision() == r.revision()) {
                    return new Result(new CommandReply(r.commandId(), r.code(), r.revision(), null, null),
                            row.object());
                }
            }
            return of(r);
        }
    }

    /** A batch as read: each command parsed (null when unreadable) and the results of those applied before. */
    private record Parsed(List<Incoming> items, List<CommandEnvelope> envelopes, Map<Integer, CommandReply> unreadable,
            Map<String, CommandReply> previous, long readNanos) {
    }

    /** Stage 1: parses one batch and looks up the commands already applied (redeliveries). No state is touched. */
    private Parsed read(List<Incoming> items) {
        long t0 = System.nanoTime();
        List<CommandEnvelope> envelopes = new ArrayList<>(items.size());
        Map<Integer, CommandReply> unreadable = new HashMap<>();
        Set<String> ids = new LinkedHashSet<>();
        KnownCommands logged = known;
        for (int i = 0; i < items.size(); i++) {
            CommandEnvelope env = parse(items.get(i).value(), i, unreadable);
            envelopes.add(env);
            if (env != null && logged.mightContain(env.id())) {
                ids.add(env.id());
            }
        }
        Map<String, CommandReply> previous;
        try {
            previous = repository.previousResults(ids);
        } catch (RuntimeException e) {
            throw new TransactionFailed("cannot look up earlier results: " + e.getMessage(), e);
        }
        if (log.isDebugEnabled()) {
            log.debug("batch of {}: parse+dedup {} ms", items.size(), (System.nanoTime() - t0) / 1_000_000);
        }
        return new Parsed(items, envelopes, unreadable, previous, System.nanoTime());
    }

    /**
     * Stage 2: applies one batch to the projection, handing out revisions. A redelivered command gets its first
     * result: from the log (looked up by {@link #read}), from an earlier command of this batch, or from a batch
     * applied but perhaps not committed yet when the lookup ran ({@link #recent}).
     */
    private Applied apply(Parsed parsed) {
        long t1 = System.nanoTime();
        List<Incoming> items = parsed.items();
        List<CommandEnvelope> envelopes = parsed.envelopes();
        Map<Integer, CommandReply> unreadable = parsed.unreadable();
        Map<String, CommandReply> previous = parsed.previous();
        List<Result> replies = new ArrayList<>(items.size());
        List<LogRepository.Rejection> rejections = new ArrayList<>();
        Batch batch = new Batch(projection, nextRevision);
        List<LogRow> rows = new ArrayList<>();
        Map<String, Result> seen = new HashMap<>();
        Map<String, Result> remembered = new HashMap<>();
        for (int i = 0; i < envelopes.size(); i++) {
            CommandEnvelope env = envelopes.get(i);
            if (env == null) {
                CommandReply bad = unreadable.get(i);
                if (bad != null) {
                    known.add(bad.commandId());
                    replies.add(Result.of(bad));
                    rejections.add(new LogRepository.Rejection(bad.commandId(), KubeJson.write(bad), clock.instant()));
                }
                continue;
            }
            CommandReply logged = previous.get(env.id());
            Result earlier = logged != null ? Result.of(logged) : seen.getOrDefault(env.id(), inFlight(env.id()));
            if (earlier != null) {
                replies.add(earlier);
                continue;
            }
            Outcome outcome = store.apply(env, batch);
            Result result = switch (outcome) {
                case Outcome.Written w -> {
                    rows.addAll(w.rows());
                    yield Result.written(w);
                }
                case Outcome.Refused r -> {
                    rejections.add(new LogRepository.Rejection(env.id(), KubeJson.write(r.reply()), clock.instant()));
                    yield Result.of(r.reply());
                }
                case Outcome.Answered a -> Result.of(a.reply());
            };
            if (!(outcome instanceof Outcome.Answered)) {
                // stored (a row or a refusal): a redelivery gets this result again
                known.add(env.id());
                remembered.put(env.id(), result);
            }
            replies.add(result);
            seen.put(env.id(), result);
        }
        // the projection runs ahead of the database; a failed transaction reloads it (see TransactionFailed)
        batch.commitTo(projection);
        nextRevision = batch.nextRevision();
        recent.addLast(remembered);
        if (recent.size() > RECENT_BATCHES) {
            recent.removeFirst();
        }
        long lastRevision = rows.isEmpty() ? 0 : rows.getLast().revision();
        if (log.isDebugEnabled()) {
            log.debug("batch of {}: waited {} ms, apply {} ms", items.size(), (t1 - parsed.readNanos()) / 1_000_000,
                    (System.nanoTime() - t1) / 1_000_000);
        }
        return new Applied(items.size(), rows, rejections, replies, items.getLast().offset(), lastRevision,
                System.nanoTime());
    }

    private Result inFlight(String commandId) {
        for (Map<String, Result> m : recent) {
            Result r = m.get(commandId);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** Stage 2: makes one batch durable, with the trailing checkpoint {@code persisted} (updated in place). */
    private void commit(Applied batch, long[] persisted) {
        long t0 = System.nanoTime();
        long offset = repliedOffset;
        long revision = publishedRevision;
        try {
            repository.commit(batch.rows(), batch.rejections(), offset, revision);
        } catch (SQLException | RuntimeException e) {
            throw new TransactionFailed("batch of " + batch.size() + " commands not stored: " + e.getMessage(), e);
        }
        persisted[0] = offset;
        persisted[1] = revision;
        if (batch.lastRevision() > 0) {
            committedRevision = batch.lastRevision();
        }
        applied.addAndGet(batch.size());
        if (log.isDebugEnabled()) {
            log.debug("batch of {}: waited {} ms, commit {} ms", batch.size(),
                    (t0 - batch.appliedNanos()) / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Stage 3: publishes a committed batch's rows and replies; only then are they published and answered. */
    private void publish(Applied batch) {
        long t0 = System.nanoTime();
        List<LogRow> rows = batch.rows();
        while (running && !crashed) {
            try {
                publisher.publish(rows);
                for (Result result : batch.replies()) {
                    // a reply carries the object its command wrote: the row's text, already written once
                    publisher.reply(result.reply(), result.text());
                }
                publisher.flush();
                publishedRevision = Math.max(publishedRevision, batch.lastRevision());
                repliedOffset = Math.max(repliedOffset, batch.lastOffset());
                if (log.isDebugEnabled()) {
                    log.debug("batch of {}: publish {} ms", batch.size(), (System.nanoTime() - t0) / 1_000_000);
                }
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

    private void closeClients() {
        try {
            if (consumer != null) {
                consumer.close(Duration.ofSeconds(2));
            }
        } catch (RuntimeException e) {
            log.debug("closing consumer", e);
        }
        consumer = null;
        if (publisher != null) {
            publisher.close();
        }
        publisher = null;
    }

    private void closeLock() {
        if (lock != null) {
            try {
                lock.close();
            } catch (SQLException e) {
                log.debug("closing lock connection", e);
            }
            lock = null;
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
