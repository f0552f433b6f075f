package io.kubesim.controller.tainteviction;

import static io.kubesim.controller.testing.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.Writer;
import io.kubesim.controller.testing.FakeCluster;
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.json.KubeJson;
import io.kubesim.runtime.CacheFeeder;

class TaintEvictionTest {

    static Stream<Arguments> decisions() {
        return Stream.of(
                Arguments.of("a node without NoExecute taints evicts nothing", List.of(), List.of(),
                        new EvictionDecision.Cancel()),
                Arguments.of("an untolerated NoExecute taint evicts at once", List.of(taint("unreachable")), List.of(),
                        new EvictionDecision.EvictNow()),
                Arguments.of("a toleration without tolerationSeconds tolerates forever",
                        List.of(taint("unreachable")), List.of(toleration("unreachable", null)),
                        new EvictionDecision.Cancel()),
                Arguments.of("the default 300 s toleration evicts after 300 s", List.of(taint("unreachable")),
                        List.of(toleration("unreachable", 300L), toleration("not-ready", 300L)),
                        new EvictionDecision.EvictAfter(Duration.ofSeconds(300))),
                Arguments.of("the smallest tolerationSeconds wins", List.of(taint("unreachable"), taint("custom")),
                        List.of(toleration("unreachable", 300L), toleration("custom", 30L)),
                        new EvictionDecision.EvictAfter(Duration.ofSeconds(30))),
                Arguments.of("a forever toleration and a 60 s one evict after 60 s",
                        List.of(taint("unreachable"), taint("custom")),
                        List.of(toleration("unreachable", null), toleration("custom", 60L)),
                        new EvictionDecision.EvictAfter(Duration.ofSeconds(60))),
                Arguments.of("tolerationSeconds 0 evicts at once", List.of(taint("custom")),
                        List.of(toleration("custom", 0L)), new EvictionDecision.EvictNow()),
                Arguments.of("negative tolerationSeconds evict at once", List.of(taint("custom")),
                        List.of(toleration("custom", -5L)), new EvictionDecision.EvictNow()),
                Arguments.of("one untolerated taint among tolerated ones evicts at once",
                        List.of(taint("unreachable"), taint("custom")), List.of(toleration("unreachable", 300L)),
                        new EvictionDecision.EvictNow()),
                Arguments.of("an empty-key Exists toleration tolerates every taint forever",
                        List.of(taint("unreachable"), taint("custom")), List.of(toleration("", null)),
                        new EvictionDecision.Cancel()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decidesWhenToEvict(String sentence, List<Taint> taints, List<Toleration> tolerations,
            EvictionDecision expected) {
        assertThat(EvictionDecision.decide(taints, tolerations)).isEqualTo(expected);
    }

    @Test
    void marksThePodAsADisruptionTargetBeforeDeletingIt() {
        ObjectNode pod = pod("p").on("n1").running().json();
        ObjectNode marked = TaintEvictionController.withDisruptionTarget(pod, Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(marked.path("status").path("conditions")).isEqualTo(KubeJson.parse("""
                [{"type":"DisruptionTarget","lastTransitionTime":"2026-01-01T00:00:00Z","status":"True",
                  "lastProbeTime":null,"reason":"DeletionByTaintManager",
                  "message":"Taint manager: deleting due to NoExecute taint"}]"""));
        assertThat(TaintEvictionController.withDisruptionTarget(marked, Instant.now())).isNull();
    }

    /** At 50x, 30 s of cluster time pass in 600 ms. */
    @Test
    void evictsIntolerantPodsAtOnceAndTolerantOnesAfterTheirTolerationSeconds() throws Exception {
        FakeCluster cluster = new FakeCluster(new VirtualClock(System.currentTimeMillis(), 50));
        TaintEvictionController controller = new TaintEvictionController(cluster.index,
                new Writer(cluster, Duration.ofSeconds(5)), cluster.clock, ControllerProperties.defaults());
        cluster.put(node("n1", "[]"));
        cluster.put(pod("intolerant").on("n1").running().json());
        cluster.put(pod("thirty").on("n1").running().toleration("node.kubernetes.io/unreachable", "NoExecute", 30L)
                .json());
        cluster.put(pod("forever").on("n1").running().toleration("node.kubernetes.io/unreachable", "NoExecute", null)
                .json());
        CacheFeeder.markSynced(cluster.cache);
        Instant tainted = cluster.clock.instant();
        cluster.put(node("n1", "[{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\"}]"));

        awaitDeleting(cluster, "intolerant", Duration.ofSeconds(5));
        Instant first = cluster.clock.instant();
        awaitDeleting(cluster, "thirty", Duration.ofSeconds(5));
        Instant second = cluster.clock.instant();
        Thread.sleep(300);
        controller.close();

        // both timers start when the controller sees the taint (a cold JVM may take a few virtual seconds)
        assertThat(Duration.between(tainted, second)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(50));
        assertThat(Duration.between(first, second)).isGreaterThan(Duration.ofSeconds(15));
        assertThat(cluster.get("/pods/default/forever").path("metadata").has("deletionTimestamp")).isFalse();
        assertThat(cluster.writes().stream().filter(c -> c instanceof DeleteObject).map(c -> c.target().name())
                .toList()).isEqualTo(List.of("intolerant", "thirty"));
        assertThat(cluster.events()).isEqualTo(List.of(
                "TaintManagerEviction: Marking for deletion Pod default/intolerant",
                "TaintManagerEviction: Marking for deletion Pod default/thirty"));
        JsonNode condition = cluster.get("/pods/default/thirty").path("status").path("conditions").get(0);
        assertThat(condition.path("reason").asString()).isEqualTo("DeletionByTaintManager");
    }

    @Test
    void removingTheTaintCancelsAPendingEviction() throws Exception {
        FakeCluster cluster = new FakeCluster(new VirtualClock(System.currentTimeMillis(), 200));
        TaintEvictionController controller = new TaintEvictionController(cluster.index,
                new Writer(cluster, Duration.ofSeconds(5)), cluster.clock, ControllerProperties.defaults());
        cluster.put(node("n1", "[]"));
        cluster.put(pod("patient").on("n1").running()
                .toleration("node.kubernetes.io/unreachable", "NoExecute", 300L).json());
        controller.onSynced();
        cluster.put(node("n1", "[{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\"}]"));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (controller.scheduled().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(controller.scheduled()).containsOnlyKeys("/pods/default/patient");

        cluster.put(node("n1", "[]"));
        deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!controller.scheduled().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
        controller.close();
        assertThat(controller.scheduled()).isEmpty();
        assertThat(cluster.events()).isEqualTo(List.of("TaintManagerEviction: Cancelling deletion of Pod default/patient"));
        assertThat(cluster.get("/pods/default/patient").path("metadata").has("deletionTimestamp")).isFalse();
    }

    private static void awaitDeleting(FakeCluster cluster, String pod, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode p = cluster.get("/pods/default/" + pod);
            if (p == null || p.path("metadata").has("deletionTimestamp")) {
                return;
            }
            Thread.sleep(2);
        }
        throw new AssertionError(pod + " was not deleted within " + timeout);
    }

    static ObjectNode node(String name, String taints) {
        return (ObjectNode) KubeJson.parse("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{\"taints\":" + taints + "}}");
    }

    static Taint taint(String key) {
        Taint t = new Taint();
        t.setKey(key.equals("custom") ? "example.com/custom" : "node.kubernetes.io/" + key);
        t.setEffect("NoExecute");
        return t;
    }

    static Toleration toleration(String key, Long seconds) {
        Toleration t = new Toleration();
        t.setKey(key.isEmpty() ? null : key.equals("custom") ? "example.com/custom" : "node.kubernetes.io/" + key);
        t.setOperator("Exists");
        t.setEffect(key.isEmpty() ? null : "NoExecute");
        t.setTolerationSeconds(seconds);
        return t;
    }
}
