package io.kubesim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Seed 002, part 2: the four taint/toleration cases, cordon/uncordon, and drain. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Seed002TaintsCordonDrainIT {

    private static final Scenario S = new Scenario("seed-002-taints");

    @BeforeAll
    static void setUp() {
        S.createNamespace();
        Seed002Nodes.ensure(S);
        S.onlyNodes(Seed002Nodes.ALL);
    }

    @AfterAll
    static void tearDown() {
        S.k("taint", "node", "w3-k8s", "key01=value01:NoSchedule-");
        S.k("taint", "node", "w1-k8s", "role=web:NoSchedule-");
        S.k("taint", "node", "w2-k8s", "other=x:NoSchedule-");
        S.k("uncordon", "w1-k8s");
        S.k("uncordon", "w3-k8s");
        S.restoreNodes();
        S.deleteNamespace();
    }

    private static Set<String> webserverNodes() {
        return new HashSet<>(S.awaitRunning("app=webserver", 4).values());
    }

    @Test
    @Order(1)
    void podsAvoidTheTaintedNodesMasterAndW3() {
        S.k("taint", "nodes", "w3-k8s", "key01=value01:NoSchedule").assertOk();

        S.apply("002-scheduling/webserver-deployment.yaml");

        assertThat(webserverNodes()).isEqualTo(Set.of("w1-k8s", "w2-k8s"));
    }

    @Test
    @Order(2)
    void aTolerationForATaintNoNodeHasChangesNothing() {
        S.apply("002-scheduling/webserver-deployment-toleration.yaml");

        E2eCluster.await("rollout of the tolerant template", Scenario.WAIT,
                () -> S.kn("rollout", "status", "deployment/weserver", "--timeout=5s").exitCode() == 0,
                () -> S.kn("get", "pods", "-o", "wide").out());
        assertThat(webserverNodes()).isEqualTo(Set.of("w1-k8s", "w2-k8s"));
    }

    @Test
    @Order(3)
    void aMatchingTaintLetsTheTolerantPodsOnW1AndTheyStillUseW2() {
        S.k("taint", "node", "w1-k8s", "role=web:NoSchedule").assertOk();
        S.kn("rollout", "restart", "deployment/weserver").assertOk();
        E2eCluster.await("rollout after restart", Scenario.WAIT,
                () -> S.kn("rollout", "status", "deployment/weserver", "--timeout=5s").exitCode() == 0,
                () -> S.kn("get", "pods", "-o", "wide").out());

        assertThat(webserverNodes()).isSubsetOf(Set.of("w1-k8s", "w2-k8s"));
        assertThat(webserverNodes()).doesNotContain("w3-k8s", "m-k8s");
    }

    @Test
    @Order(4)
    void whenEveryNodeHasAnUntoleratedTaintNewPodsStayPending() {
        S.k("taint", "node", "w2-k8s", "other=x:NoSchedule").assertOk();
        S.k("taint", "node", "w1-k8s", "role=web:NoSchedule-").assertOk();
        S.k("taint", "node", "w1-k8s", "other=x:NoSchedule").assertOk();

        S.kn("run", "stranded", "--image=nginx").assertOk();

        E2eCluster.await("stranded pod rejected", Scenario.WAIT,
                () -> S.kn("get", "pod", "stranded", "-o",
                        "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].reason}").out()
                        .equals("Unschedulable"),
                () -> S.kn("describe", "pod", "stranded").out());
        assertThat(S.podStatus("stranded")).isEqualTo("Pending");
        S.k("taint", "node", "w1-k8s", "other=x:NoSchedule-").assertOk();
        S.k("taint", "node", "w2-k8s", "other=x:NoSchedule-").assertOk();
        S.awaitPodStatus("stranded", "Running");
        S.kn("delete", "pod", "stranded", "--grace-period=0", "--force");
    }

    @Test
    @Order(5)
    void aCordonedNodeGetsNoNewPodsAndShowsSchedulingDisabled() {
        S.k("taint", "node", "w3-k8s", "key01=value01:NoSchedule-").assertOk();
        Set<String> onW1Before = podsOn("w1-k8s");
        S.k("cordon", "w1-k8s").assertOk();

        assertThat(S.k("get", "node", "w1-k8s", "--no-headers").out().split("\\s+")[1])
                .isEqualTo("Ready,SchedulingDisabled");
        S.kn("scale", "deployment/weserver", "--replicas=8").assertOk();
        S.awaitRunning("app=webserver", 8);

        assertThat(podsOn("w1-k8s")).isSubsetOf(onW1Before);
        S.k("uncordon", "w1-k8s").assertOk();
        assertThat(S.k("get", "node", "w1-k8s", "--no-headers").out().split("\\s+")[1]).isEqualTo("Ready");
        S.kn("scale", "deployment/weserver", "--replicas=4").assertOk();
        S.awaitRunning("app=webserver", 4);
    }

    private static Set<String> podsOn(String node) {
        Set<String> out = new HashSet<>();
        S.runningPodNodes("app=webserver").forEach((pod, n) -> {
            if (n.equals(node)) {
                out.add(pod);
            }
        });
        return out;
    }

    @Test
    @Order(6)
    void drainDeletesTheBarePodMovesTheDeploymentsPodsAndLeavesTheNodeCordoned() {
        S.apply("002-scheduling/db.yaml");
        S.awaitPodStatus("db", "Running");
        S.k("cordon", "w1-k8s", "w2-k8s").assertOk();
        S.kn("rollout", "restart", "deployment/weserver").assertOk();
        E2eCluster.await("webserver pods on w3", Scenario.WAIT,
                () -> S.kn("rollout", "status", "deployment/weserver", "--timeout=5s").exitCode() == 0
                        && new HashSet<>(S.runningPodNodes("app=webserver").values()).equals(Set.of("w3-k8s")),
                () -> S.kn("get", "pods", "-o", "wide").out());
        S.k("uncordon", "w1-k8s", "w2-k8s").assertOk();

        var drain = S.k("drain", "w3-k8s", "--ignore-daemonsets", "--force", "--timeout=120s").assertOk();

        assertThat(drain.out()).contains("node/w3-k8s cordoned").contains("pod/db evicted")
                .contains("node/w3-k8s drained");
        assertThat(drain.err()).contains("Warning: deleting Pods that declare no controller: seed-002-taints/db");
        assertThat(S.kn("get", "pod", "db").err()).isEqualTo("Error from server (NotFound): pods \"db\" not found\n");
        assertThat(new HashSet<>(S.awaitRunning("app=webserver", 4).values())).doesNotContain("w3-k8s");
        assertThat(S.k("get", "node", "w3-k8s", "--no-headers").out().split("\\s+")[1])
                .isEqualTo("Ready,SchedulingDisabled");
    }
}
