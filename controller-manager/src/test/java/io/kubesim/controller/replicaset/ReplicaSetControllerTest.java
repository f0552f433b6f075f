package io.kubesim.controller.replicaset;

import static io.kubesim.controller.testing.TestPods.at;
import static io.kubesim.controller.testing.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.Claims;
import io.kubesim.controller.framework.PodRanking;
import io.kubesim.controller.framework.Writer;
import io.kubesim.controller.testing.FakeCluster;
import io.kubesim.model.command.Command;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.PatchObject;
import io.kubesim.model.command.UpdateStatus;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;

class ReplicaSetControllerTest {

    static Stream<Arguments> deletionOrder() {
        return Stream.of(
                Arguments.of("an unscheduled pod goes before a scheduled one", List.of(
                        pod("scheduled").on("n1").running().ready(at(0)).build(),
                        pod("unscheduled").build()), 1, List.of("unscheduled")),
                Arguments.of("a pending pod goes before a running one", List.of(
                        pod("running").on("n1").running().build(),
                        pod("pending").on("n2").phase("Pending").build()), 1, List.of("pending")),
                Arguments.of("a pod in phase Unknown goes before a running one but after a pending one", List.of(
                        pod("running").on("n1").running().build(),
                        pod("unknown").on("n2").phase("Unknown").build(),
                        pod("pending").on("n3").phase("Pending").build()), 2, List.of("pending", "unknown")),
                Arguments.of("a not ready pod goes before a ready one", List.of(
                        pod("ready").on("n1").running().ready(at(0)).build(),
                        pod("not-ready").on("n2").running().notReady(at(0)).build()), 1, List.of("not-ready")),
                Arguments.of("a lower pod-deletion-cost goes first", List.of(
                        pod("cheap").on("n1").running().ready(at(0))
                                .annotation(PodRanking.DELETION_COST_ANNOTATION, "-5").build(),
                        pod("dear").on("n2").running().ready(at(0))
                                .annotation(PodRanking.DELETION_COST_ANNOTATION, "100").build(),
                        pod("plain").on("n3").running().ready(at(0)).build()), 2, List.of("cheap", "plain")),
                Arguments.of("a pod sharing its node with more related pods goes first", List.of(
                        pod("alone").on("n1").running().ready(at(0)).build(),
                        pod("crowded").on("n2").running().ready(at(0)).build()), 1, List.of("crowded")),
                Arguments.of("of two ready pods the one ready more recently goes first", List.of(
                        pod("old").on("n1").running().ready(at(0)).build(),
                        pod("new").on("n3").running().ready(at(50)).build()), 1, List.of("new")),
                Arguments.of("in the same logarithmic ready bucket the uid decides, not restarts", List.of(
                        pod("calm").uid("a-uid").on("n1").running().ready(at(0)).restarts(0).build(),
                        pod("flaky").uid("b-uid").on("n3").running().ready(at(0.1)).restarts(4).build()), 1,
                        List.of("calm")),
                Arguments.of("with the same ready time more restarts go first", List.of(
                        pod("calm").on("n1").running().ready(at(0)).restarts(0).build(),
                        pod("flaky").on("n3").running().ready(at(0)).restarts(4).build()), 1, List.of("flaky")),
                Arguments.of("the newest pod goes first when all else is equal", List.of(
                        pod("older").on("n1").created(at(0)).build(),
                        pod("newer").on("n3").created(at(30)).build()), 1, List.of("newer")),
                Arguments.of("removing every pod keeps their order", List.of(
                        pod("a").on("n1").running().ready(at(0)).build(),
                        pod("b").build()), 2, List.of("a", "b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deletionOrder")
    void deletesPodsInUpstreamOrder(String sentence, List<Pod> pods, int diff, List<String> expected) {
        List<Pod> related = new ArrayList<>(pods);
        related.add(pod("neighbour-1").on("n2").running().build());
        related.add(pod("neighbour-2").on("n2").running().build());
        List<Pod> victims = ReplicaSetController.podsToDelete(pods, related, diff, at(60));
        assertThat(victims.stream().map(p -> p.getMetadata().getName()).toList()).isEqualTo(expected);
    }

    static Stream<Arguments> slowStart() {
        return Stream.of(
                Arguments.of("one pod is one batch of one", 1, List.of(1)),
                Arguments.of("seven pods go in batches of one, two and four", 7, List.of(1, 2, 4)),
                Arguments.of("ten pods go in batches of one, two, four and three", 10, List.of(1, 2, 4, 3)),
                Arguments.of("no pods need no batch", 0, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slowStart")
    void createsInSlowStartBatches(String sentence, int count, List<Integer> batches) {
        List<Integer> seen = new ArrayList<>();
        int done = ReplicaSetController.slowStartBatch(count, 1, n -> {
            seen.add(n);
            return n;
        });
        assertThat(seen).isEqualTo(batches);
        assertThat(done).isEqualTo(count);
    }

    @Test
    void slowStartStopsAtTheFirstFailedBatchAndCountsItsSuccesses() {
        List<Integer> seen = new ArrayList<>();
        assertThatThrownBy(() -> ReplicaSetController.slowStartBatch(10, 1, n -> {
            seen.add(n);
            if (n == 4) {
                throw new ReplicaSetController.BatchFailure(3, new IllegalStateException("quota"));
            }
            return n;
        })).isInstanceOfSatisfying(ReplicaSetController.BatchFailure.class,
                f -> assertThat(f.succeeded).isEqualTo(1 + 2 + 3));
        assertThat(seen).isEqualTo(List.of(1, 2, 4));
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of("ready pods count as available without minReadySeconds", 0,
                        "{\"replicas\":2,\"fullyLabeledReplicas\":2,\"readyReplicas\":1,\"availableReplicas\":1,"
                                + "\"observedGeneration\":1}"),
                Arguments.of("a pod ready for less than minReadySeconds is not available", 600,
                        "{\"replicas\":2,\"fullyLabeledReplicas\":2,\"readyReplicas\":1,\"observedGeneration\":1}"),
                Arguments.of("a pod ready for longer than minReadySeconds is available", 60,
                        "{\"replicas\":2,\"fullyLabeledReplicas\":2,\"readyReplicas\":1,\"availableReplicas\":1,"
                                + "\"observedGeneration\":1}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void calculatesStatus(String sentence, int minReadySeconds, String expected) {
        ReplicaSet rs = KubeJson.convert(replicaSet(2, minReadySeconds), ReplicaSet.class);
        List<Pod> pods = List.of(
                pod("a").label("app", "web").on("n1").running().ready(at(0)).build(),
                pod("b").label("app", "web").on("n1").running().notReady(at(0)).build());
        ObjectNode status = ReplicaSetController.calculateStatus(rs, KubeJson.json().createObjectNode(), pods, null,
                at(5));
        assertThat(status).isEqualTo(KubeJson.parse(expected));
    }

    @Test
    void createsTheMissingPodsFromTheTemplateWithAControllerReference() {
        FakeCluster cluster = new FakeCluster();
        ReplicaSetController controller = controller(cluster);
        ObjectNode rs = cluster.put(replicaSet(3, 0));
        String key = Resources.REPLICA_SETS.ref("default", "web").key();

        controller.sync(key);
        assertThat(cluster.get(key).path("status")).isEqualTo(KubeJson.parse(
                "{\"replicas\":0,\"observedGeneration\":1}"));
        controller.sync(key);

        List<ObjectNode> pods = cluster.cache.list(Resources.PODS, "default").stream().map(e -> e.json()).toList();
        assertThat(pods).hasSize(3);
        for (ObjectNode p : pods) {
            assertThat(p.path("metadata").path("generateName").asString()).isEqualTo("web-");
            assertThat(p.path("metadata").path("labels")).isEqualTo(KubeJson.parse("{\"app\":\"web\"}"));
            assertThat(p.path("metadata").path("ownerReferences")).isEqualTo(KubeJson.parse(
                    "[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"web\",\"uid\":\""
                            + rs.path("metadata").path("uid").asString()
                            + "\",\"controller\":true,\"blockOwnerDeletion\":true}]"));
            assertThat(p.path("spec")).isEqualTo(rs.path("spec").path("template").path("spec"));
        }
        assertThat(cluster.writes().stream().map(c -> c.getClass().getSimpleName()).toList())
                .isEqualTo(List.of("CreateObject", "CreateObject", "CreateObject", "UpdateStatus", "UpdateStatus"));
        assertThat(cluster.get(key).path("status")).isEqualTo(KubeJson.parse(
                "{\"replicas\":3,\"fullyLabeledReplicas\":3,\"observedGeneration\":1}"));
        assertThat(cluster.events()).hasSize(3).allMatch(e -> e.startsWith("SuccessfulCreate: Created pod: web-"));
    }

    @Test
    void waitsForItsCreationsToBeObservedBeforeActingAgain() {
        FakeCluster cluster = new FakeCluster();
        ReplicaSetController controller = controller(cluster);
        cluster.put(replicaSet(2, 0));
        String key = Resources.REPLICA_SETS.ref("default", "web").key();
        cluster.fail(c -> c instanceof CreateObject && c.target().resource().equals("pods"), 500, "InternalError", 1);

        assertThatThrownBy(() -> controller.sync(key)).hasMessageContaining("injected failure");
        assertThat(cluster.cache.list(Resources.PODS, "default")).isEmpty();

        controller.sync(key);
        assertThat(cluster.cache.list(Resources.PODS, "default")).hasSize(2);
        assertThat(cluster.get(key).path("status").path("conditions").isMissingNode()).isTrue();
    }

    @Test
    void deletesTheSurplusUnscheduledAndNotReadyPodsFirst() {
        FakeCluster cluster = new FakeCluster();
        ReplicaSetController controller = controller(cluster);
        ObjectNode rs = cluster.put(replicaSet(1, 0));
        String uid = rs.path("metadata").path("uid").asString();
        cluster.put(pod("ready").label("app", "web").on("n1").running().ready(at(0))
                .ownedBy("apps/v1", "ReplicaSet", "web", uid).json());
        cluster.put(pod("not-ready").label("app", "web").on("n2").running().notReady(at(0))
                .ownedBy("apps/v1", "ReplicaSet", "web", uid).json());
        cluster.put(pod("unscheduled").label("app", "web").ownedBy("apps/v1", "ReplicaSet", "web", uid).json());
        cluster.clearCommands();

        controller.sync(Resources.REPLICA_SETS.ref("default", "web").key());

        List<String> deleted = cluster.writes().stream().filter(c -> c instanceof DeleteObject)
                .map(c -> c.target().name()).sorted().toList();
        assertThat(deleted).isEqualTo(List.of("not-ready", "unscheduled"));
    }

    @Test
    void adoptsMatchingOrphansAndReleasesPodsItNoLongerSelects() {
        FakeCluster cluster = new FakeCluster();
        ReplicaSetController controller = controller(cluster);
        ObjectNode rs = cluster.put(replicaSet(2, 0));
        String uid = rs.path("metadata").path("uid").asString();
        cluster.put(pod("orphan").label("app", "web").on("n1").running().json());
        cluster.put(pod("relabelled").label("app", "other").on("n1").running()
                .ownedBy("apps/v1", "ReplicaSet", "web", uid).json());
        cluster.clearCommands();

        controller.sync(Resources.REPLICA_SETS.ref("default", "web").key());

        List<Command> patches = cluster.writes().stream().filter(c -> c instanceof PatchObject).toList();
        assertThat(patches.stream().map(c -> c.target().name()).sorted().toList())
                .isEqualTo(List.of("orphan", "relabelled"));
        assertThat(cluster.get("/pods/default/orphan").path("metadata").path("ownerReferences").get(0)
                .path("uid").asString()).isEqualTo(uid);
        assertThat(cluster.get("/pods/default/relabelled").path("metadata").has("ownerReferences")).isFalse();
        assertThat(cluster.writes().stream().filter(c -> c instanceof CreateObject).count()).isEqualTo(1);
        assertThat(cluster.writes().getLast()).isInstanceOf(UpdateStatus.class);
    }

    @Test
    void requeuesAfterMinReadySecondsWhenReadyPodsAreNotAvailableYet() {
        FakeCluster cluster = new FakeCluster();
        ReplicaSetController controller = controller(cluster);
        ObjectNode rs = cluster.put(replicaSet(1, 30));
        cluster.put(pod("p").label("app", "web").on("n1").running().ready(cluster.clock.instant())
                .ownedBy("apps/v1", "ReplicaSet", "web", rs.path("metadata").path("uid").asString()).json());

        controller.sync(Resources.REPLICA_SETS.ref("default", "web").key());

        assertThat(cluster.get("/replicasets.apps/default/web").path("status")).isEqualTo(KubeJson.parse(
                "{\"replicas\":1,\"fullyLabeledReplicas\":1,\"readyReplicas\":1,\"observedGeneration\":1}"));
        assertThat(controller.queue().idle()).isFalse();
    }

    private static ReplicaSetController controller(FakeCluster cluster) {
        Writer writer = new Writer(cluster, Duration.ofSeconds(5));
        return new ReplicaSetController(cluster.index, writer, new Claims(writer), cluster.clock,
                ControllerProperties.defaults());
    }

    static ObjectNode replicaSet(int replicas, int minReadySeconds) {
        return (ObjectNode) KubeJson.parse("""
                {"apiVersion":"apps/v1","kind":"ReplicaSet",
                 "metadata":{"name":"web","namespace":"default","generation":1},
                 "spec":{"replicas":%d,"minReadySeconds":%d,"selector":{"matchLabels":{"app":"web"}},
                  "template":{"metadata":{"labels":{"app":"web"}},
                   "spec":{"containers":[{"name":"nginx","image":"nginx:1.14"}]}}}}
                """.formatted(replicas, minReadySeconds));
    }
}
