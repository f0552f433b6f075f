package io.kubesim.agent.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.agent.container.ContainerLog;
import io.kubesim.agent.node.NodeDirectory;
import io.kubesim.agent.node.NodeTesting;
import io.kubesim.agent.node.SimulatedNode;
import io.kubesim.agent.registry.ImageCatalog;
import io.kubesim.agent.registry.ImageRegistry;
import io.kubesim.agent.registry.UnknownImages;
import io.kubesim.agent.testing.LoopbackCluster;
import io.kubesim.agent.testing.ManualLoop;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.EventRecorder;

class PodManagerTest {

    private final ManualLoop loop = new ManualLoop(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoopbackCluster cluster = new LoopbackCluster(loop.clock());
    private final SimulatedNode w1 = new PodFixture().node;
    private final NodeDirectory directory = new NodeDirectory(List.of(w1));
    private PodManager pods;

    @BeforeEach
    void start() {
        AtomicInteger ids = new AtomicInteger();
        pods = new PodManager(directory, cluster.cache(), loop, new ImageRegistry(ImageCatalog.load(List.of()),
                UnknownImages.ALL_PLATFORMS), cluster, new EventRecorder(cluster, loop.clock(), "kubelet"),
                () -> "%064d".formatted(ids.incrementAndGet()));
        cluster.synced();
    }

    private void pod(String name, String node, String script) {
        cluster.put("/pods/default/" + name, (ObjectNode) KubeJson.readDocuments("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  nodeName: %s
                  containers:
                  - {name: main, image: "busybox:1.28", command: [sh, -c, "%s"]}
                """.formatted(name, node, script)).getFirst());
    }

    @Test
    @DisplayName("pods bound to this agent's nodes run once the node is registered; other nodes' pods are ignored")
    void dispatch() {
        pod("early", "w1", "sleep 3600");
        pod("elsewhere", "w9", "sleep 3600");
        loop.advance(Duration.ofSeconds(5));
        assertThat(cluster.get("/pods/default/early").has("status")).isFalse();
        NodeTesting.registered(directory, w1, "uid-w1");
        loop.advance(Duration.ofSeconds(5));
        assertThat(cluster.get("/pods/default/early").path("status").path("phase").asString()).isEqualTo("Running");
        assertThat(cluster.get("/pods/default/elsewhere").has("status")).isFalse();
        assertThat(pods.logs("default", "elsewhere", "main", false))
                .isEqualTo(new LogLookup.Missing(404, "pods \"elsewhere\" not found"));
    }

    @Test
    @DisplayName("logs: the current run, --previous the run before, and errors in the kubelet's words")
    void logs() {
        NodeTesting.registered(directory, w1, "uid-w1");
        pod("crash", "w1", "echo run at $(date); sleep 5; exit 1");
        loop.advance(Duration.ofSeconds(8));
        LogLookup current = pods.logs("default", "crash", "main", false);
        LogLookup previous = pods.logs("default", "crash", "main", true);
        assertThat(lines(current)).isEqualTo(List.of("run at Thu Jan  1 00:00:06 UTC 2026"));
        assertThat(lines(previous)).isEqualTo(List.of("run at Thu Jan  1 00:00:00 UTC 2026"));
        assertThat(((LogLookup.Found) current).log().containerId()).isEqualTo("containerd://%064d".formatted(2));
        loop.advance(Duration.ofSeconds(5));
        assertThat(lines(pods.logs("default", "crash", "main", true)))
                .as("in CrashLoopBackOff, --previous is the run that just ended, as on a real kubelet")
                .isEqualTo(List.of("run at Thu Jan  1 00:00:06 UTC 2026"));
        assertThat(pods.logs("default", "crash", "sidecar", false)).isEqualTo(new LogLookup.Missing(400,
                "container \"sidecar\" in pod \"crash\" is not available"));
        assertThat(pods.containerNames("default", "crash")).contains(List.of("main"));

        cluster.submit("test", new DeleteObject(Resources.PODS.ref("default", "crash"), null, null, 0L, null,
                WriteOptions.DEFAULT));
        loop.runDue();
        assertThat(pods.logs("default", "crash", "main", false))
                .isEqualTo(new LogLookup.Missing(404, "pods \"crash\" not found"));
    }

    @Test
    @DisplayName("a pod still pulling its image has no logs: waiting to start")
    void waiting() {
        NodeTesting.registered(directory, w1, "uid-w1");
        pod("fresh", "w1", "sleep 10");
        loop.runDue();
        assertThat(pods.logs("default", "fresh", "main", false)).isEqualTo(new LogLookup.Missing(400,
                "container \"main\" in pod \"fresh\" is waiting to start: ContainerCreating"));
        assertThat(pods.logs("default", "fresh", "main", true)).isEqualTo(new LogLookup.Missing(400,
                "previous terminated container \"main\" in pod \"fresh\" not found"));
    }

    private static List<String> lines(LogLookup lookup) {
        return ((LogLookup.Found) lookup).log().since(0).stream().map(ContainerLog.Line::text).toList();
    }
}
