package io.kubesim.agent.pod;

import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

import io.kubesim.agent.loop.AgentLoop;
import io.kubesim.agent.node.SimulatedNode;
import io.kubesim.agent.registry.ImageRegistry;
import io.kubesim.runtime.CommandBus;
import io.kubesim.runtime.EventRecorder;

/**
 * What a {@link PodWorker} works with.
 *
 * @param loop         the agent loop (clock and timers)
 * @param node         the node the pod runs on
 * @param registry     the simulated registry
 * @param services     which Services exist (for {@code nslookup})
 * @param bus          where status writes and the final delete go
 * @param events       the kubelet's event recorder
 * @param admitted     the requests of the other pods admitted on the node and not terminated
 * @param containerIds makes container ids (64 hex digits)
 */
record PodEnvironment(AgentLoop loop, SimulatedNode node, ImageRegistry registry, ServiceLookup services,
        CommandBus bus, EventRecorder events, Supplier<Collection<Map<String, Long>>> admitted,
        Supplier<String> containerIds) {

    /** Whether a Service exists. */
    @FunctionalInterface
    interface ServiceLookup {
        boolean exists(String namespace, String name);
    }
}
