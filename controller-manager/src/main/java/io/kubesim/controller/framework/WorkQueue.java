package io.kubesim.controller.framework;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kubesim.model.clock.VirtualClock;

/**
 * A controller work queue with client-go's guarantees (staging/src/k8s.io/client-go/util/workqueue/queue.go,
 * delaying_queue.go, rate_limiting_queue.go): a key waiting in the queue is held once however often it is added; a
 * key is never handled by two workers at once (added again while being handled, it is queued once the handler
 * returns); a handler that throws has its key retried after the {@link RetryLimiter} delay; a handler that returns
 * normally resets the key's back-off.
 *
 * <p>Workers start with {@link #start()} (controllers call it once their cache is synced, as client-go controllers
 * wait for {@code WaitForCacheSync}). After each handled key the {@code afterEach} hook runs on the worker thread;
 * controllers use it to wait until the cache shows their own writes ({@link Writer#awaitOwnWrites}).
 *
 * @param <K> the key type (a storage key, a namespace/name pair ...)
 */
public final class WorkQueue<K> implements AutoCloseable {

    /** Handles one key; throwing means "retry later with back-off". */
    @FunctionalInterface
    public interface Handler<K> {
        void handle(K key) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(WorkQueue.class);

    private final String name;
    private final int workers;
    private final Handler<K> handler;
    private final Runnable afterEach;
    private final VirtualClock clock;
    private final RetryLimiter limiter;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<K> queue = new ArrayDeque<>();
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final Map<K, Long> waiting = new HashMap<>();
    private final ScheduledExecutorService timers;
    private final List<Thread> threads = new ArrayList<>();
    private boolean started;
    private boolean closed;

    public WorkQueue(String name, int workers, VirtualClock clock, Handler<K> handler, Runnable afterEach) {
        this(name, workers, clock, handler, afterEach, new RetryLimiter());
    }

    WorkQueue(String name, int workers, VirtualClock clock, Handler<K> handler, Runnable afterEach,
            RetryLimiter limiter) {
        if (workers < 1) {
            throw new IllegalArgumentException("a work queue needs at least one worker");
        }
        this.name = name;
        this.workers = workers;
        this.clock = clock;
        this.handler = handler;
        this.afterEach = afterEach;
        this.limiter = limiter;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues a key unless it is already waiting. */
    public void add(K key) {
        lock.lock();
        try {
            if (closed || dirty.contains(key)) {
                return;
            }
            dirty.add(key);
            if (processing.contains(key)) {
                return;
            }
            queue.addLast(key);
            available.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Queues a key once {@code delay} of cluster (virtual) time has passed; the earliest pending delay wins. */
    public void addAfter(K key, Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            add(key);
            return;
        }
        scheduleReal(key, clock.toReal(delay));
    }

    /** Queues a key after its retry back-off (wall-clock time). */
    public void addRateLimited(K key) {
        scheduleReal(key, limiter.when(key));
    }

    /** Resets the retry back-off of a key. */
    public void forget(K key) {
        limiter.forget(key);
    }

    public int retries(K key) {
        return limiter.retries(key);
    }

    /** Whether nothing is queued, delayed or being handled. */
    public boolean idle() {
        lock.lock();
        try {
            return queue.isEmpty() && processing.isEmpty() && waiting.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Starts the workers; later calls do nothing. */
    public void start() {
        lock.lock();
        try {
            if (started || closed) {
                return;
            }
            started = true;
            for (int i = 0; i < workers; i++) {
                Thread t = new Thread(this::work, name + "-worker-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            available.signalAll();
        } finally {
            lock.unlock();
        }
        timers.shutdownNow();
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void scheduleReal(K key, Duration realDelay) {
        long due = System.nanoTime() + realDelay.toNanos();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            Long pending = waiting.get(key);
            if (pending != null && pending <= due) {
                return;
            }
            waiting.put(key, due);
        } finally {
            lock.unlock();
        }
        timers.schedule(() -> fire(key, due), Math.max(0, realDelay.toNanos()), TimeUnit.NANOSECONDS);
    }

    private void fire(K key, long due) {
        lock.lock();
        try {
            Long pending = waiting.get(key);
            if (pending == null || pending != due) {
                return; // superseded by an earlier schedule, which already fired or will
            }
            waiting.remove(key);
        } finally {
            lock.unlock();
        }
        add(key);
    }

    private void work() {
        while (true) {
            K key;
            lock.lock();
            try {
                while (queue.isEmpty() && !closed) {
                    available.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                key = queue.pollFirst();
                processing.add(key);
                dirty.remove(key);
            } finally {
                lock.unlock();
            }
            try {
                handler.handle(key);
                limiter.forget(key);
            } catch (Exception e) {
                if (e instanceof ApiError api && api.isConflict()) {
                    log.debug("{}: {} conflicted, retrying: {}", name, key, e.getMessage());
                } else {
                    log.warn("{}: syncing {} failed (retry {}): {}", name, key, limiter.retries(key) + 1,
                            e.toString());
                    log.debug("{}: failure detail", name, e);
                }
                addRateLimited(key);
            } finally {
                try {
                    afterEach.run();
                } catch (RuntimeException e) {
                    log.debug("{}: after-hook failed: {}", name, e.toString());
                }
                done(key);
            }
        }
    }

    private void done(K key) {
        lock.lock();
        try {
            processing.remove(key);
            if (dirty.contains(key) && !closed) {
                queue.addLast(key);
                available.signal();
            }
        } finally {
            lock.unlock();
        }
    }
}
