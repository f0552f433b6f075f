package io.kubesim.agent.container;

import java.time.Duration;
import java.util.List;

/**
 * What a simulated container's main process does, derived from its command, args and image: a small program of
 * shell-like steps that {@link ScriptRun} executes on the virtual clock. No real process runs; only time passes,
 * lines are written to the container log, and the process ends with an exit code (or never does).
 */
public sealed interface Script {

    /** {@code echo text}: writes a line to the log, status 0. */
    record Echo(String text) implements Script {
    }

    /** {@code sleep N}: waits; a null duration is {@code sleep infinity}. */
    record Sleep(Duration duration) implements Script {
    }

    /** {@code exit N}: ends the process with this code. */
    record Exit(int code) implements Script {
    }

    /** A command that finishes at once with this status ({@code true}, {@code false}, quick utilities). */
    record Status(int code) implements Script {
    }

    /**
     * {@code nslookup name}: status 0 when the cluster DNS would answer, i.e. when Service {@code service} exists in
     * {@code namespace} (null: the pod's own namespace); names outside the cluster always resolve.
     */
    record Lookup(String service, String namespace) implements Script {
    }

    /** A long-running program (a server, an unknown application): runs until the container is stopped. */
    record Serve() implements Script {
    }

    /** {@code a; b; c}: runs each in turn; the status is the last one's. */
    record Sequence(List<Script> steps) implements Script {
        public Sequence {
            steps = List.copyOf(steps);
        }
    }

    /** {@code a && b}. */
    record And(Script left, Script right) implements Script {
    }

    /** {@code a || b}. */
    record Or(Script left, Script right) implements Script {
    }

    /** {@code ! a}. */
    record Not(Script inner) implements Script {
    }

    /** {@code until condition; do body; done}. */
    record Until(Script condition, Script body) implements Script {
    }

    /** {@code while condition; do body; done}. */
    record While(Script condition, Script body) implements Script {
    }

    /** {@code if condition; then then; else otherwise; fi} ({@code otherwise} may be null). */
    record If(Script condition, Script then, Script otherwise) implements Script {
    }
}
