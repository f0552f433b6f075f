package io.kubesim.agent.container;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The output of one run of a container (one container id), as the runtime keeps it in the pod's log file. Keeps the
 * last {@link #MAX_LINES} lines, like the kubelet's log rotation keeps a bounded file. Written on the agent loop;
 * read by log requests through the loop.
 */
public final class ContainerLog {

    /** Lines kept per run. */
    public static final int MAX_LINES = 5000;

    /** One line of output. */
    public record Line(long number, Instant time, String text) {
    }

    private final String containerId;
    private final ArrayDeque<Line> lines = new ArrayDeque<>();
    private long written;
    private boolean finished;

    public ContainerLog(String containerId) {
        this.containerId = containerId;
    }

    public String containerId() {
        return containerId;
    }

    public void append(Instant time, String text) {
        for (String part : text.split("\n", -1)) {
            lines.addLast(new Line(written++, time, part));
        }
        while (lines.size() > MAX_LINES) {
            lines.removeFirst();
        }
    }

    /** The process has ended; no more lines will come. */
    public void finish() {
        finished = true;
    }

    public boolean finished() {
        return finished;
    }

    /** Lines numbered {@code from} or later (numbers count every line ever written). */
    public List<Line> since(long from) {
        List<Line> out = new ArrayList<>();
        for (Line l : lines) {
            if (l.number() >= from) {
                out.add(l);
            }
        }
        return out;
    }

    /** Number the next line will get. */
    public long next() {
        return written;
    }
}
