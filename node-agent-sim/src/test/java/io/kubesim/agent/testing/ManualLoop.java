package io.kubesim.agent.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;

import io.kubesim.agent.loop.AgentLoop;

/** An {@link AgentLoop} on a clock that moves only when the test says so; tasks run on the test's thread. */
public final class ManualLoop implements AgentLoop {

    private final class Task implements Timer {
        final Instant due;
        final long seq;
        final Runnable body;
        final Duration period;
        boolean cancelled;

        Task(Instant due, long seq, Runnable body, Duration period) {
            this.due = due;
            this.seq = seq;
            this.body = body;
            this.period = period;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.due.equals(b.due)
            ? Long.compare(a.seq, b.seq) : a.due.compareTo(b.due));
    private Instant now;
    private long seq;
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    public ManualLoop(Instant start) {
        this.now = start;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void execute(Runnable task) {
        queue.add(new Task(now, seq++, task, null));
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        Task t = new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task, null);
        queue.add(t);
        return t;
    }

    @Override
    public Timer every(Duration period, Runnable task) {
        Task t = new Task(now.plus(period), seq++, task, period);
        queue.add(t);
        return t;
    }

    @Override
    public <T> T call(Callable<T> task) {
        try {
            return task.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs every task due now (and those they queue for now). */
    public void runDue() {
        advanceTo(now);
    }

    /** Moves the clock by {@code d}, running every task that falls due on the way, at its time. */
    public void advance(Duration d) {
        advanceTo(now.plus(d));
    }

    /** Moves the clock to {@code target}, running every task that falls due on the way, at its time. */
    public void advanceTo(Instant target) {
        while (!queue.isEmpty() && !queue.peek().due.isAfter(target)) {
            Task t = queue.poll();
            if (t.cancelled) {
                continue;
            }
            now = t.due;
            t.body.run();
            if (t.period != null && !t.cancelled) {
                queue.add(new Task(t.due.plus(t.period), seq++, t.body, t.period));
            }
        }
        now = target;
    }

    public Instant now() {
        return now;
    }
}
