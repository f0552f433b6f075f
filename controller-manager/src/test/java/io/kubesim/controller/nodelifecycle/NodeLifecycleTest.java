package io.kubesim.controller.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.Writer;
import io.kubesim.controller.testing.FakeCluster;
import io.kubesim.controller.testing.TestPods;
import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.command.UpdateStatus;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;

class NodeLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Stream<Arguments> conditionTaints() {
        return Stream.of(
                Arguments.of("a ready node carries no condition taint", "[" + c("Ready", "True") + "]", false,
                        List.of()),
                Arguments.of("Ready=False means not-ready", "[" + c("Ready", "False") + "]", false,
                        List.of("node.kubernetes.io/not-ready")),
                Arguments.of("Ready=Unknown means unreachable", "[" + c("Ready", "Unknown") + "]", false,
                        List.of("node.kubernetes.io/unreachable")),
                Arguments.of("memory pressure is tainted", "[" + c("Ready", "True") + "," + c("MemoryPressure", "True")
                        + "]", false, List.of("node.kubernetes.io/memory-pressure")),
                Arguments.of("disk and pid pressure are both tainted", "[" + c("DiskPressure", "True") + ","
                        + c("PIDPressure", "True") + "]", false,
                        List.of("node.kubernetes.io/disk-pressure", "node.kubernetes.io/pid-pressure")),
                Arguments.of("an unavailable network is tainted", "[" + c("NetworkUnavailable", "True") + "]", false,
                        List.of("node.kubernetes.io/network-unavailable")),
                Arguments.of("pressure conditions that are False are not tainted", "[" + c("MemoryPressure", "False")
                        + "," + c("DiskPressure", "Unknown") + "]", false, List.of()),
                Arguments.of("a cordoned node is unschedulable", "[" + c("Ready", "True") + "]", true,
                        List.of("node.kubernetes.io/unschedulable")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditionTaints")
    void mapsConditionsToNoScheduleTaints(String sentence, String conditions, boolean unschedulable,
            List<String> expected) {
        ObjectNode node = node("n1", conditions, "[]");
        ((ObjectNode) node.get("spec")).put("unschedulable", unschedulable);
        assertThat(NodeTaints.desiredNoScheduleKeys(node)).isEqualTo(expected);
    }

    static Stream<Arguments> zones() {
        return Stream.of(
                Arguments.of("all nodes ready is normal", List.of("True", "True", "True"), "NORMAL"),
                Arguments.of("one of four down is normal", List.of("True", "True", "True", "Unknown"), "NORMAL"),
                Arguments.of("two of three down is still normal (more than two are needed)",
                        List.of("True", "False", "Unknown"), "NORMAL"),
                Arguments.of("three of five down is a partial disruption",
                        List.of("True", "True", "False", "Unknown", "Unknown"), "PARTIAL_DISRUPTION"),
                Arguments.of("every node down is a full disruption", List.of("Unknown", "False"), "FULL_DISRUPTION"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zones")
    void computesZoneStates(String sentence, List<String> ready, String expected) {
        List<JsonNode> conditions = new ArrayList<>();
        for (String s : ready) {
            conditions.add(KubeJson.parse(c("Ready", s)));
        }
        assertThat(NodeLifecycleController.computeZoneState(conditions, 0.55).name()).isEqualTo(expected);
    }

    @Test
    void aNodeSilentForTheGracePeriodGoesUnknown() {
        FakeCluster cluster = new FakeCluster();
        NodeLifecycleController controller = controller(cluster);
        cluster.put(node("n1", "[" + c("Ready", "True") + "," + c("MemoryPressure", "False") + ","
                + c("NetworkUnavailable", "False") + "]", "[]"));
        String key = Resources.NODES.ref(null, "n1").key();

        controller.tryUpdateNodeHealth(cluster.cache.get(key).orElseThrow(), T0);
        controller.tryUpdateNodeHealth(cluster.cache.get(key).orElseThrow(), T0.plusSeconds(50));
        assertThat(cluster.writes()).isEmpty();

        NodeLifecycleController.HealthResult result = controller.tryUpdateNodeHealth(
                cluster.cache.get(key).orElseThrow(), T0.plusSeconds(51));

        assertThat(cluster.writes()).hasSize(1).allMatch(w -> w instanceof UpdateStatus);
        assertThat(cluster.get(key).path("status").path("conditions")).isEqualTo(KubeJson.parse("""
                [{"type":"Ready","status":"Unknown","lastHeartbeatTime":"2025-12-31T23:59:00Z",
                  "lastTransitionTime":"2026-01-01T00:00:51Z","reason":"NodeStatusUnknown",
                  "message":"Kubelet stopped posting node status."},
                 {"type":"MemoryPressure","status":"Unknown","lastHeartbeatTime":"2025-12-31T23:59:00Z",
                  "lastTransitionTime":"2026-01-01T00:00:51Z","reason":"NodeStatusUnknown",
                  "message":"Kubelet stopped posting node status."},
                 {"type":"NetworkUnavailable","status":"False","lastHeartbeatTime":"2025-12-31T23:59:00Z",
                  "lastTransitionTime":"2025-12-31T23:59:00Z","reason":"Seeded"},
                 {"type":"DiskPressure","status":"Unknown","lastHeartbeatTime":"2026-01-01T00:00:00Z",
                  "lastTransitionTime":"2026-01-01T00:00:51Z","reason":"NodeStatusNeverUpdated",
                  "message":"Kubelet never posted node status."},
                 {"type":"PIDPressure","status":"Unknown","lastHeartbeatTime":"2026-01-01T00:00:00Z",
                  "lastTransitionTime":"2026-01-01T00:00:51Z","reason":"NodeStatusNeverUpdated",
                  "message":"Kubelet never posted node status."}]"""));
        assertThat(List.of(result.observedReady().path("status").asString(),
                result.currentReady().path("status").asString())).isEqualTo(List.of("True", "Unknown"));
    }

    @Test
    void leaseRenewalsKeepANodeAlive() {
        FakeCluster cluster = new FakeCluster();
        NodeLifecycleController controller = controller(cluster);
        cluster.put(node("n1", "[" + c("Ready", "True") + "]", "[]"));
        String key = Resources.NODES.ref(null, "n1").key();
        controller.tryUpdateNodeHealth(cluster.cache.get(key).orElseThrow(), T0);
        for (int s = 10; s <= 120; s += 10) {
            cluster.put(lease("n1", T0.plusSeconds(s)));
            controller.tryUpdateNodeHealth(cluster.cache.get(key).orElseThrow(), T0.plusSeconds(s));
        }
        assertThat(cluster.writes()).isEmpty();

        controller.tryUpdateNodeHealth(cluster.cache.get(key).orElseThrow(), T0.plusSeconds(170));
        assertThat(cluster.writes()).isEmpty();
        controller.tryUpdateNodeHealth(cluster.cache.get(key).orElseThrow(), T0.plusSeconds(171));
        assertThat(NodeLifecycleController.condition(cluster.get(key), "Ready").path("status").asString())
                .isEqualTo("Unknown");
    }

    @Test
    void aNodeThatNeverReportedGetsTheStartupGracePeriod() {
        FakeCluster cluster = new FakeCluster();
        NodeLifecycleController controller = controller(cluster);
        ObjectNode n = node("n1", "[]", "[]");
        ((ObjectNode) n.get("metadata")).put("creationTimestamp", KubeTime.time(T0));
        cluster.put(n);
        String key = Resources.NODES.ref(null, "n1").key();
        controller.tryUpdateNodeHealth(cluster.cache.get(key).orElseThrow(), T0.plusSeconds(60));
        assertThat(cluster.writes()).isEmpty();
        controller.tryUpdateNodeHealth(cluster.cache.get(key).orElseThrow(), T0.plusSeconds(61));
        JsonNode ready = NodeLifecycleController.condition(cluster.get(key), "Ready");
        assertThat(List.of(ready.path("status").asString(), ready.path("reason").asString()))
                .isEqualTo(List.of("Unknown", "NodeStatusNeverUpdated"));
    }

    @Test
    void keepsTheConditionTaintsInStepRemovingAdmissionsNotReadyTaintOnceReady() {
        FakeCluster cluster = new FakeCluster();
        NodeLifecycleController controller = controller(cluster);
        cluster.put(node("n1", "[" + c("Ready", "True") + "]",
                "[{\"key\":\"node.kubernetes.io/not-ready\",\"effect\":\"NoSchedule\"},"
                        + "{\"key\":\"dedicated\",\"value\":\"db\",\"effect\":\"NoSchedule\"},"
                        + "{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\"}]"));

        controller.processNodeUpdate("n1");
        assertThat(cluster.get("/nodes/n1").path("spec").path("taints")).isEqualTo(KubeJson.parse(
                "[{\"key\":\"dedicated\",\"value\":\"db\",\"effect\":\"NoSchedule\"},"
                        + "{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\"}]"));

        ObjectNode cordoned = cluster.get("/nodes/n1").deepCopy();
        ((ObjectNode) cordoned.get("spec")).put("unschedulable", true);
        cluster.put(cordoned);
        controller.processNodeUpdate("n1");
        JsonNode taints = cluster.get("/nodes/n1").path("spec").path("taints");
        assertThat(taints.size()).isEqualTo(3);
        assertThat(List.of(taints.get(2).path("key").asString(), taints.get(2).path("effect").asString(),
                taints.get(2).has("timeAdded"))).isEqualTo(List.of("node.kubernetes.io/unschedulable",
                "NoSchedule", true));
    }

    @Test
    void mirrorsTheOsAndArchLabelsIntoTheirBetaForms() {
        FakeCluster cluster = new FakeCluster();
        NodeLifecycleController controller = controller(cluster);
        ObjectNode n = node("n1", "[" + c("Ready", "True") + "]", "[]");
        n.withObjectProperty("metadata").withObjectProperty("labels").put("kubernetes.io/os", "linux")
                .put("kubernetes.io/arch", "arm64").put("beta.kubernetes.io/os", "linux");
        cluster.put(n);
        controller.processNodeUpdate("n1");
        assertThat(cluster.get("/nodes/n1").path("metadata").path("labels")).isEqualTo(KubeJson.parse(
                "{\"kubernetes.io/os\":\"linux\",\"kubernetes.io/arch\":\"arm64\",\"beta.kubernetes.io/os\":\"linux\","
                        + "\"beta.kubernetes.io/arch\":\"arm64\"}"));
    }

    @Test
    void podsOnALostNodeAreMarkedNotReady() {
        ObjectNode pod = TestPods.pod("p").on("n1").running().ready(T0).json();
        ObjectNode marked = NodeLifecycleController.notReadyCopy(pod, "n1", T0.plusSeconds(60));
        assertThat(marked.path("status").path("conditions")).isEqualTo(KubeJson.parse(
                "[{\"type\":\"Ready\",\"status\":\"False\",\"lastTransitionTime\":\"2026-01-01T00:01:00Z\"}]"));
        assertThat(NodeLifecycleController.notReadyCopy(marked, "n1", T0)).isNull();
        assertThat(NodeLifecycleController.notReadyCopy(pod, "n2", T0)).isNull();
    }

    @Test
    void taintsNodesAtTheZoneEvictionRate() {
        AtomicLong nanos = new AtomicLong();
        ZoneTainter tainter = new ZoneTainter(0.1, nanos::get);
        for (String n : List.of("a", "b", "c")) {
            tainter.add(n, n, T0);
        }
        List<String> done = new ArrayList<>();
        for (int s = 0; s <= 25; s++) {
            nanos.set(Duration.ofSeconds(s).toNanos());
            int second = s;
            tainter.tryProcess(T0.plusSeconds(s), n -> {
                done.add(n + "@" + second);
                return ZoneTainter.Outcome.DONE;
            });
        }
        assertThat(done).isEqualTo(List.of("a@0", "b@10", "c@20"));
        assertThat(tainter.add("a", "a", T0)).as("a tainted node stays in the set").isFalse();
    }

    @Test
    void aZoneLimiterOfZeroStopsTainting() {
        AtomicLong nanos = new AtomicLong();
        ZoneTainter tainter = new ZoneTainter(0.1, nanos::get);
        tainter.swapLimiter(0);
        tainter.add("a", "a", T0);
        nanos.set(Duration.ofHours(1).toNanos());
        List<String> done = new ArrayList<>();
        tainter.tryProcess(T0.plusSeconds(3600), n -> {
            done.add(n);
            return ZoneTainter.Outcome.DONE;
        });
        assertThat(done).isEmpty();
    }

    private static NodeLifecycleController controller(FakeCluster cluster) {
        return new NodeLifecycleController(cluster.index, new Writer(cluster, Duration.ofSeconds(5)), cluster.clock,
                ControllerProperties.defaults());
    }

    static String c(String type, String status) {
        return "{\"type\":\"" + type + "\",\"status\":\"" + status + "\",\"lastHeartbeatTime\":\"2025-12-31T23:59:00Z\","
                + "\"lastTransitionTime\":\"2025-12-31T23:59:00Z\",\"reason\":\"Seeded\"}";
    }

    static ObjectNode node(String name, String conditions, String taints) {
        return (ObjectNode) KubeJson.parse("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + name
                + "\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\"},\"spec\":{\"taints\":" + taints
                + "},\"status\":{\"conditions\":" + conditions + "}}");
    }

    static ObjectNode lease(String node, Instant renew) {
        return (ObjectNode) KubeJson.parse("{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\","
                + "\"metadata\":{\"name\":\"" + node + "\",\"namespace\":\"kube-node-lease\"},\"spec\":{\"holderIdentity\":\""
                + node + "\",\"leaseDurationSeconds\":40,\"renewTime\":\"" + KubeTime.microTime(renew) + "\"}}");
    }
}
