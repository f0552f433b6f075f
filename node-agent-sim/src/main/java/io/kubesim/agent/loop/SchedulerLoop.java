package io.kubesim.agent.loop;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kubesim.model.clock.VirtualClock;

/**
 * {@link AgentLoop} on one {@link ScheduledThreadPoolExecutor} thread; virtual delays become wall-clock delays through
 * {@link VirtualClock#toReal}. Cancelled timers leave the queue at once, so a million pending timers that are
 * cancelled do not pile up.
 */
public final class SchedulerLoop implements AgentLoop, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchedulerLoop.class);

    private final VirtualClock clock;
    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    public SchedulerLoop(VirtualClock clock) {
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Thread.ofPlatform().daemon().name("agent-loop").unstarted(r);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(guarded(task));
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        long nanos = clock.toReal(delay.isNegative() ? Duration.ZERO : delay).toNanos();
        ScheduledFuture<?> f = executor.schedule(guarded(task), nanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public Timer every(Duration period, Runnable task) {
        long nanos = Math.max(1, clock.toReal(period).toNanos());
        ScheduledFuture<?> f = executor.scheduleAtFixedRate(guarded(task), nanos, nanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public <T> T call(Callable<T> task) {
        if (inLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Future<T> f = executor.submit(task);
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new IllegalStateException("the agent loop did not answer within 30 s", e);
        }
    }

    private boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("agent task failed", e);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
