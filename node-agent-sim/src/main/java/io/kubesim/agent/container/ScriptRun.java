package io.kubesim.agent.container;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * One execution of a {@link Script} on the virtual clock: a small interpreter with an explicit stack, so a running
 * container costs a few objects and at most one timer, never a thread. {@link #advance} runs the script up to a
 * moment; sleeps block it until their end, {@link Script.Serve} and {@code sleep infinity} block it for good, and
 * it exits with the status of its last command or an {@code exit}. Runs can start in the past (an agent taking over
 * containers that were already running): {@link #advance} then replays what happened since, with the timestamps it
 * happened at.
 *
 * <p>A loop iteration that would take no time (no sleep in it) takes {@link #MIN_ITERATION}: a real shell spins,
 * the simulation must not.
 */
public final class ScriptRun {

    /** Shortest time a loop iteration takes. */
    public static final Duration MIN_ITERATION = Duration.ofSeconds(1);

    /** Where the run is after {@link #advance}. */
    public sealed interface Progress {
        /** Sleeping until {@code until}. */
        record Sleeping(Instant until) implements Progress {
        }

        /** Running until the container is stopped. */
        record Forever() implements Progress {
        }

        /** Exited with {@code code} at {@code at}. */
        record Exited(int code, Instant at) implements Progress {
        }
    }

    /** What the script sees of the world. */
    public interface Environment {
        /** Whether Service {@code name} exists in {@code namespace} (null: the pod's namespace). */
        boolean serviceExists(String namespace, String name);

        /** {@code text} with variables and command substitutions expanded, as at {@code at}. */
        String expand(String text, Instant at);

        /** A line written to stdout at {@code at}. */
        void output(Instant at, String line);
    }

    private final Environment env;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private Instant clock;
    private int status;
    private Instant blockedUntil;
    private boolean forever;
    private Progress.Exited exited;

    public ScriptRun(Script script, Instant start, Environment env) {
        this.env = env;
        this.clock = start;
        stack.push(new SequenceFrame(List.of(script)));
    }

    /** Runs the script up to {@code now} and says where it is. */
    public Progress advance(Instant now) {
        int steps = 0;
        while (true) {
            if (exited != null) {
                return exited;
            }
            if (forever) {
                return new Progress.Forever();
            }
            if (blockedUntil != null) {
                if (blockedUntil.isAfter(now)) {
                    return new Progress.Sleeping(blockedUntil);
                }
                clock = blockedUntil;
                blockedUntil = null;
                status = 0;
            }
            if (stack.isEmpty()) {
                exited = new Progress.Exited(status, clock);
                continue;
            }
            if (++steps > 1_000_000) {
                throw new IllegalStateException("script does not make progress");
            }
            stack.peek().resume(this);
        }
    }

    private void enter(Script s) {
        switch (s) {
            case Script.Echo e -> {
                env.output(clock, env.expand(e.text(), clock));
                status = 0;
            }
            case Script.Sleep sl -> {
                if (sl.duration() == null) {
                    forever = true;
                } else {
                    blockedUntil = clock.plus(sl.duration());
                }
            }
            case Script.Exit x -> {
                exited = new Progress.Exited(x.code(), clock);
                stack.clear();
            }
            case Script.Status x -> status = x.code();
            case Script.Lookup l -> status = env.serviceExists(l.namespace(), env.expand(l.service(), clock)) ? 0 : 1;
            case Script.Serve v -> forever = true;
            case Script.Sequence q -> stack.push(new SequenceFrame(q.steps()));
            case Script.And a -> stack.push(new ConditionalFrame(a.left(), a.right(), true));
            case Script.Or o -> stack.push(new ConditionalFrame(o.left(), o.right(), false));
            case Script.Not n -> stack.push(new NotFrame(n.inner()));
            case Script.Until u -> stack.push(new LoopFrame(u.condition(), u.body(), true));
            case Script.While w -> stack.push(new LoopFrame(w.condition(), w.body(), false));
            case Script.If i -> stack.push(new IfFrame(i));
        }
    }

    private interface Frame {
        void resume(ScriptRun r);
    }

    private static final class SequenceFrame implements Frame {
        private final List<Script> steps;
        private int next;

        SequenceFrame(List<Script> steps) {
            this.steps = steps;
        }

        @Override
        public void resume(ScriptRun r) {
            if (next < steps.size()) {
                r.enter(steps.get(next++));
            } else {
                r.stack.pop();
            }
        }
    }

    private static final class ConditionalFrame implements Frame {
        private final Script left;
        private final Script right;
        private final boolean and;
        private int stage;

        ConditionalFrame(Script left, Script right, boolean and) {
            this.left = left;
            this.right = right;
            this.and = and;
        }

        @Override
        public void resume(ScriptRun r) {
            switch (stage) {
                case 0 -> {
                    stage = 1;
                    r.enter(left);
                }
                case 1 -> {
                    if ((r.status == 0) == and) {
                        stage = 2;
                        r.enter(right);
                    } else {
                        r.stack.pop();
                    }
                }
                default -> r.stack.pop();
            }
        }
    }

    private static final class NotFrame implements Frame {
        private final Script inner;
        private boolean entered;

        NotFrame(Script inner) {
            this.inner = inner;
        }

        @Override
        public void resume(ScriptRun r) {
            if (!entered) {
                entered = true;
                r.enter(inner);
            } else {
                r.status = r.status == 0 ? 1 : 0;
                r.stack.pop();
            }
        }
    }

    private static final class LoopFrame implements Frame {
        private final Script condition;
        private final Script body;
        private final boolean until;
        private int stage;
        private Instant iterationStart;

        LoopFrame(Script condition, Script body, boolean until) {
            this.condition = condition;
            this.body = body;
            this.until = until;
        }

        @Override
        public void resume(ScriptRun r) {
            switch (stage) {
                case 0 -> {
                    iterationStart = r.clock;
                    stage = 1;
                    r.enter(condition);
                }
                case 1 -> {
                    boolean stop = until == (r.status == 0);
                    if (stop) {
                        r.status = 0;
                        r.stack.pop();
                    } else {
                        stage = 2;
                        r.enter(body);
                    }
                }
                default -> {
                    stage = 0;
                    if (!r.clock.isAfter(iterationStart)) {
                        r.blockedUntil = r.clock.plus(MIN_ITERATION);
                    }
                }
            }
        }
    }

    private static final class IfFrame implements Frame {
        private final Script.If clause;
        private int stage;

        IfFrame(Script.If clause) {
            this.clause = clause;
        }

        @Override
        public void resume(ScriptRun r) {
            switch (stage) {
                case 0 -> {
                    stage = 1;
                    r.enter(clause.condition());
                }
                case 1 -> {
                    stage = 2;
                    if (r.status == 0) {
                        r.enter(clause.then());
                    } else if (clause.otherwise() != null) {
                        r.enter(clause.otherwise());
                    } else {
                        r.status = 0;
                        r.stack.pop();
                    }
                }
                default -> r.stack.pop();
            }
        }
    }
}
