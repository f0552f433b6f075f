package io.kubesim.agent.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.kubesim.agent.NodeAgentApplication;
import io.kubesim.agent.node.NodeDirectory;
import io.kubesim.agent.node.SimulatedNode;
import io.kubesim.agent.testing.LoopbackCluster;
import io.kubesim.agent.testing.LoopbackInitializer;
import io.kubesim.model.cluster.ClusterSpec;
import io.kubesim.model.cluster.NodeTemplate;

/**
 * How many simulated nodes one agent process holds with heartbeats every 10 s, and what it costs at idle. Not a
 * test: run it by hand (see the module's report for the command). The whole agent application runs (Spring Boot,
 * Tomcat, agent loop, registrar, heartbeats, cache), with the control plane replaced by {@link LoopbackCluster},
 * which applies each command and feeds the change back into the agent's own cache at once, so the cache holds what
 * it would hold in a cluster of only these nodes (Nodes, Leases, the kubelet's start-up Events). Every command and
 * every change goes through its JSON form as it would over Kafka (the CPU figure includes both ends of that, so it
 * is an upper bound for the agent). Clock speed 1.
 *
 * <p>Arguments: {@code <nodes> <measure-seconds> [wire|shared]} (defaults 5000, 120, wire). With {@code shared} the
 * stand-in store and the agent's cache share one copy of every object, so the heap figure is the agent's alone
 * (with {@code wire} it includes the store's copy). Prints registration time, steady-state lease renewals per
 * second, heap used after a full GC, and process CPU during the measurement window.
 */
public final class HeartbeatBenchmark {

    private HeartbeatBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        boolean wire = args.length <= 2 || !args[2].equals("shared");
        Path file = Files.createTempFile("bench-nodes", ".json");
        Files.writeString(file, io.kubesim.model.json.KubeJson.write(new ClusterSpec(List.of(new NodeTemplate(
                "bench-%d", nodes, "amd64", "linux", "8", "32Gi", 110, null, null, null, null, "zone-a", null)))));
        SpringApplication app = NodeAgentApplication.application();
        app.addInitializers(new LoopbackInitializer(wire, false));
        app.setDefaultProperties(Map.of("spring.config.name", NodeAgentApplication.CONFIG_NAME));
        long t0 = System.nanoTime();
        ConfigurableApplicationContext ctx = app.run("--kubesim.client.enabled=false", "--server.port=0",
                "--kubesim.actor=system:node-agent-linux-amd64", "--kubesim.agent.architecture=amd64",
                "--kubesim.agent.nodes-file=" + file, "--logging.level.root=WARN",
                "--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                "--spring.main.banner-mode=off");
        LoopbackCluster cluster = ctx.getBean(LoopbackCluster.class);
        NodeDirectory directory = ctx.getBean(NodeDirectory.class);
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        cluster.synced();
        while (directory.all().stream().filter(SimulatedNode::isRegistered).count() < nodes) {
            Thread.sleep(50);
        }
        double registerSeconds = (System.nanoTime() - t1) / 1e9;
        System.out.printf("application started in %.1f s; %d nodes registered in %.1f s (cache: %d objects)%n",
                startSeconds, nodes, registerSeconds, cluster.cache().size());
        Thread.sleep(Duration.ofSeconds(15));
        long patches0 = cluster.patches();
        long cpu0 = cpuNanos();
        long wall0 = System.nanoTime();
        Thread.sleep(Duration.ofSeconds(seconds));
        long cpu1 = cpuNanos();
        long wall1 = System.nanoTime();
        long patches1 = cluster.patches();
        System.gc();
        Thread.sleep(500);
        System.gc();
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long heap = mem.getHeapMemoryUsage().getUsed();
        double wall = (wall1 - wall0) / 1e9;
        double cpu = (cpu1 - cpu0) / 1e9;
        System.out.printf("nodes=%d window=%.0f s merge patches (lease renewals)=%.0f/s (expected %.0f/s)%n", nodes, wall,
                (patches1 - patches0) / wall, nodes / 10.0);
        System.out.printf("process CPU: %.1f%% of one core (%.1f s CPU in %.0f s)%n", 100 * cpu / wall, cpu, wall);
        System.out.printf("heap used after full GC: %d MiB (max %d MiB)%n", heap >> 20,
                mem.getHeapMemoryUsage().getMax() >> 20);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            System.out.printf("gc %s: %d collections, %d ms%n", gc.getName(), gc.getCollectionCount(),
                    gc.getCollectionTime());
        }
        System.out.printf("threads: %d%n", Thread.activeCount());
        ctx.close();
        System.exit(0);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
