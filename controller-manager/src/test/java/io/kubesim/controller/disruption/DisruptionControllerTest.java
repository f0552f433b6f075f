package io.kubesim.controller.disruption;

import static io.kubesim.controller.testing.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.Writer;
import io.kubesim.controller.testing.FakeCluster;
import io.kubesim.model.json.KubeJson;

class DisruptionControllerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Stream<Arguments> budgets() {
        List<Pod> three = List.of(managed("a"), managed("b"), managed("c"));
        return Stream.of(
                Arguments.of("minAvailable 2 over three pods expects the pods found", "\"minAvailable\":2", three,
                        new DisruptionController.Expectation(3, 2, List.of())),
                Arguments.of("minAvailable 50% of a controller of scale 4 rounds up", "\"minAvailable\":\"50%\"", three,
                        new DisruptionController.Expectation(4, 2, List.of())),
                Arguments.of("maxUnavailable 1 of scale 4 wants 3 healthy", "\"maxUnavailable\":1", three,
                        new DisruptionController.Expectation(4, 3, List.of())),
                Arguments.of("maxUnavailable 34% of scale 4 rounds up to 2 unavailable", "\"maxUnavailable\":\"34%\"",
                        three, new DisruptionController.Expectation(4, 2, List.of())),
                Arguments.of("pods without a controller are reported apart", "\"maxUnavailable\":1",
                        List.of(managed("a"), pod("bare").label("app", "web").build()),
                        new DisruptionController.Expectation(4, 3, List.of("bare"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("budgets")
    void resolvesWhatTheBudgetExpects(String sentence, String spec, List<Pod> pods,
            DisruptionController.Expectation expected) {
        assertThat(DisruptionController.expectedPodCount(pdb(spec), pods,
                p -> new DisruptionController.ControllerScale("deploy-uid", 4))).isEqualTo(expected);
    }

    @Test
    void aPodWhoseControllerHasNoScaleFailsTheSync() {
        assertThatThrownBy(() -> DisruptionController.expectedPodCount(pdb("\"maxUnavailable\":1"),
                List.of(managed("a")), p -> null)).hasMessage("found no controllers for pod \"a\"");
    }

    static Stream<Arguments> health() {
        return Stream.of(
                Arguments.of("ready pods are healthy", List.of(ready("a"), ready("b")), Map.of(), 2),
                Arguments.of("a pod being deleted is not", List.of(ready("a"), pod("b").on("n").running().ready(T0)
                        .deleting(T0).build()), Map.of(), 1),
                Arguments.of("a pod evicted a minute ago is not", List.of(ready("a"), ready("b")),
                        Map.of("b", "2026-01-01T00:09:00Z"), 1),
                Arguments.of("a pod evicted over 2 minutes ago counts again", List.of(ready("a"), ready("b")),
                        Map.of("b", "2026-01-01T00:07:00Z"), 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("health")
    void countsHealthyPods(String sentence, List<Pod> pods, Map<String, String> disrupted, int expected) {
        assertThat(DisruptionController.countHealthyPods(pods, disrupted, Instant.parse("2026-01-01T00:10:00Z")))
                .isEqualTo(expected);
    }

    @Test
    void keepsTheBudgetStatusSoEvictionsCanBeRefused() {
        FakeCluster cluster = new FakeCluster();
        DisruptionController controller = new DisruptionController(cluster.index,
                new Writer(cluster, Duration.ofSeconds(5)), cluster.clock, ControllerProperties.defaults());
        cluster.put((ObjectNode) KubeJson.parse("{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":"
                + "{\"name\":\"web-1\",\"namespace\":\"default\",\"uid\":\"rs-uid\"},\"spec\":{\"replicas\":3}}"));
        for (String p : List.of("a", "b", "c")) {
            cluster.put(pod(p).label("app", "web").on("n1").running().ready(T0)
                    .ownedBy("apps/v1", "ReplicaSet", "web-1", "rs-uid").json());
        }
        ObjectNode budget = (ObjectNode) KubeJson.tree(pdb("\"minAvailable\":2"));
        cluster.put(budget);

        controller.sync("/poddisruptionbudgets.policy/default/web");
        ObjectNode status = (ObjectNode) cluster.get("/poddisruptionbudgets.policy/default/web").path("status");
        String transition = status.path("conditions").get(0).path("lastTransitionTime").asString();
        assertThat(status).isEqualTo(KubeJson.parse("""
                {"observedGeneration":1,"disruptionsAllowed":1,"currentHealthy":3,"desiredHealthy":2,
                 "expectedPods":3,"conditions":[{"type":"DisruptionAllowed","status":"True","observedGeneration":1,
                 "lastTransitionTime":"%s","reason":"SufficientPods","message":""}]}""".formatted(transition)));

        ObjectNode evicted = cluster.get("/poddisruptionbudgets.policy/default/web").deepCopy();
        ((ObjectNode) evicted.get("status")).put("disruptionsAllowed", 0).putObject("disruptedPods")
                .put("a", io.kubesim.model.clock.KubeTime.time(cluster.clock.instant()));
        cluster.put(evicted);
        controller.sync("/poddisruptionbudgets.policy/default/web");
        status = (ObjectNode) cluster.get("/poddisruptionbudgets.policy/default/web").path("status");
        assertThat(List.of(status.path("currentHealthy").asInt(), status.path("disruptionsAllowed").asInt(),
                status.path("conditions").get(0).path("reason").asString()))
                .isEqualTo(List.of(2, 0, "InsufficientPods"));
    }

    private static Pod managed(String name) {
        return pod(name).label("app", "web").ownedBy("apps/v1", "ReplicaSet", "web-1", "rs-uid").build();
    }

    private static Pod ready(String name) {
        return pod(name).on("n").running().ready(T0).build();
    }

    static PodDisruptionBudget pdb(String spec) {
        return KubeJson.convert(KubeJson.parse("{\"apiVersion\":\"policy/v1\",\"kind\":\"PodDisruptionBudget\","
                + "\"metadata\":{\"name\":\"web\",\"namespace\":\"default\",\"generation\":1},\"spec\":{" + spec
                + ",\"selector\":{\"matchLabels\":{\"app\":\"web\"}}}}"), PodDisruptionBudget.class);
    }
}
