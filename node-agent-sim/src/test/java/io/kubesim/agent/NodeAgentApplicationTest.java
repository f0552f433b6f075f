package io.kubesim.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.agent.testing.LoopbackCluster;
import io.kubesim.agent.testing.LoopbackInitializer;
import io.kubesim.model.cluster.ClusterSpec;
import io.kubesim.model.cluster.NodeTemplate;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.json.KubeJson;

/**
 * The whole agent as a Spring Boot application, with the control plane replaced by {@link LoopbackCluster} (no
 * Kafka): registration and health, the pod lifecycle through the cache, the log endpoint and the admin endpoint.
 * Clock at 60x.
 */
@ContextConfiguration(initializers = LoopbackInitializer.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=" + NodeAgentApplication.CONFIG_NAME, "kubesim.client.enabled=false",
    "kubesim.clock.speed=60", "kubesim.agent.architecture=amd64", NodeAgentApplicationTest.NO_DATABASE})
class NodeAgentApplicationTest {

    /** state-service's JDBC and Flyway are on the test classpath (for the integration tests); the agent has none. */
    static final String NO_DATABASE = "spring.autoconfigure.exclude="
            + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void nodes(DynamicPropertyRegistry registry) throws IOException {
        Path file = Files.createTempFile("agent-nodes", ".json");
        Files.writeString(file, KubeJson.write(new ClusterSpec(List.of(new NodeTemplate("amd64-w%d", 2, "amd64",
                "linux", null, null, null, null, null, null, null, "zone-a", null)))));
        registry.add("kubesim.agent.nodes-file", file::toString);
    }

    @Autowired
    LoopbackCluster cluster;

    @LocalServerPort
    int port;

    @Test
    @DisplayName("the agent registers its nodes, runs a pod bound to one, serves its logs and deletes it")
    void agent_end_to_end() throws Exception {
        assertThat(get("/actuator/health").statusCode()).isEqualTo(503);
        cluster.synced();
        await(() -> get("/actuator/health").statusCode() == 200);
        JsonNode node = cluster.get("/nodes/amd64-w2");
        assertThat(node.path("metadata").path("annotations").path("kubesim.io/agent-endpoint").asString())
                .isEqualTo("http://127.0.0.1:" + port);

        cluster.put("/pods/default/myapp", (ObjectNode) KubeJson.readDocuments("""
                apiVersion: v1
                kind: Pod
                metadata: {name: myapp, namespace: default}
                spec:
                  nodeName: amd64-w2
                  containers:
                  - name: app
                    image: busybox:1.28
                    command: [sh, -c, "echo The app is running! && sleep 3600"]
                """).getFirst());
        await(() -> "Running".equals(cluster.get("/pods/default/myapp").path("status").path("phase").asString()));
        JsonNode status = cluster.get("/pods/default/myapp").path("status");
        assertThat(status.path("podIP").asString()).isEqualTo("10.0.1.2");
        assertThat(status.path("hostIP").asString()).isEqualTo("172.16.0.3");

        HttpResponse<String> logs = get("/kubesim/v1/logs/default/myapp/app");
        assertThat(logs.statusCode()).isEqualTo(200);
        assertThat(logs.body()).isEqualTo("The app is running!\n");
        assertThat(get("/kubesim/v1/logs/default/myapp?timestamps=true").body())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z The app is running!\n");
        HttpResponse<String> previous = get("/kubesim/v1/logs/default/myapp/app?previous=true");
        assertThat(previous.statusCode()).isEqualTo(400);
        assertThat(KubeJson.parse(previous.body()).path("message").asString())
                .isEqualTo("previous terminated container \"app\" in pod \"myapp\" not found");
        assertThat(get("/kubesim/v1/logs/default/nope/app").statusCode()).isEqualTo(404);

        JsonNode nodes = KubeJson.parse(get("/kubesim/v1/nodes").body());
        assertThat(nodes.path("items").findValuesAsString("name")).isEqualTo(List.of("amd64-w1", "amd64-w2"));
        HttpResponse<String> stopped = post("/kubesim/v1/nodes/amd64-w1/stop-heartbeats");
        assertThat(KubeJson.parse(stopped.body()).path("state").asString()).isEqualTo("HeartbeatsStopped");
        assertThat(post("/kubesim/v1/nodes/nope/partition").statusCode()).isEqualTo(404);
        assertThat(KubeJson.parse(get("/kubesim/v1/registry/platforms?image=kongru/dockerize:base").body())
                .toString()).isEqualTo("{\"image\":\"docker.io/kongru/dockerize:base\",\"known\":true,"
                        + "\"unknownImages\":\"all-platforms\",\"platforms\":[\"linux/ppc64le\"]}");

        cluster.submit("test", new io.kubesim.model.command.PatchObject(
                io.kubesim.model.resource.Resources.PODS.ref("default", "myapp"), null,
                io.kubesim.model.command.PatchType.MERGE_PATCH,
                "{\"metadata\":{\"deletionTimestamp\":\"2030-01-01T00:00:00Z\",\"deletionGracePeriodSeconds\":30}}",
                false, io.kubesim.model.command.WriteOptions.DEFAULT));
        await(() -> cluster.get("/pods/default/myapp") == null);
        assertThat(cluster.sent(DeleteObject.class).getLast().gracePeriodSeconds()).isEqualTo(0L);
    }

