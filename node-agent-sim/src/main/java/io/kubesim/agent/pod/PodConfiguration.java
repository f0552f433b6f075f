package io.kubesim.agent.pod;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.kubesim.agent.loop.AgentLoop;
import io.kubesim.agent.node.NodeDirectory;
import io.kubesim.agent.registry.ImageRegistry;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.CommandBus;
import io.kubesim.runtime.EventRecorder;

/** The pod side of the agent. */
@Configuration(proxyBeanMethods = false)
class PodConfiguration {

    @Bean
    PodManager podManager(NodeDirectory directory, ClusterCache cache, AgentLoop loop, ImageRegistry registry,
            CommandBus bus, EventRecorder kubeletEvents) {
        return new PodManager(directory, cache, loop, registry, bus, kubeletEvents);
    }
}
