package io.kubesim.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.Claims;
import io.kubesim.controller.framework.Writer;
import io.kubesim.controller.testing.FakeCluster;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache.Entry;

class DeploymentControllerTest {

    private static final String KEY = Resources.DEPLOYMENTS.ref("default", "web").key();

    private final FakeCluster cluster = new FakeCluster();
    private final Writer writer = new Writer(cluster, Duration.ofSeconds(5));
    private final DeploymentController controller = new DeploymentController(cluster.index, writer,
            new Claims(writer), cluster.clock, ControllerProperties.defaults());

    @Test
    void aNewDeploymentGetsAReplicaSetNamedByItsTemplateHash() {
        ObjectNode d = cluster.put(deployment(4, "nginx:1.14", "RollingUpdate"));

        controller.sync(KEY);

        List<Entry> rss = List.copyOf(cluster.cache.list(Resources.REPLICA_SETS, "default"));
        assertThat(rss).hasSize(1);
        JsonNode rs = rss.getFirst().json();
        String name = rs.path("metadata").path("name").asString();
        String hash = name.substring("web-".length());
        assertThat(name).matches("web-[bcdfghjklmnpqrstvwxz2456789]+");
        assertThat(rs.path("metadata").path("labels")).isEqualTo(KubeJson.parse(
                "{\"app\":\"web\",\"pod-template-hash\":\"" + hash + "\"}"));
        assertThat(rs.path("spec").path("selector")).isEqualTo(KubeJson.parse(
                "{\"matchLabels\":{\"app\":\"web\",\"pod-template-hash\":\"" + hash + "\"}}"));
        assertThat(rs.path("spec").path("replicas").asInt()).isEqualTo(4);
        assertThat(rs.path("spec").path("template").path("metadata").path("labels")).isEqualTo(
                rs.path("metadata").path("labels"));
        assertThat(rs.path("metadata").path("annotations")).isEqualTo(KubeJson.parse(
                "{\"deployment.kubernetes.io/revision\":\"1\",\"deployment.kubernetes.io/desired-replicas\":\"4\","
                        + "\"deployment.kubernetes.io/max-replicas\":\"5\"}"));
        assertThat(rs.path("metadata").path("ownerReferences")).isEqualTo(KubeJson.parse(
                "[{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"web\",\"uid\":\""
                        + d.path("metadata").path("uid").asString()
                        + "\",\"controller\":true,\"blockOwnerDeletion\":true}]"));
        JsonNode stored = cluster.get(KEY);
        assertThat(stored.path("metadata").path("annotations").path("deployment.kubernetes.io/revision").asString())
                .isEqualTo("1");
        assertThat(conditionReasons(stored)).isEqualTo(Map.of("Progressing", "NewReplicaSetCreated",
                "Available", "MinimumReplicasUnavailable"));
        assertThat(cluster.events()).contains("ScalingReplicaSet: Scaled up replica set " + name + " from 0 to 4");
    }

    @Test
    void aCompleteRolloutReportsNewReplicaSetAvailable() {
        cluster.put(deployment(4, "nginx:1.14", "RollingUpdate"));
        controller.sync(KEY);
        markAvailable();

        controller.sync(KEY);

        JsonNode status = cluster.get(KEY).path("status");
        assertThat(List.of(status.path("replicas").asInt(), status.path("updatedReplicas").asInt(),
                status.path("readyReplicas").asInt(), status.path("availableReplicas").asInt(),
                status.path("unavailableReplicas").asInt())).isEqualTo(List.of(4, 4, 4, 4, 0));
        assertThat(conditionReasons(cluster.get(KEY))).isEqualTo(Map.of("Progressing", "NewReplicaSetAvailable",
                "Available", "MinimumReplicasAvailable"));
    }

    @Test
    void aNewTemplateStartsARollingUpdateOneSurgePodAndOneUnavailablePodAtATime() {
        cluster.put(deployment(4, "nginx:1.14", "RollingUpdate"));
        controller.sync(KEY);
        markAvailable();
        controller.sync(KEY);

        cluster.put(deployment(4, "nginx:1.15", "RollingUpdate"));
        controller.sync(KEY);

        assertThat(sizesByImage()).isEqualTo(Map.of("nginx:1.14", 3, "nginx:1.15", 1));
        assertThat(revisionsByImage()).isEqualTo(Map.of("nginx:1.14", "1", "nginx:1.15", "2"));
        assertThat(cluster.get(KEY).path("metadata").path("annotations").path("deployment.kubernetes.io/revision")
                .asString()).isEqualTo("2");
    }

    @Test
    void rollingBackToAnOldTemplateReusesItsReplicaSetWithANewRevision() {
        cluster.put(deployment(4, "nginx:1.14", "RollingUpdate"));
        controller.sync(KEY);
        markAvailable();
        cluster.put(deployment(4, "nginx:1.15", "RollingUpdate"));
        for (int i = 0; i < 10; i++) {
            controller.sync(KEY);
            markAvailable();
        }
        assertThat(sizesByImage()).isEqualTo(Map.of("nginx:1.14", 0, "nginx:1.15", 4));

        cluster.put(deployment(4, "nginx:1.14", "RollingUpdate"));
        controller.sync(KEY);

        assertThat(revisionsByImage()).isEqualTo(Map.of("nginx:1.14", "3", "nginx:1.15", "2"));
        JsonNode old = rsByImage("nginx:1.14");
        assertThat(old.path("metadata").path("annotations").path("deployment.kubernetes.io/revision-history")
                .asString()).isEqualTo("1");
        assertThat(cluster.cache.list(Resources.REPLICA_SETS, "default")).hasSize(2);
    }