    @Test
    @DisplayName("kubectl logs -f streams a container's output until it stops; a pod still pulling has no logs yet")
    void follow_and_waiting() throws Exception {
        cluster.synced();
        await(() -> get("/actuator/health").statusCode() == 200);
        cluster.put("/pods/default/counter", (ObjectNode) KubeJson.readDocuments("""
                apiVersion: v1
                kind: Pod
                metadata: {name: counter, namespace: default}
                spec:
                  nodeName: amd64-w1
                  restartPolicy: Never
                  containers:
                  - name: count
                    image: busybox:1.28
                    command: [sh, -c, "for i in 1 2 3; do echo $i; sleep 20; done"]
                  - name: other
                    image: kongru/dockerize:base
                """).getFirst());
        await(() -> cluster.get("/pods/default/counter").path("status").path("containerStatuses").path(0)
                .path("state").has("running"));
        assertThat(get("/kubesim/v1/logs/default/counter/count?follow=true").body()).isEqualTo("1\n2\n3\n");
        HttpResponse<String> waiting = get("/kubesim/v1/logs/default/counter/other");
        assertThat(waiting.statusCode()).isEqualTo(400);
        assertThat(KubeJson.parse(waiting.body()).path("message").asString()).isIn(
                "container \"other\" in pod \"counter\" is waiting to start: image can't be pulled",
                "container \"other\" in pod \"counter\" is waiting to start: trying and failing to pull image");
        assertThat(KubeJson.parse(get("/kubesim/v1/logs/default/counter").body()).path("message").asString())
                .isEqualTo("a container name must be specified for pod counter, choose one of: [count other]");
    }

    @Test
    @DisplayName("a partitioned node neither heartbeats nor sees new pods; after resume it runs them")
    void partition_and_resume() throws Exception {
        cluster.synced();
        await(() -> get("/actuator/health").statusCode() == 200);
        assertThat(KubeJson.parse(post("/kubesim/v1/nodes/amd64-w2/partition").body()).path("state").asString())
                .isEqualTo("Partitioned");
        String lease = "/leases.coordination.k8s.io/kube-node-lease/amd64-w2";
        String renewed = cluster.get(lease).path("spec").path("renewTime").asString();
        cluster.put("/pods/default/late", (ObjectNode) KubeJson.readDocuments("""
                apiVersion: v1
                kind: Pod
                metadata: {name: late, namespace: default}
                spec:
                  nodeName: amd64-w2
                  containers:
                  - {name: app, image: "nginx:1.27"}
                """).getFirst());
        Thread.sleep(1000);
        assertThat(cluster.get("/pods/default/late").has("status")).isFalse();
        assertThat(cluster.get(lease).path("spec").path("renewTime").asString()).isEqualTo(renewed);
        assertThat(KubeJson.parse(post("/kubesim/v1/nodes/amd64-w2/resume").body()).path("state").asString())
                .isEqualTo("Running");
        await(() -> "Running".equals(cluster.get("/pods/default/late").path("status").path("phase").asString()));
        assertThat(cluster.get(lease).path("spec").path("renewTime").asString()).isNotEqualTo(renewed);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(Check condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    interface Check {
        boolean ok() throws Exception;
    }
}
