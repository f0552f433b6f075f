package io.kubesim.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.cluster.ClusterSpec;
import io.kubesim.model.cluster.NodeTemplate;
import io.kubesim.model.command.BindPod;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.testcluster.TestControlPlane;

/**
 * The agent against the real thing: Kafka, PostgreSQL and state-service ({@link TestControlPlane}), cluster clock at
 * 60x. Pods are bound with {@code BindPod} by the test (no scheduler here).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private TestControlPlane cp;
    private ConfigurableApplicationContext agent;
    private ClusterCache cache;
    private int port;

    @BeforeAll
    void start() throws Exception {
        cp = TestControlPlane.start("node-agent-it", 60.0);
        cache = cp.cache();
        Path nodes = Files.createTempFile("agent-it-nodes", ".json");
        Files.writeString(nodes, KubeJson.write(new ClusterSpec(List.of(new NodeTemplate("w%d", 2, "amd64",
                "linux", "4", "8Gi", 110, null, null, null, null, "zone-a", null)))));
        List<String> args = new ArrayList<>(List.of(cp.serviceArgs("system:node-agent-linux-amd64")));
        args.add("--kubesim.agent.os=linux");
        args.add("--kubesim.agent.architecture=amd64");
        args.add("--kubesim.agent.nodes-file=" + nodes);
        args.add("--" + NodeAgentApplicationTest.NO_DATABASE);
        agent = NodeAgentApplication.application().run(args.toArray(String[]::new));
        port = Integer.parseInt(agent.getEnvironment().getProperty("local.server.port"));
        await("agent healthy", () -> health() == 200);
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (cp != null) {
            cp.close();
        }
    }

    @Test
    @DisplayName("nodes are registered with their labels and nodeInfo, Ready, and their leases are renewed")
    void nodes_registered_and_heartbeating() throws Exception {
        JsonNode w1 = await("node w1", () -> cache.get("/nodes/w1").map(ClusterCache.Entry::json).orElse(null));
        assertThat(w1.path("metadata").path("labels").toString()).isEqualTo("{\"beta.kubernetes.io/arch\":"
                + "\"amd64\",\"beta.kubernetes.io/os\":\"linux\",\"kubernetes.io/arch\":\"amd64\","
                + "\"kubernetes.io/hostname\":\"w1\",\"kubernetes.io/os\":\"linux\","
                + "\"topology.kubernetes.io/zone\":\"zone-a\"}");
        assertThat(w1.path("status").path("nodeInfo").path("architecture").asString()).isEqualTo("amd64");
        assertThat(w1.path("status").path("nodeInfo").path("osImage").asString()).isEqualTo("Ubuntu 22.04.4 LTS");
        assertThat(w1.path("status").path("conditions").get(3).path("type").asString()
                + w1.path("status").path("conditions").get(3).path("status").asString()).isEqualTo("ReadyTrue");
        String lease = "/leases.coordination.k8s.io/kube-node-lease/w2";
        String first = await("lease", () -> cache.get(lease)
                .map(e -> e.json().path("spec").path("renewTime").asString()).orElse(null));
        await("lease renewed", () -> cache.get(lease).map(e -> e.json().path("spec").path("renewTime").asString())
                .filter(t -> !t.equals(first)).orElse(null));
        assertThat(cache.get(lease).orElseThrow().json().path("spec").path("holderIdentity").asString())
                .isEqualTo("w2");
    }

    @Test
    @DisplayName("a bound nginx pod goes Pending to Running with container state, kubelet events and a pod IP")
    void pod_runs() throws Exception {
        ObjectRef ref = createAndBind("web", "nginx:1.27", "w1");
        JsonNode pod = await("Running", () -> cache.get(ref).map(ClusterCache.Entry::json)
                .filter(p -> p.path("status").path("phase").asString().equals("Running")).orElse(null));
        JsonNode cs = pod.path("status").path("containerStatuses").get(0);
        assertThat(cs.path("state").has("running")).isTrue();
        assertThat(cs.path("ready").asBoolean()).isTrue();
        assertThat(cs.path("image").asString()).isEqualTo("docker.io/library/nginx:1.27");
        assertThat(pod.path("status").path("podIP").asString()).startsWith("10.0.0.");
        assertThat(pod.path("status").path("hostIP").asString()).isEqualTo("172.16.0.2");
        List<String> reasons = await("events", () -> {
            List<String> r = new ArrayList<>();
            for (ClusterCache.Entry e : cache.list(Resources.EVENTS, "default")) {
                if (e.json().path("involvedObject").path("name").asString().equals("web")
                        && e.json().path("source").path("component").asString().equals("kubelet")) {
                    r.add(e.json().path("reason").asString());
                }
            }
            Collections.sort(r);
            return r.size() == 4 ? r : null;
        });
        assertThat(reasons).isEqualTo(List.of("Created", "Pulled", "Pulling", "Started"));

        cp.send(new DeleteObject(ref, null, null, null, null, WriteOptions.DEFAULT));
        await("deleted", () -> cache.get(ref).isEmpty() ? "gone" : null);
    }

    @Test
    @DisplayName("seed 000's ppc64le-only image on an amd64 node: ErrImagePull, then ImagePullBackOff, still Pending")
    void wrong_platform() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        ClusterCache.Listener watch = (event, previous, current) -> {
            if (current != null && event.key().equals("/pods/default/ubuntu-nginx")) {
                JsonNode w = current.json().path("status").path("containerStatuses").path(0).path("state")
                        .path("waiting");
                String reason = w.path("reason").asString("");
                if (!reason.isEmpty() && (seen.isEmpty() || !seen.getLast().equals(reason))) {
                    seen.add(reason);
                }
            }
        };
        cache.addListener(watch);
        try {
            ObjectRef ref = createAndBind("ubuntu-nginx", "kongru/dockerize:base", "w2");
            // at 60x the first ErrImagePull lasts 5 s of virtual time (83 ms): a status write may be coalesced
            // with the next, as the kubelet's status manager does; later rounds last 10 s and more
            await("ErrImagePull then ImagePullBackOff", () -> {
                List<String> s = List.copyOf(seen);
                int err = s.indexOf("ErrImagePull");
                return err >= 0 && s.subList(err, s.size()).contains("ImagePullBackOff") ? s : null;
            });
            assertThat(seen.getFirst()).isEqualTo("ContainerCreating");
            assertThat(seen).containsOnly("ContainerCreating", "ErrImagePull", "ImagePullBackOff");
            JsonNode pod = cache.get(ref).orElseThrow().json();
            assertThat(pod.path("status").path("phase").asString()).isEqualTo("Pending");
            assertThat(pod.path("status").path("containerStatuses").get(0).path("state").path("waiting")
                    .path("message").asString()).isIn("Back-off pulling image \"kongru/dockerize:base\"",
                    "rpc error: code = NotFound desc = failed to pull and unpack image "
                            + "\"docker.io/kongru/dockerize:base\": no match for platform in manifest: not found");
        } finally {
            cache.removeListener(watch);
        }
    }

    private ObjectRef createAndBind(String name, String image, String node) {
        ObjectRef ref = Resources.PODS.ref("default", name);
        ObjectNode pod = (ObjectNode) KubeJson.readDocuments("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  containers:
                  - {name: %s, image: "%s"}
                """.formatted(name, name, image)).getFirst();
        CommandReply created = cp.send(new CreateObject(ref, pod, WriteOptions.DEFAULT));
        assertThat(created.code()).as("create: %s", created.status()).isEqualTo(201);
        String uid = created.object().path("metadata").path("uid").asString();
        CommandReply bound = cp.send(new BindPod(ref, uid, node, null, WriteOptions.DEFAULT));
        assertThat(bound.code()).as("bind: %s", bound.status()).isEqualTo(201);
        return ref;
    }

    private int health() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/actuator/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return 0;
        }
    }

    private static <T> T await(String what, Callable<T> probe) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            T value = probe.call();
            if (value instanceof Boolean b ? b : value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for: " + what);
            }
            Thread.sleep(20);
        }
    }

}
