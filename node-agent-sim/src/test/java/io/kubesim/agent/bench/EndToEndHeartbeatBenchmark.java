package io.kubesim.agent.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;

import io.kubesim.agent.NodeAgentApplication;
import io.kubesim.model.cluster.ClusterSpec;
import io.kubesim.model.cluster.NodeTemplate;
import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.testcluster.TestControlPlane;

/**
 * Whether the whole pipeline keeps up with one agent's heartbeats: the agent and a real state-service (in this JVM,
 * {@link TestControlPlane}) on the build's Kafka broker and PostgreSQL, clock speed 1. Samples, from a separate
 * cache fed by {@code kubesim.events}, how old each node's Lease is (now - renewTime); the node lifecycle controller
 * declares a node lost when that passes 50 s. Not a test: run it by hand.
 *
 * <p>Arguments: {@code <nodes> <measure-seconds>} (defaults 2000 and 60).
 */
public final class EndToEndHeartbeatBenchmark {

    private EndToEndHeartbeatBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        try (TestControlPlane cp = TestControlPlane.start("agent-bench", 1.0)) {
            Path file = Files.createTempFile("bench-nodes", ".json");
            Files.writeString(file, KubeJson.write(new ClusterSpec(List.of(new NodeTemplate("bench-%d", nodes,
                    "amd64", "linux", "8", "32Gi", 110, null, null, null, null, "zone-a", null)))));
            List<String> argv = new ArrayList<>(List.of(cp.serviceArgs("system:node-agent-linux-amd64")));
            argv.addAll(List.of("--kubesim.agent.architecture=amd64", "--kubesim.agent.nodes-file=" + file,
                    "--logging.level.root=WARN", "--spring.autoconfigure.exclude="
                            + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"));
            long t0 = System.nanoTime();
            ConfigurableApplicationContext agent = NodeAgentApplication.application().run(argv.toArray(String[]::new));
            ClusterCache cache = cp.cache();
            VirtualClock clock = new VirtualClock(cp.clockOrigin(), cp.clockSpeed());
            while (cache.list(Resources.LEASES, "kube-node-lease").size() < nodes) {
                Thread.sleep(100);
            }
            System.out.printf("%d nodes and leases stored in %.1f s%n", nodes, (System.nanoTime() - t0) / 1e9);
            Thread.sleep(15_000);
            List<Long> ages = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < end) {
                Instant now = clock.instant();
                for (ClusterCache.Entry e : cache.list(Resources.LEASES, "kube-node-lease")) {
                    Instant renewed = KubeTime.parse(e.json().path("spec").path("renewTime").asString());
                    ages.add(Duration.between(renewed, now).toMillis());
                }
                Thread.sleep(1000);
            }
            Collections.sort(ages);
            System.out.printf("lease age over %d s: median %.1f s, p99 %.1f s, max %.1f s (%d samples)%n", seconds,
                    ages.get(ages.size() / 2) / 1e3, ages.get((int) (ages.size() * 0.99)) / 1e3,
                    ages.getLast() / 1e3, ages.size());
            agent.close();
        }
        System.exit(0);
    }
}
