package io.kubesim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Seed 001 (Pod Scheduling: nodeSelector, taints and tolerations): a GPU node, node-2, created through the API and
 * adopted by the amd64 node agent; the GPU pod follows the hw-type=gpu label, the NoSchedule taint keeps other pods
 * off, the toleration lets the GPU pod on, and NoExecute evicts what is running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Seed001GpuNodeTaintsIT {

    private static final Scenario S = new Scenario("seed-001");

    @BeforeAll
    static void setUp() {
        S.createNamespace();
        S.k("apply", "-f", Scenario.example("001-gpu-taints/node-2.yaml").toString()).assertOk();
        S.awaitNodesReady(Set.of("node-2"));
        S.onlyNodes(Set.of("node-2", "amd64-w1"));
    }

    @AfterAll
    static void tearDown() {
        S.restoreNodes();
        S.deleteNamespace();
        S.k("delete", "node", "node-2", "--wait=false");
    }

    private static int nodeCount() {
        return S.json("get", "nodes").path("items").size();
    }

    private static int unschedulableCount() {
        int n = 0;
        for (var node : S.json("get", "nodes").path("items")) {
            n += node.path("spec").path("unschedulable").asBoolean(false) ? 1 : 0;
        }
        return n;
    }

    private static String applyRenamed(String example, String from, String to) throws Exception {
        String yaml = Files.readString(Scenario.example(example)).replace("name: " + from, "name: " + to);
        return S.kubectl.runWithInput(yaml, "apply", "-n", S.namespace, "-f", "-").assertOk().out();
    }

    @Test
    @Order(1)
    void withoutALabelledNodeTheGpuPodStaysPendingWithTheSchedulersReason() {
        S.apply("001-gpu-taints/gpu-pod.yaml");
        int nodes = nodeCount();
        int cordoned = unschedulableCount();

        String expected = "0/" + nodes + " nodes are available: " + (nodes - cordoned)
                + " node(s) didn't match Pod's node affinity/selector, " + cordoned
                + " node(s) were unschedulable. preemption: 0/" + nodes + " nodes are available: " + nodes
                + " Preemption is not helpful for scheduling.";
        E2eCluster.await("FailedScheduling on gpu-pod", Scenario.WAIT,
                () -> S.kn("get", "pod", "gpu-pod", "-o",
                        "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].message}").out().equals(expected),
                () -> S.kn("describe", "pod", "gpu-pod").out());
        assertThat(S.podStatus("gpu-pod")).isEqualTo("Pending");
        assertThat(S.kn("get", "events", "--field-selector", "involvedObject.name=gpu-pod,reason=FailedScheduling",
                "-o", "jsonpath={.items[0].message}").out()).isEqualTo(expected);
    }

    @Test
    @Order(2)
    void labellingNode2HwTypeGpuSchedulesTheGpuPodThere() {
        S.k("label", "node", "node-2", "hw-type=gpu").assertOk();

        assertThat(S.awaitRunning("!app", 1)).isEqualTo(java.util.Map.of("gpu-pod", "node-2"));
    }

    @Test
    @Order(3)
    void aNoScheduleTaintKeepsPodsWithoutTheTolerationOffAndLetsTheTolerantPodOn() throws Exception {
        S.k("taint", "node", "node-2", "hw-type=gpu:NoSchedule").assertOk();
        applyRenamed("001-gpu-taints/gpu-pod.yaml", "gpu-pod", "gpu-pod-2");
        applyRenamed("001-gpu-taints/gpu-pod-toleration.yaml", "gpu-pod-tolerant", "gpu-pod-tolerant");

        S.awaitPodStatus("gpu-pod-tolerant", "Running");
        E2eCluster.await("gpu-pod-2 rejected for the taint", Scenario.WAIT,
                () -> S.kn("get", "pod", "gpu-pod-2", "-o",
                        "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].message}").out()
                        .contains("1 node(s) had untolerated taint {hw-type: gpu}"),
                () -> S.kn("describe", "pod", "gpu-pod-2").out());
        assertThat(S.podStatus("gpu-pod")).isEqualTo("Running");
        assertThat(S.podStatus("gpu-pod-2")).isEqualTo("Pending");
        assertThat(S.kn("get", "pod", "gpu-pod-tolerant", "-o", "jsonpath={.spec.nodeName}").out())
                .isEqualTo("node-2");
    }

    @Test
    @Order(4)
    void preferNoScheduleOnlyDiscouragesWhileAnotherNodeFits() {
        S.k("taint", "node", "node-2", "hw-type=gpu:NoSchedule-").assertOk();
        S.kn("delete", "pod", "gpu-pod-2", "--grace-period=0", "--force").assertOk();
        S.k("taint", "node", "node-2", "maintenance=soon:PreferNoSchedule").assertOk();

        S.kn("run", "prefer", "--image=nginx", "--labels=test=prefer").assertOk();
        assertThat(S.awaitRunning("test=prefer", 1).values()).containsExactly("amd64-w1");

        S.k("cordon", "amd64-w1").assertOk();
        S.kn("run", "prefer-2", "--image=nginx", "--labels=test=prefer-2").assertOk();
        assertThat(S.awaitRunning("test=prefer-2", 1).values()).containsExactly("node-2");
        S.k("uncordon", "amd64-w1").assertOk();
        S.k("taint", "node", "node-2", "maintenance=soon:PreferNoSchedule-").assertOk();
    }

    @Test
    @Order(5)
    void aNoExecuteTaintEvictsTheRunningPodsThatDoNotTolerateIt() {
        S.k("taint", "node", "node-2", "hw-type=gpu:NoExecute").assertOk();

        E2eCluster.await("gpu pods evicted from node-2", Scenario.WAIT,
                () -> S.kn("get", "pods", "--field-selector", "spec.nodeName=node-2", "-o", "name").out().isEmpty(),
                () -> S.kn("get", "pods", "-o", "wide").out());
        assertThat(S.kn("get", "events", "--field-selector", "reason=TaintManagerEviction", "-o",
                "jsonpath={.items[*].involvedObject.name}").out()).contains("gpu-pod");
    }
}
