package io.kubesim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Seed 002, part 1: nodeSelector, node affinity, pod affinity and pod anti-affinity on m-k8s and w1..w3-k8s. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Seed002NodeSelectionIT {

    private static final Scenario S = new Scenario("seed-002-select");

    @BeforeAll
    static void setUp() {
        S.createNamespace();
        Seed002Nodes.ensure(S);
        S.onlyNodes(Seed002Nodes.ALL);
    }

    @AfterAll
    static void tearDown() {
        S.k("label", "node", "w1-k8s", "w2-k8s", "cpu-", "gpu-", "disktype-");
        S.k("label", "node", "w3-k8s", "disktype-");
        S.restoreNodes();
        S.deleteNamespace();
    }

    @Test
    @Order(1)
    void aNodeSelectorPicksOnlyTheLabelledWorkers() {
        S.k("label", "node", "w1-k8s", "w2-k8s", "cpu=2core_over").assertOk();

        S.apply("002-scheduling/webserver-nodeselector.yaml");

        assertThat(S.awaitRunning("run=webserver", 1).values()).isSubsetOf(Set.of("w1-k8s", "w2-k8s"));
    }

    @Test
    @Order(2)
    void requiredAffinityFiltersAndThePreferredTermPicksTheGpuSsdNode() {
        S.k("label", "node", "w1-k8s", "gpu=true", "disktype=ssd").assertOk();
        S.k("label", "node", "w3-k8s", "disktype=hdd").assertOk();

        S.apply("002-scheduling/nginx-gpu-ssd.yaml");

        S.awaitPodStatus("nginx-gpu-ssd", "Running");
        assertThat(S.kn("get", "pod", "nginx-gpu-ssd", "-o", "jsonpath={.spec.nodeName}").out()).isEqualTo("w1-k8s");
    }

    @Test
    @Order(3)
    void podAffinityBringsEveryFrontendToTheBackendsNode() {
        S.apply("002-scheduling/backend.yaml");
        S.awaitPodStatus("backend", "Running");

        S.apply("002-scheduling/frontend-affinity.yaml");

        Map<String, String> placed = S.awaitRunning("app=frontend", 5);
        assertThat(new HashSet<>(placed.values())).isEqualTo(Set.of("w3-k8s"));
    }

    @Test
    @Order(4)
    void podAntiAffinityKeepsEveryFrontendOffTheBackendsNode() {
        S.apply("002-scheduling/frontend-anti-affinity.yaml");

        Map<String, String> placed = S.awaitRunning("app=frontend-anti", 5);
        assertThat(placed.values()).doesNotContain("w3-k8s", "m-k8s");
    }
}
