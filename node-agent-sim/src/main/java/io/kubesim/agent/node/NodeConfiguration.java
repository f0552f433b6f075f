package io.kubesim.agent.node;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.kubesim.agent.AgentProperties;
import io.kubesim.agent.loop.AgentLoop;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.CommandBus;
import io.kubesim.runtime.EventRecorder;

/** The node side of the agent: directory, registration, heartbeats, failure injection, health. */
@Configuration(proxyBeanMethods = false)
class NodeConfiguration {

    @Bean
    NodeFactory nodeFactory(AgentProperties properties) {
        return new NodeFactory(properties.os(), properties.architecture());
    }

    @Bean
    NodeDirectory nodeDirectory(AgentProperties properties, NodeFactory factory) {
        return new NodeDirectory(factory.fromTemplates(properties.templates()));
    }

    @Bean
    Heartbeats heartbeats(NodeDirectory directory, ClusterCache cache, CommandBus bus, AgentLoop loop,
            AgentProperties properties) {
        return new Heartbeats(directory, cache, bus, loop, properties.leaseRenewInterval(),
                properties.leaseDurationSeconds(), properties.nodeStatusReportFrequency());
    }

    @Bean
    NodeRegistrar nodeRegistrar(NodeDirectory directory, NodeFactory factory, ClusterCache cache, CommandBus bus,
            AgentLoop loop, EventRecorder kubeletEvents, Heartbeats heartbeats, AgentProperties properties) {
        return new NodeRegistrar(directory, factory, cache, bus, loop, kubeletEvents, heartbeats, properties.os(),
                properties.architecture(), properties.nodeEvents(), properties.advertiseHost());
    }

    @Bean
    ApplicationListener<WebServerInitializedEvent> agentPortListener(NodeRegistrar registrar) {
        return event -> {
            if (event.getApplicationContext().getServerNamespace() == null) {
                registrar.portKnown(event.getWebServer().getPort());
            }
        };
    }

    @Bean
    NodeControl nodeControl(NodeDirectory directory, Heartbeats heartbeats, AgentLoop loop) {
        return new NodeControl(directory, heartbeats, loop);
    }

    @Bean
    AgentHealth agentHealthIndicator(NodeRegistrar registrar, NodeDirectory directory) {
        return new AgentHealth(registrar, directory);
    }
}