    @Test
    void scalingAFinishedDeploymentScalesItsOnlyActiveReplicaSet() {
        cluster.put(deployment(4, "nginx:1.14", "RollingUpdate"));
        controller.sync(KEY);
        markAvailable();
        controller.sync(KEY);

        cluster.put(deployment(6, "nginx:1.14", "RollingUpdate"));
        controller.sync(KEY);

        JsonNode rs = rsByImage("nginx:1.14");
        assertThat(rs.path("spec").path("replicas").asInt()).isEqualTo(6);
        assertThat(rs.path("metadata").path("annotations").path("deployment.kubernetes.io/desired-replicas")
                .asString()).isEqualTo("6");
        assertThat(cluster.events().getLast()).isEqualTo("ScalingReplicaSet: Scaled up replica set "
                + rs.path("metadata").path("name").asString() + " to 6 from 4");
    }

    @Test
    void recreateScalesTheOldReplicaSetToZeroAndWaitsForItsPodsBeforeCreatingTheNewOne() {
        cluster.put(deployment(2, "nginx:1.14", "Recreate"));
        controller.sync(KEY);
        markAvailable();
        controller.sync(KEY);

        cluster.put(deployment(2, "nginx:1.15", "Recreate"));
        controller.sync(KEY);
        assertThat(sizesByImage()).isEqualTo(Map.of("nginx:1.14", 0));

        JsonNode old = rsByImage("nginx:1.14");
        ObjectNode stillRunning = (ObjectNode) old.deepCopy();
        stillRunning.set("status", KubeJson.parse("{\"replicas\":2}"));
        cluster.put(stillRunning);
        controller.sync(KEY);
        assertThat(sizesByImage()).isEqualTo(Map.of("nginx:1.14", 0));

        markAvailable();
        controller.sync(KEY);
        assertThat(sizesByImage()).isEqualTo(Map.of("nginx:1.14", 0, "nginx:1.15", 2));
    }

    @Test
    void keepsOnlyRevisionHistoryLimitOldReplicaSets() {
        ObjectNode d = deployment(1, "nginx:1.0", "RollingUpdate");
        ((ObjectNode) d.get("spec")).put("revisionHistoryLimit", 1);
        cluster.put(d);
        for (String image : List.of("nginx:1.0", "nginx:1.1", "nginx:1.2", "nginx:1.3")) {
            ObjectNode next = deployment(1, image, "RollingUpdate");
            ((ObjectNode) next.get("spec")).put("revisionHistoryLimit", 1);
            cluster.put(next);
            for (int i = 0; i < 6; i++) {
                controller.sync(KEY);
                markAvailable();
            }
        }
        assertThat(sizesByImage()).isEqualTo(Map.of("nginx:1.2", 0, "nginx:1.3", 1));
        assertThat(cluster.writes().stream().filter(c -> c instanceof DeleteObject).count()).isEqualTo(2);
        assertThat(cluster.writes().stream().filter(c -> c instanceof CreateObject).count()).isEqualTo(4);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** What the ReplicaSet controller and the kubelets would report: every replica ready and available. */
    private void markAvailable() {
        for (Entry e : List.copyOf(cluster.cache.list(Resources.REPLICA_SETS, "default"))) {
            ObjectNode rs = e.json().deepCopy();
            int n = rs.path("spec").path("replicas").asInt();
            ObjectNode status = KubeJson.json().createObjectNode();
            status.put("replicas", n);
            if (n > 0) {
                status.put("fullyLabeledReplicas", n);
                status.put("readyReplicas", n);
                status.put("availableReplicas", n);
            }
            status.put("observedGeneration", rs.path("metadata").path("generation").asInt(0));
            rs.set("status", status);
            if (!rs.equals(e.json())) {
                cluster.put(rs);
            }
        }
    }

    private Map<String, Integer> sizesByImage() {
        Map<String, Integer> out = new TreeMap<>();
        for (Entry e : cluster.cache.list(Resources.REPLICA_SETS, "default")) {
            out.put(image(e.json()), e.json().path("spec").path("replicas").asInt());
        }
        return out;
    }

    private Map<String, String> revisionsByImage() {
        Map<String, String> out = new TreeMap<>();
        for (Entry e : cluster.cache.list(Resources.REPLICA_SETS, "default")) {
            out.put(image(e.json()), e.json().path("metadata").path("annotations")
                    .path("deployment.kubernetes.io/revision").asString());
        }
        return out;
    }

    private JsonNode rsByImage(String image) {
        return cluster.cache.list(Resources.REPLICA_SETS, "default").stream().map(Entry::json)
                .filter(j -> image(j).equals(image)).findFirst().orElseThrow();
    }

    private static String image(JsonNode rs) {
        return rs.path("spec").path("template").path("spec").path("containers").get(0).path("image").asString();
    }

    private static Map<String, String> conditionReasons(JsonNode d) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode c : d.path("status").path("conditions")) {
            out.put(c.path("type").asString(), c.path("reason").asString());
        }
        return out;
    }

    static ObjectNode deployment(int replicas, String image, String strategy) {
        String rolling = strategy.equals("RollingUpdate")
                ? ",\"rollingUpdate\":{\"maxSurge\":\"25%\",\"maxUnavailable\":\"25%\"}" : "";
        return (ObjectNode) KubeJson.parse("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"web"}},"progressDeadlineSeconds":600,
                  "revisionHistoryLimit":10,"strategy":{"type":"%s"%s},
                  "template":{"metadata":{"labels":{"app":"web"}},
                   "spec":{"containers":[{"name":"nginx","image":"%s"}]}}}}
                """.formatted(replicas, strategy, rolling, image));
    }
}
