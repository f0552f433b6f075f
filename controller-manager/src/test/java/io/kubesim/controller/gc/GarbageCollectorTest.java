package io.kubesim.controller.gc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
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
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.json.KubeJson;

class GarbageCollectorTest {

    private final FakeCluster cluster = new FakeCluster();
    private final GarbageCollector gc = new GarbageCollector(cluster.index, new Writer(cluster, Duration.ofSeconds(5)),
            cluster.clock, ControllerProperties.defaults());

    @AfterEach
    void stop() {
        gc.close();
    }

    static Stream<Arguments> references() {
        return Stream.of(
                Arguments.of("an owner that exists is solid", "apps/v1", "ReplicaSet", "web", "rs-uid",
                        GarbageCollector.OwnerState.SOLID),
                Arguments.of("an owner that does not exist is dangling", "apps/v1", "ReplicaSet", "gone", "x",
                        GarbageCollector.OwnerState.DANGLING),
                Arguments.of("an owner recreated with another uid is dangling", "apps/v1", "ReplicaSet", "web",
                        "old-uid", GarbageCollector.OwnerState.DANGLING),
                Arguments.of("an owner deleted in the foreground waits for its dependents", "apps/v1", "ReplicaSet",
                        "fg", "fg-uid", GarbageCollector.OwnerState.WAITING_FOR_DEPENDENTS),
                Arguments.of("an owner of a kind this cluster does not serve counts as existing", "example.com/v1",
                        "Widget", "w", "w-uid", GarbageCollector.OwnerState.SOLID),
                Arguments.of("a cluster-scoped owner is looked up without a namespace", "v1", "Node", "n1", "node-uid",
                        GarbageCollector.OwnerState.SOLID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void classifiesOwnerReferences(String sentence, String apiVersion, String kind, String name, String uid,
            GarbageCollector.OwnerState expected) {
        cluster.put(rs("web", "rs-uid", null));
        ObjectNode fg = rs("fg", "fg-uid", null);
        fg.withObjectProperty("metadata").put("deletionTimestamp", "2026-01-01T00:00:00Z")
                .putArray("finalizers").add("foregroundDeletion");
        cluster.put(fg);
        cluster.put((ObjectNode) KubeJson.parse(
                "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\",\"uid\":\"node-uid\"}}"));
        ObjectNode ref = KubeJson.json().createObjectNode().put("apiVersion", apiVersion).put("kind", kind)
                .put("name", name).put("uid", uid);
        assertThat(gc.classify(ref, "default")).isEqualTo(expected);
    }

    @Test
    void backgroundDeletionRemovesDependentsWhoseOwnerIsGone() throws Exception {
        cluster.put(deployment());
        cluster.put(rs("web-1", "rs-uid", "deploy-uid"));
        cluster.put(TestPods.pod("web-1-a").ownedBy("apps/v1", "ReplicaSet", "web-1", "rs-uid").json());
        cluster.put(TestPods.pod("web-1-b").ownedBy("apps/v1", "ReplicaSet", "web-1", "rs-uid").json());
        gc.onSynced();

        cluster.remove("/deployments.apps/default/web");

        await(() -> cluster.cache.list(io.kubesim.model.resource.Resources.PODS, "default").isEmpty()
                && cluster.get("/replicasets.apps/default/web-1") == null);
        assertThat(cluster.writes().stream().filter(c -> c instanceof DeleteObject)
                .map(c -> c.target().name() + ":" + ((DeleteObject) c).propagationPolicy()).sorted().toList())
                .isEqualTo(List.of("web-1-a:Background", "web-1-b:Background", "web-1:Background"));
    }

    @Test
    void orphanDeletionRemovesTheOwnerReferenceThenTheFinalizer() throws Exception {
        cluster.put(deployment());
        cluster.put(rs("web-1", "rs-uid", "deploy-uid"));
        gc.onSynced();

        ObjectNode deleting = cluster.get("/deployments.apps/default/web").deepCopy();
        deleting.withObjectProperty("metadata").put("deletionTimestamp", "2026-01-01T00:00:00Z")
                .putArray("finalizers").add("orphan");
        cluster.put(deleting);

        await(() -> cluster.get("/deployments.apps/default/web") == null);
        JsonNode rs = cluster.get("/replicasets.apps/default/web-1");
        assertThat(rs).isNotNull();
        assertThat(rs.path("metadata").has("ownerReferences")).isFalse();
    }

    @Test
    void foregroundDeletionDeletesTheDependentsFirst() throws Exception {
        cluster.put(deployment());
        cluster.put(rs("web-1", "rs-uid", "deploy-uid"));
        cluster.put(TestPods.pod("web-1-a").ownedBy("apps/v1", "ReplicaSet", "web-1", "rs-uid").json());
        gc.onSynced();

        ObjectNode deleting = cluster.get("/deployments.apps/default/web").deepCopy();
        deleting.withObjectProperty("metadata").put("deletionTimestamp", "2026-01-01T00:00:00Z")
                .putArray("finalizers").add("foregroundDeletion");
        cluster.put(deleting);

        await(() -> cluster.get("/deployments.apps/default/web") == null);
        assertThat(cluster.get("/replicasets.apps/default/web-1")).isNull();
        assertThat(cluster.get("/pods/default/web-1-a")).isNull();
        assertThat(cluster.writes().stream().filter(c -> c instanceof DeleteObject)
                .map(c -> c.target().name() + ":" + ((DeleteObject) c).propagationPolicy()).toList())
                .isEqualTo(List.of("web-1:Foreground", "web-1-a:Background"));
    }

    @Test
    void aDanglingReferenceIsRemovedFromAnObjectThatStillHasAnOwner() throws Exception {
        cluster.put(rs("keeper", "keeper-uid", null));
        ObjectNode pod = TestPods.pod("shared").ownedBy("apps/v1", "ReplicaSet", "keeper", "keeper-uid").json();
        ObjectNode second = pod.withObjectProperty("metadata").withArrayProperty("ownerReferences").addObject();
        second.put("apiVersion", "apps/v1").put("kind", "ReplicaSet").put("name", "gone").put("uid", "gone-uid");
        cluster.put(pod);
        gc.onSynced();

        await(() -> cluster.get("/pods/default/shared").path("metadata").path("ownerReferences").size() == 1);
        assertThat(cluster.get("/pods/default/shared").path("metadata").path("ownerReferences").get(0)
                .path("uid").asString()).isEqualTo("keeper-uid");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 10 s");
            }
            Thread.sleep(5);
        }
    }

    static ObjectNode deployment() {
        return (ObjectNode) KubeJson.parse("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{"
                + "\"name\":\"web\",\"namespace\":\"default\",\"uid\":\"deploy-uid\"},\"spec\":{}}");
    }

    static ObjectNode rs(String name, String uid, String ownerUid) {
        ObjectNode rs = (ObjectNode) KubeJson.parse("{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":{"
                + "\"name\":\"" + name + "\",\"namespace\":\"default\",\"uid\":\"" + uid + "\"},\"spec\":{}}");
        if (ownerUid != null) {
            rs.withObjectProperty("metadata").putArray("ownerReferences").addObject().put("apiVersion", "apps/v1")
                    .put("kind", "Deployment").put("name", "web").put("uid", ownerUid).put("controller", true)
                    .put("blockOwnerDeletion", true);
        }
        return rs;
    }
}
