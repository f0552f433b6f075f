package io.kubesim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Seeds 003/004 (architecture; self-healing): every control-plane component is its own process; killing the
 * scheduler or a node agent and starting it again heals; a node that stops heartbeating becomes NotReady and its
 * Deployment's pods come back on other nodes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Seed003SelfHealingIT {

    private static final Scenario S = new Scenario("seed-003");

    @BeforeAll
    static void setUp() {
        S.createNamespace();
        S.onlyNodes(Set.of("master", "amd64-w1", "amd64-w2", "arm64-w1", "ppc64le-w1"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        resume("amd64-w2");
        S.restoreNodes();
        S.deleteNamespace();
    }

    @Test
    @Order(1)
    void everyComponentIsItsOwnProcess() {
        Map<String, String> status = S.cluster.launcher().status();

        Set<String> pids = new HashSet<>();
        status.forEach((component, line) -> {
            assertThat(line).as(component).startsWith("healthy");
            pids.add(line.replaceAll(".*\\(pid (\\d+)\\).*", "$1"));
        });
        assertThat(status.keySet()).contains("state-service", "api-gateway", "scheduler", "controller-manager",
                "node-agent-amd64", "node-agent-arm64", "node-agent-ppc64le");
        assertThat(pids).hasSize(status.size());
    }

    @Test
    @Order(2)
    void aKilledSchedulerRestartsAndSchedulesWhatWasCreatedMeanwhile() {
        assertThat(S.cluster.launcher().kill("scheduler")).isTrue();
        S.kn("run", "while-down", "--image=nginx", "--labels=test=while-down").assertOk();
        assertThat(S.podStatus("while-down")).isEqualTo("Pending");

        S.cluster.launcher().restart("scheduler", io.kubesim.infra.cluster.ClusterLauncher.Progress.SILENT);

        S.awaitRunning("test=while-down", 1);
    }

    @Test
    @Order(3)
    void aKilledNodeAgentRestartsAndItsNodesAndPodsCarryOn() {
        // The cluster clock runs E2eCluster.SPEED times fast: a JVM restart that takes 20 s on a busy 2-core machine
        // is almost 7 cluster minutes, past the default 300 s toleration of not-ready/unreachable, while a real
        // kubelet restarts in seconds. The pod tolerates both taints without a limit, so what this test checks is the
        // restarted agent taking its node and its running pod back, however slow the machine.
        S.kn("run", "on-arm", "--image=nginx", "--labels=test=on-arm", "--overrides={\"spec\":{"
                + "\"nodeSelector\":{\"kubernetes.io/arch\":\"arm64\"},\"tolerations\":["
                + "{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\"},"
                + "{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\"}]}}")
                .assertOk();
        String uid = S.kn("get", "pod", "on-arm", "-o", "jsonpath={.metadata.uid}").assertOk().out();
        S.awaitRunning("test=on-arm", 1);
        assertThat(S.cluster.launcher().kill("node-agent-arm64")).isTrue();

        S.cluster.launcher().restart("node-agent-arm64", io.kubesim.infra.cluster.ClusterLauncher.Progress.SILENT);

        S.awaitNodesReady(Set.of("arm64-w1"));
        assertThat(S.awaitRunning("test=on-arm", 1).values()).containsExactly("arm64-w1");
        assertThat(S.kn("get", "pod", "on-arm", "-o", "jsonpath={.metadata.uid}").assertOk().out())
                .as("the same pod, not a replacement").isEqualTo(uid);
    }

    @Test
    @Order(4)
    void aNodeThatStopsHeartbeatingGoesNotReadyAndItsDeploymentPodsComeBackElsewhere() throws Exception {
        S.kn("create", "deployment", "survivor", "--image=nginx", "--replicas=4").assertOk();
        S.awaitRunning("app=survivor", 4);
        S.k("cordon", "arm64-w1", "ppc64le-w1", "amd64-w1").assertOk();
        S.kn("rollout", "restart", "deployment/survivor").assertOk();
        E2eCluster.await("all survivors on amd64-w2", Scenario.WAIT,
                () -> new HashSet<>(S.runningPodNodes("app=survivor").values()).equals(Set.of("amd64-w2"))
                        && S.runningPodNodes("app=survivor").size() == 4,
                () -> S.kn("get", "pods", "-o", "wide").out());
        S.k("uncordon", "arm64-w1", "ppc64le-w1", "amd64-w1").assertOk();

        agent("amd64-w2", "stop-heartbeats");

        E2eCluster.await("amd64-w2 NotReady", Duration.ofSeconds(60),
                () -> S.k("get", "node", "amd64-w2", "--no-headers").out().split("\\s+")[1].equals("NotReady"),
                () -> S.k("describe", "node", "amd64-w2").out());
        assertThat(S.k("get", "node", "amd64-w2", "-o", "jsonpath={.spec.taints[*].key}").out())
                .contains("node.kubernetes.io/unreachable");
        // the default 300 s toleration for unreachable nodes runs on the cluster clock (E2eCluster.SPEED times fast)
        E2eCluster.await("survivors back on other nodes", Duration.ofSeconds(120),
                () -> {
                    Map<String, String> running = S.runningPodNodes("app=survivor");
                    return running.size() == 4 && !running.containsValue("amd64-w2");
                },
                () -> S.kn("get", "pods", "-o", "wide").out());
    }

    private static void resume(String node) throws Exception {
        agent(node, "resume");
    }

    private static void agent(String node, String action) throws Exception {
        String endpoint = S.k("get", "node", node, "-o",
                "jsonpath={.metadata.annotations.kubesim\\.io/agent-endpoint}").assertOk().out();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(endpoint + "/kubesim/v1/nodes/" + node + "/" + action))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    }
}
