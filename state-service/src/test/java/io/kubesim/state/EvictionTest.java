package io.kubesim.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.command.BindPod;
import io.kubesim.model.command.CommandEnvelope;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.EvictPod;
import io.kubesim.model.command.PatchObject;
import io.kubesim.model.command.PatchType;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;

/**
 * Graceful pod deletion and eviction: an eviction that consumes a PodDisruptionBudget writes two rows, which reach the
 * log and every cache in revision order; a terminating pod stays until its kubelet deletes it with a zero grace period,
 * whatever status updates come in between.
 */
class EvictionTest extends StateServiceTestBase {

    @Test
    void aStatusUpdateOfATerminatingPodKeepsItUntilTheFinalDelete() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String node = "grace-node-" + suffix;
        String pod = "grace-" + suffix;
        send(new CreateObject(Resources.NODES.ref(null, node), (ObjectNode) KubeJson.parse(
                "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + node + "\"}}"),
                WriteOptions.DEFAULT));
        send(createPod("default", pod));
        send(new BindPod(Resources.PODS.ref("default", pod), null, node, null, WriteOptions.DEFAULT));
        send(new PatchObject(Resources.PODS.ref("default", pod), "status", PatchType.MERGE_PATCH,
                "{\"status\":{\"phase\":\"Running\"}}", false, WriteOptions.DEFAULT));

        CommandReply deleting = send(new DeleteObject(Resources.PODS.ref("default", pod), null, null, null, null,
                WriteOptions.DEFAULT));
        CommandReply statusUpdate = send(new PatchObject(Resources.PODS.ref("default", pod), "status",
                PatchType.MERGE_PATCH, "{\"status\":{\"containerStatuses\":[{\"name\":\"c\",\"ready\":false,"
                        + "\"restartCount\":0,\"image\":\"nginx:1.27\",\"imageID\":\"\",\"state\":{\"terminated\":"
                        + "{\"exitCode\":0}}}]}}", false, WriteOptions.DEFAULT));
        CommandReply finalDelete = send(DeleteObject.now(Resources.PODS.ref("default", pod), null));

        assertThat(deleting.object().path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(30);
        assertThat(statusUpdate.code()).isEqualTo(200);
        assertThat(statusUpdate.object().path("metadata").has("deletionTimestamp")).isTrue();
        assertThat(finalDelete.code()).isEqualTo(200);
        ClusterCache cache = cache();
        await().atMost(PATIENCE).until(() -> cache.revision() >= finalDelete.revision());
        assertThat(cache.get(Resources.PODS.ref("default", pod))).isEmpty();
        assertThat(jdbc.queryForList("SELECT type FROM log WHERE key = ? ORDER BY revision", String.class,
                "/pods/default/" + pod)).containsExactly("ADDED", "MODIFIED", "MODIFIED", "MODIFIED", "MODIFIED",
                "DELETED");
    }

    @Test
    void anEvictionUnderABudgetPublishesTheBudgetAndThePodInRevisionOrder() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String node = "evict-node-" + suffix;
        String pod = "evict-" + suffix;
        String pdb = "evict-pdb-" + suffix;
        send(new CreateObject(Resources.NODES.ref(null, node), (ObjectNode) KubeJson.parse("""
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"%s"},
                 "status":{"allocatable":{"cpu":"4","memory":"8Gi","pods":"110"}}}""".formatted(node)),
                WriteOptions.DEFAULT));
        ObjectNode p = pod("default", pod, "nginx:1.27");
        ((ObjectNode) p.get("metadata")).withObjectProperty("labels").put("budget", suffix);
        send(new CreateObject(Resources.PODS.ref("default", pod), p, WriteOptions.DEFAULT));
        send(new CreateObject(Resources.POD_DISRUPTION_BUDGETS.ref("default", pdb), (ObjectNode) KubeJson.parse("""
                {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"%s","namespace":"default"},
                 "spec":{"minAvailable":0,"selector":{"matchLabels":{"budget":"%s"}}}}""".formatted(pdb, suffix)),
                WriteOptions.DEFAULT));
        send(new PatchObject(Resources.POD_DISRUPTION_BUDGETS.ref("default", pdb), "status", PatchType.MERGE_PATCH,
                "{\"status\":{\"observedGeneration\":1,\"disruptionsAllowed\":1,\"currentHealthy\":1,"
                        + "\"desiredHealthy\":0,\"expectedPods\":1}}", false, WriteOptions.DEFAULT));
        assertThat(send(new BindPod(Resources.PODS.ref("default", pod), null, node, null, WriteOptions.DEFAULT))
                .code()).isEqualTo(201);
        send(new PatchObject(Resources.PODS.ref("default", pod), "status", PatchType.MERGE_PATCH,
                "{\"status\":{\"phase\":\"Running\"}}", false, WriteOptions.DEFAULT));

        CommandEnvelope eviction = CommandEnvelope.of("test-user",
                new EvictPod(Resources.PODS.ref("default", pod), null, WriteOptions.DEFAULT));
        CommandReply reply = bus().submit(eviction).get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(reply.code()).isEqualTo(201);
        List<String> keysInRevisionOrder = jdbc.queryForList(
                "SELECT key FROM log WHERE command_id = ? ORDER BY revision", String.class, eviction.id());
        assertThat(keysInRevisionOrder).containsExactly("/poddisruptionbudgets.policy/default/" + pdb,
                "/pods/default/" + pod);
        ClusterCache cache = cache();
        await().atMost(PATIENCE).until(() -> cache.revision() >= reply.revision());
        assertThat(cache.get(Resources.POD_DISRUPTION_BUDGETS.ref("default", pdb)).orElseThrow().json()
                .path("status").path("disruptionsAllowed").asInt()).isZero();
        assertThat(cache.get(Resources.PODS.ref("default", pod)).orElseThrow().json().path("metadata")
                .has("deletionTimestamp")).isTrue();
    }
}
