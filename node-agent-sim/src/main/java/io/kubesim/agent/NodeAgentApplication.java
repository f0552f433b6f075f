package io.kubesim.agent;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.kubesim.agent.loop.AgentLoop;
import io.kubesim.agent.loop.SchedulerLoop;
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.runtime.CommandBus;
import io.kubesim.runtime.EventRecorder;

/**
 * node-agent-sim: the simulated kubelets of one os/architecture (DESIGN.md §7). Reads cluster state from the
 * {@code ClusterCache}, writes through the {@code CommandBus} as {@code system:node:<name>}, and serves the logs,
 * registry and admin endpoints on its HTTP port.
 *
 * <p>Its configuration file is {@code node-agent.yaml}, not {@code application.yaml}, so that tests running it in
 * one JVM with other kubesim services do not hand it their settings, nor it them.
 */
@SpringBootApplication
@EnableConfigurationProperties(AgentProperties.class)
public class NodeAgentApplication {

    /** Name of the configuration file ({@code spring.config.name}). */
    public static final String CONFIG_NAME = "node-agent";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application, reading {@code node-agent.yaml}. */
    public static SpringApplication application() {
        SpringApplication app = new SpringApplication(NodeAgentApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        return app;
    }

    @Bean(destroyMethod = "close")
    SchedulerLoop agentLoop(VirtualClock clock) {
        return new SchedulerLoop(clock);
    }

    /** The kubelet's event recorder ({@code source.component: kubelet}). */
    @Bean
    EventRecorder kubeletEvents(CommandBus bus, AgentLoop loop) {
        return new EventRecorder(bus, loop.clock(), "kubelet");
    }
}
