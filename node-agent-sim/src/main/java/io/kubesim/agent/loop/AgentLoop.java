package io.kubesim.agent.loop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * The agent's one thread of control: every change to simulated nodes, pods and containers runs on it, and every
 * simulated delay (image pulls, run times, back-offs, heartbeats) is a timer on it, measured on the cluster's virtual
 * clock. One loop serves every node of the agent, so 5,000 nodes cost timers, not threads.
 *
 * <p>Upstream counterpart: the kubelet's pod workers and its many goroutines (pkg/kubelet/pod_workers.go); here they
 * are tasks on a single scheduler.
 */
public interface AgentLoop {

    /** A scheduled task that can be cancelled. */
    interface Timer {
        void cancel();
    }

    /** The cluster clock the loop measures delays on. */
    Clock clock();

    default Instant now() {
        return clock().instant();
    }

    /** Runs {@code task} on the loop, after the tasks already queued. */
    void execute(Runnable task);

    /** Runs {@code task} on the loop once {@code delay} of virtual time has passed. */
    Timer schedule(Duration delay, Runnable task);

    /** Runs {@code task} on the loop every {@code period} of virtual time, the first time after one period. */
    Timer every(Duration period, Runnable task);

    /**
     * Runs {@code task} on the loop and waits for its result; for callers on other threads (HTTP requests) that need
     * a consistent view of the simulation.
     */
    <T> T call(Callable<T> task);
}
