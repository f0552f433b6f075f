package io.kubesim.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.PatchObject;
import io.kubesim.model.command.PatchType;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.scheduler.SchedulerApplication;
import io.kubesim.testcluster.TestControlPlane;

/**
 * A real control plane (Kafka, PostgreSQL, state-service: {@link TestControlPlane}) with scheduler-service instances
 * next to it, and what the tests need to drive it: nodes (no node agent: the test creates them, Ready, and lifts the
 * {@code not-ready} taint admission puts on new nodes, as the node lifecycle controller would), pods, and waiting.
 */
final class TestCluster implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final String SCHEDULER = "system:kube-scheduler";

    final TestControlPlane cp;
    final ClusterCache cache;
    private final List<ConfigurableApplicationContext> schedulers = new ArrayList<>();

    private TestCluster(TestControlPlane cp) {
        this.cp = cp;
        this.cache = cp.cache();
    }

    /** A control plane whose cluster clock runs at {@code speed}. */
    static TestCluster start(String label, double speed) {
        return new TestCluster(TestControlPlane.start(label, speed));
    }

    /** Starts a scheduler-service next to the control plane and waits until its health is UP. */
    ConfigurableApplicationContext startScheduler(String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of(cp.serviceArgs(SCHEDULER)));
        args.addAll(List.of(extraArgs));
        ConfigurableApplicationContext ctx = SchedulerApplication.application().run(args.toArray(String[]::new));
        schedulers.add(ctx);
        int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
        await("scheduler health UP", () -> health(port) == 200);
        return ctx;
    }

    List<ConfigurableApplicationContext> schedulers() {
        return List.copyOf(schedulers);
    }

    void stopScheduler(ConfigurableApplicationContext ctx) {
        ctx.close();
        schedulers.remove(ctx);
    }

    /** Creates a node from YAML (with status), then sets its taints to the YAML's as the lifecycle controller would. */
    void node(String yaml) throws Exception {
        ObjectNode node = (ObjectNode) KubeJson.readDocuments(yaml).getFirst();
        String name = node.path("metadata").path("name").asString();
        ObjectRef ref = Resources.NODES.ref(null, name);
        CommandReply created = cp.send(new CreateObject(ref, node, WriteOptions.DEFAULT));
        assertThat(created.code()).as("create node %s: %s", name, created.status()).isEqualTo(201);
        ObjectNode patch = KubeJson.json().createObjectNode();
        JsonNode taints = node.path("spec").path("taints");
        if (taints.isArray()) {
            patch.putObject("spec").set("taints", taints);
        } else {
            patch.putObject("spec").putNull("taints");
        }
        CommandReply patched = cp.send(new PatchObject(ref, null, PatchType.MERGE_PATCH, KubeJson.write(patch), false,
                WriteOptions.DEFAULT));
        assertThat(patched.code()).as("untaint node %s: %s", name, patched.status()).isEqualTo(200);
    }

    /** A worker node: cpu, memory, pods, labels (YAML flow map) and taints (YAML flow list, or empty). */
    void node(String name, String cpu, String memory, int pods, String labels, String taints) throws Exception {
        node("""
                apiVersion: v1
                kind: Node
                metadata:
                  name: %s
                  labels: %s
                spec:
                  taints: %s
                status:
                  capacity: {cpu: "%s", memory: %s, pods: "%d"}
                  allocatable: {cpu: "%s", memory: %s, pods: "%d"}
                  conditions:
                  - {type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status}
                """.formatted(name, labels, taints.isEmpty() ? "null" : taints, cpu, memory, pods, cpu, memory,
                pods));
    }

    /** Creates an object from YAML; returns the stored object. */
    JsonNode create(String yaml) {
        ObjectNode obj = (ObjectNode) KubeJson.readDocuments(yaml).getFirst();
        String kind = obj.path("kind").asString();
        var type = Resources.byKind(obj.path("apiVersion").asString(), kind).orElseThrow();
        String ns = type.namespaced() ? obj.path("metadata").path("namespace").asString("default") : null;
        ObjectRef ref = type.ref(ns, obj.path("metadata").path("name").asString());
        CommandReply reply = cp.send(new CreateObject(ref, obj, WriteOptions.DEFAULT));
        assertThat(reply.code()).as("create %s: %s", ref, reply.status()).isEqualTo(201);
        return reply.object();
    }

    /** A pod in {@code default} with one container; {@code spec} is extra YAML under {@code spec:} (2-space indent). */
    JsonNode pod(String name, String image, String cpu, String spec) {
        return create("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec:
                  containers:
                  - name: c
                    image: %s
                    resources: {requests: {cpu: "%s", memory: 64Mi}}
                %s
                """.formatted(name, image, cpu, spec.indent(2)));
    }

    JsonNode podNow(String name) {
        return cache.get(Resources.PODS.ref("default", name).key()).map(ClusterCache.Entry::json).orElse(null);
    }

    /** The node a pod is bound to, once it is. */
    String awaitBound(String name) throws Exception {
        return await(name + " bound", () -> {
            JsonNode p = podNow(name);
            String node = p == null ? "" : p.path("spec").path("nodeName").asString("");
            return node.isEmpty() ? null : node;
        });
    }

    /** Core/v1 Events about an object of {@code default}, by reason. */
    List<JsonNode> events(String involvedName, String reason) {
        List<JsonNode> out = new ArrayList<>();
        for (ClusterCache.Entry e : cache.list(Resources.EVENTS, "default")) {
            if (e.json().path("involvedObject").path("name").asString().equals(involvedName)
                    && e.json().path("reason").asString().equals(reason)) {
                out.add(e.json());
            }
        }
        return out;
    }

    /** The one event of that reason about the object, once it exists. */
    JsonNode awaitEvent(String involvedName, String reason) throws Exception {
        return await(reason + " event of " + involvedName, () -> {
            List<JsonNode> found = events(involvedName, reason);
            return found.isEmpty() ? null : found.getFirst();
        });
    }

    /** The pod's condition of this type, or null. */
    static JsonNode condition(JsonNode pod, String type) {
        if (pod == null) {
            return null;
        }
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asString().equals(type)) {
                return c;
            }
        }
        return null;
    }

    /** Event fields that identify it: type, reason, message, source component, involved kind/ns/name, count. */
    static String eventSummary(JsonNode e) {
        return e.path("type").asString() + " " + e.path("reason").asString() + " \"" + e.path("message").asString()
                + "\" from " + e.path("source").path("component").asString() + " about "
                + e.path("involvedObject").path("kind").asString() + " "
                + e.path("involvedObject").path("namespace").asString() + "/"
                + e.path("involvedObject").path("name").asString();
    }

    static <T> T await(String what, Callable<T> probe) throws Exception {
        return await(what, PATIENCE, probe);
    }

    static <T> T await(String what, Duration patience, Callable<T> probe) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            T value = probe.call();
            if (value instanceof Boolean b ? b : value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static int health(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/actuator/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return 0;
        }
    }

    @Override
    public void close() {
        for (ConfigurableApplicationContext ctx : List.copyOf(schedulers)) {
            ctx.close();
        }
        cp.close();
    }
}
