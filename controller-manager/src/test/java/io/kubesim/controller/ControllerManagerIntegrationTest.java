package io.kubesim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.PatchObject;
import io.kubesim.model.command.PatchType;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.ClusterCache.Entry;
import io.kubesim.testcluster.TestControlPlane;

/**
 * controller-manager against the real thing: Kafka, PostgreSQL and state-service ({@link TestControlPlane}), the
 * cluster clock at 30x, with {@link TestKubelet} binding pods and reporting them Running/Ready (there is no scheduler
 * or node agent here). Each test works in its own namespace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControllerManagerIntegrationTest {

    /**
     * 30x: 300 s of toleration pass in 10 s, while the 50 s grace period is still 1.7 s of wall time, so the test
     * nodes' Lease renewals (through Kafka and state-service, in this one JVM) stay well inside it.
     */
    private static final double SPEED = 30;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private TestControlPlane cp;
    private ConfigurableApplicationContext controllerManager;
    private ClusterCache cache;
    private TestKubelet kubelet;
    private VirtualClock clock;

    @BeforeAll
    void start() throws Exception {
        cp = TestControlPlane.start("controller-manager-it", SPEED);
        cache = cp.cache();
        clock = new VirtualClock(cp.clockOrigin(), cp.clockSpeed());
        controllerManager = SpringApplication.run(ControllerManagerApplication.class,
                cp.serviceArgs("system:kube-controller-manager"));
        ClusterCache own = controllerManager.getBean(ClusterCache.class);
        await("controller-manager cache synced", own::isSynced);
        kubelet = new TestKubelet(cp, List.of("w1", "w2"));
        kubelet.addNode("w1", "{\"pool\":\"general\"}", true);
        kubelet.addNode("w2", "{\"pool\":\"general\"}", true);
        warmUp();
    }

    /**
     * The first commands through a cold JVM (state-service, Kafka clients, registry validation) can stall the log for
     * seconds, which at 30x is long enough for the test nodes to miss their grace period. One warm-up rollout takes
     * that hit before the tests start, then the nodes are given time to be Ready and untainted again.
     */
    private void warmUp() throws Exception {
        namespace("warmup");
        send(new CreateObject(Resources.DEPLOYMENTS.ref("warmup", null), deployment("warm", 2, "nginx"),
                WriteOptions.DEFAULT));
        await("warm-up deployment available",
                () -> status("/deployments.apps/warmup/warm").path("availableReplicas").asInt() == 2);
        send(new DeleteObject(Resources.DEPLOYMENTS.ref("warmup", "warm"), null, null, null, null,
                WriteOptions.DEFAULT));
        await("warm-up pods gone", () -> cache.list(Resources.PODS, "warmup").isEmpty());
        await("nodes ready and untainted", () -> List.of("w1", "w2").stream().allMatch(n -> "True".equals(
                readyStatus(n)) && taints(n).stream().noneMatch(t -> t.endsWith(":NoExecute"))));
    }

    @AfterAll
    void stop() {
        if (kubelet != null) {
            kubelet.close();
        }
        if (controllerManager != null) {
            controllerManager.close();
        }
        if (cp != null) {
            cp.close();
        }
    }

    @Test
    void reportsHealthyOnceItsCacheIsSynced() throws Exception {
        String port = controllerManager.getEnvironment().getProperty("local.server.port");
        java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                        + "/actuator/health")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(KubeJson.parse(health.body()).path("status").asString()).isEqualTo("UP");
    }

    // ------------------------------------------------------------------------------------------ deployments

    @Test
    void aDeploymentOfFourGetsAReplicaSetAndFourPodsThatScaleToSixAndBackToTwo() throws Exception {
        namespace("scale-it");
        send(new CreateObject(Resources.DEPLOYMENTS.ref("scale-it", null), deployment("web", 4, "nginx:1.14"),
                WriteOptions.DEFAULT));
        await("4 available", () -> status("/deployments.apps/scale-it/web").path("availableReplicas").asInt() == 4);

        List<Entry> rss = List.copyOf(cache.list(Resources.REPLICA_SETS, "scale-it"));
        assertThat(rss).hasSize(1);
        JsonNode rs = rss.getFirst().json();
        String hash = rs.path("metadata").path("labels").path("pod-template-hash").asString();
        JsonNode deployment = cache.get("/deployments.apps/scale-it/web").orElseThrow().json();
        assertThat(rs.path("metadata").path("name").asString()).isEqualTo("web-" + hash);
        assertThat(rs.path("metadata").path("ownerReferences")).isEqualTo(KubeJson.parse(
                "[{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"web\",\"uid\":\""
                        + deployment.path("metadata").path("uid").asString()
                        + "\",\"controller\":true,\"blockOwnerDeletion\":true}]"));
        List<JsonNode> pods = activePods("scale-it");
        assertThat(pods).hasSize(4);
        for (JsonNode pod : pods) {
            assertThat(pod.path("metadata").path("labels")).isEqualTo(KubeJson.parse(
                    "{\"app\":\"web\",\"pod-template-hash\":\"" + hash + "\"}"));
            assertThat(pod.path("metadata").path("ownerReferences")).isEqualTo(KubeJson.parse(
                    "[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"web-" + hash + "\",\"uid\":\""
                            + rs.path("metadata").path("uid").asString()
                            + "\",\"controller\":true,\"blockOwnerDeletion\":true}]"));
            assertThat(pod.path("metadata").path("name").asString()).startsWith("web-" + hash + "-");
        }
        assertThat(conditions(deployment)).isEqualTo(Map.of("Available", "MinimumReplicasAvailable",
                "Progressing", "NewReplicaSetAvailable"));

        scale("scale-it", "web", 6);
        await("6 available", () -> status("/deployments.apps/scale-it/web").path("availableReplicas").asInt() == 6
                && activePods("scale-it").size() == 6);
        scale("scale-it", "web", 2);
        await("2 left", () -> activePods("scale-it").size() == 2
                && status("/deployments.apps/scale-it/web").path("replicas").asInt() == 2);
        assertThat(cache.list(Resources.REPLICA_SETS, "scale-it")).hasSize(1);
    }

    @Test
    void aRollingUpdateStaysWithinMaxSurgeAndMaxUnavailable() throws Exception {
        namespace("roll-it");
        send(new CreateObject(Resources.DEPLOYMENTS.ref("roll-it", null), deployment("web", 4, "nginx:1.14"),
                WriteOptions.DEFAULT));
        await("4 available", () -> status("/deployments.apps/roll-it/web").path("availableReplicas").asInt() == 4);

        AtomicInteger maxActive = new AtomicInteger();
        AtomicInteger minAvailable = new AtomicInteger(Integer.MAX_VALUE);
        ClusterCache.Listener watcher = (ChangeEvent e, Entry prev, Entry cur) -> {
            if (e.key().startsWith("/pods/roll-it/")) {
                List<JsonNode> active = activePods("roll-it");
                maxActive.accumulateAndGet(active.size(), Math::max);
                minAvailable.accumulateAndGet((int) active.stream().filter(ControllerManagerIntegrationTest::ready)
                        .count(), Math::min);
            }
        };
        cache.addListener(watcher);
        try {
            send(new PatchObject(Resources.DEPLOYMENTS.ref("roll-it", "web"), null, PatchType.MERGE_PATCH,
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.15\"}]}}}}",
                    false, WriteOptions.DEFAULT));
            await("rolled out", () -> {
                JsonNode s = status("/deployments.apps/roll-it/web");
                List<JsonNode> active = activePods("roll-it");
                return s.path("updatedReplicas").asInt() == 4 && s.path("availableReplicas").asInt() == 4
                        && s.path("replicas").asInt() == 4 && active.size() == 4
                        && active.stream().allMatch(p -> image(p).equals("nginx:1.15"));
            });
        } finally {
            cache.removeListener(watcher);
        }
        assertThat(maxActive.get()).as("never more than replicas + maxSurge (4 + 1) pods").isLessThanOrEqualTo(5);
        assertThat(minAvailable.get()).as("never fewer than replicas - maxUnavailable (4 - 1) available")
                .isGreaterThanOrEqualTo(3);
        Map<String, String> revisions = new TreeMap<>();
        for (Entry e : cache.list(Resources.REPLICA_SETS, "roll-it")) {
            revisions.put(image(e.json().path("spec").path("template")), e.json().path("metadata")
                    .path("annotations").path("deployment.kubernetes.io/revision").asString() + "/"
                    + e.json().path("spec").path("replicas").asInt());
        }
        assertThat(revisions).isEqualTo(Map.of("nginx:1.14", "1/0", "nginx:1.15", "2/4"));
    }

    // ------------------------------------------------------------------------------------------ nodes

    @Test
    void aLostNodeGoesUnknownIsTaintedAndItsPodsLeaveAfterTheirTolerationSeconds() throws Exception {
        namespace("node-it");
        kubelet.addNode("doomed", "{}", true);
        kubelet.addNode("spare", "{}", true);
        createBoundPod("node-it", "default-tolerations", "doomed", "");
        createBoundPod("node-it", "no-patience", "doomed", ",\"tolerations\":[{\"key\":"
                + "\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\","
                + "\"tolerationSeconds\":0}]");
        createBoundPod("node-it", "intolerant", "spare", "");
        createBoundPod("node-it", "thirty", "spare", ",\"tolerations\":[{\"key\":\"example.com/maintenance\","
                + "\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":30}]");
        await("pods running", () -> ready(pod("node-it", "default-tolerations")) && ready(pod("node-it", "thirty")));
        assertThat(pod("node-it", "default-tolerations").path("spec").path("tolerations")).as("admission defaults")
                .anyMatch(t -> t.path("tolerationSeconds").asLong() == 300);

        kubelet.kill("doomed");
        Instant killed = clock.instant();
        await("Ready=Unknown", () -> "Unknown".equals(readyStatus("doomed")));
        Instant unknown = clock.instant();
        await("unreachable taints", () -> taints("doomed").containsAll(List.of(
                "node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute")));
        JsonNode ready = condition(cache.get("/nodes/doomed").orElseThrow().json(), "Ready");
        assertThat(List.of(ready.path("reason").asString(), ready.path("message").asString()))
                .isEqualTo(List.of("NodeStatusUnknown", "Kubelet stopped posting node status."));
        assertThat(Duration.between(killed, unknown)).as("the 50 s grace period (+ the 5 s monitor period)")
                .isBetween(Duration.ofSeconds(45), Duration.ofSeconds(75));
        await("pod on the lost node marked not ready", () -> !ready(pod("node-it", "default-tolerations")));
        Instant tainted = KubeTime.parse(taintTime("doomed", "node.kubernetes.io/unreachable", "NoExecute"));
        await("a pod not tolerating unreachable is evicted at once", () -> pod("node-it", "no-patience")
                .path("metadata").has("deletionTimestamp"));
        assertThat(Duration.between(tainted, clock.instant())).isLessThan(Duration.ofSeconds(20));

        send(new PatchObject(Resources.NODES.ref(null, "spare"), null, PatchType.MERGE_PATCH,
                "{\"spec\":{\"taints\":[{\"key\":\"example.com/maintenance\",\"value\":\"x\",\"effect\":\"NoExecute\"}]}}",
                false, WriteOptions.DEFAULT));
        Instant maintenance = clock.instant();
        await("intolerant pod evicted at once", () -> pod("node-it", "intolerant") == null);
        assertThat(Duration.between(maintenance, clock.instant())).isLessThan(Duration.ofSeconds(15));
        await("30 s toleration runs out", () -> pod("node-it", "thirty") == null);
        assertThat(Duration.between(maintenance, clock.instant())).isBetween(Duration.ofSeconds(30),
                Duration.ofSeconds(50));

        await("default 300 s toleration runs out", () -> pod("node-it", "default-tolerations").path("metadata")
                .has("deletionTimestamp"));
        Instant evicted = clock.instant();
        assertThat(Duration.between(tainted, evicted)).isBetween(Duration.ofSeconds(300), Duration.ofSeconds(320));
        JsonNode gone = pod("node-it", "default-tolerations");
        assertThat(condition(gone, "DisruptionTarget").path("reason").asString()).isEqualTo("DeletionByTaintManager");
    }

    // ------------------------------------------------------------------------------------------ daemon sets

    @Test
    void aDaemonSetRunsOnePodPerEligibleNodeIncludingANewOne() throws Exception {
        namespace("ds-it");
        kubelet.addNode("ds-a", "{\"ds-it\":\"yes\"}", true);
        kubelet.addNode("ds-b", "{\"ds-it\":\"yes\"}", true);
        send(new CreateObject(Resources.DAEMON_SETS.ref("ds-it", null), (ObjectNode) KubeJson.parse("""
                {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","namespace":"ds-it"},
                 "spec":{"selector":{"matchLabels":{"app":"agent"}},
                  "template":{"metadata":{"labels":{"app":"agent"}},"spec":{"nodeSelector":{"ds-it":"yes"},
                   "containers":[{"name":"agent","image":"busybox"}]}}}}"""), WriteOptions.DEFAULT));
        await("one pod on each of ds-a and ds-b", () -> podsByNode("ds-it").equals(Map.of("ds-a", 1, "ds-b", 1)));

        kubelet.addNode("ds-c", "{\"ds-it\":\"yes\"}", true);
        await("a pod on the new node", () -> podsByNode("ds-it").equals(Map.of("ds-a", 1, "ds-b", 1, "ds-c", 1)));
        await("status", () -> {
            JsonNode s = status("/daemonsets.apps/ds-it/agent");
            return s.path("desiredNumberScheduled").asInt() == 3 && s.path("numberReady").asInt() == 3;
        });
        JsonNode pod = activePods("ds-it").getFirst();
        assertThat(pod.path("spec").path("tolerations")).anyMatch(t -> "node.kubernetes.io/unschedulable"
                .equals(t.path("key").asString()));

        send(new DeleteObject(Resources.NODES.ref(null, "ds-c"), null, null, null, null, WriteOptions.DEFAULT));
        await("the pod of the removed node goes", () -> podsByNode("ds-it").equals(Map.of("ds-a", 1, "ds-b", 1)));
    }

    // ------------------------------------------------------------------------------------------ jobs

    @Test
    void aJobRunsItsCompletionsAndCompletes() throws Exception {
        namespace("job-it");
        send(new CreateObject(Resources.JOBS.ref("job-it", null), (ObjectNode) KubeJson.parse("""
                {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","namespace":"job-it"},
                 "spec":{"completions":2,"parallelism":1,
                  "template":{"metadata":{"labels":{"test/exit":"0"}},"spec":{"restartPolicy":"Never",
                   "containers":[{"name":"pi","image":"perl"}]}}}}"""), WriteOptions.DEFAULT));
        await("complete", () -> cache.get("/jobs.batch/job-it/pi")
                .map(e -> conditions(e.json()).containsKey("Complete")).orElse(false));
        JsonNode status = status("/jobs.batch/job-it/pi");
        assertThat(List.of(status.path("succeeded").asInt(), status.path("active").asInt(),
                status.path("failed").asInt())).isEqualTo(List.of(2, 0, 0));
        assertThat(conditions(cache.get("/jobs.batch/job-it/pi").orElseThrow().json())).isEqualTo(Map.of(
                "SuccessCriteriaMet", "CompletionsReached", "Complete", "CompletionsReached"));
    }

    // ------------------------------------------------------------------------------------------ garbage collection

    @Test
    void deletingAnOwnerDeletesItsDependentsUnlessTheyAreOrphaned() throws Exception {
        namespace("gc-it");
        send(new CreateObject(Resources.DEPLOYMENTS.ref("gc-it", null), deployment("bg", 2, "nginx"),
                WriteOptions.DEFAULT));
        send(new CreateObject(Resources.DEPLOYMENTS.ref("gc-it", null), deployment("orphan", 2, "nginx"),
                WriteOptions.DEFAULT));
        await("both running", () -> status("/deployments.apps/gc-it/bg").path("availableReplicas").asInt() == 2
                && status("/deployments.apps/gc-it/orphan").path("availableReplicas").asInt() == 2);

        send(new DeleteObject(Resources.DEPLOYMENTS.ref("gc-it", "bg"), null, null, null, null,
                WriteOptions.DEFAULT));
        send(new DeleteObject(Resources.DEPLOYMENTS.ref("gc-it", "orphan"), null, null, null, "Orphan",
                WriteOptions.DEFAULT));

        await("background: ReplicaSet and pods of bg gone", () -> objectsNamed(Resources.REPLICA_SETS, "gc-it", "bg-")
                .isEmpty() && objectsNamed(Resources.PODS, "gc-it", "bg-").isEmpty());
        await("orphan: deployment gone", () -> cache.get("/deployments.apps/gc-it/orphan").isEmpty());
        List<JsonNode> orphaned = objectsNamed(Resources.REPLICA_SETS, "gc-it", "orphan-");
        assertThat(orphaned).hasSize(1);
        assertThat(orphaned.getFirst().path("metadata").has("ownerReferences")).isFalse();
        assertThat(objectsNamed(Resources.PODS, "gc-it", "orphan-")).hasSize(2);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private void namespace(String name) {
        send(new CreateObject(Resources.NAMESPACES.ref(null, name), (ObjectNode) KubeJson.parse(
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}"),
                WriteOptions.DEFAULT));
    }

    private CommandReply send(io.kubesim.model.command.Command command) {
        CommandReply reply = cp.send(command);
        assertThat(reply.succeeded()).as("%s: %s", command, reply.status()).isTrue();
        return reply;
    }

    private void scale(String ns, String name, int replicas) {
        send(new PatchObject(Resources.DEPLOYMENTS.ref(ns, name), null, PatchType.MERGE_PATCH,
                "{\"spec\":{\"replicas\":" + replicas + "}}", false, WriteOptions.DEFAULT));
    }

    private void createBoundPod(String ns, String name, String node, String extraSpec) {
        send(new CreateObject(Resources.PODS.ref(ns, name), (ObjectNode) KubeJson.parse("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"%s"},
                 "spec":{"nodeName":"%s","containers":[{"name":"c","image":"nginx"}]%s}}"""
                .formatted(name, ns, node, extraSpec)), WriteOptions.DEFAULT));
    }

    private static ObjectNode deployment(String name, int replicas, String image) {
        return (ObjectNode) KubeJson.parse("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"%s"}},
                  "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%%","maxUnavailable":"25%%"}},
                  "template":{"metadata":{"labels":{"app":"%s"}},
                   "spec":{"containers":[{"name":"nginx","image":"%s"}]}}}}"""
                .formatted(name, replicas, name, name, image));
    }

    private JsonNode status(String key) {
        return cache.get(key).map(e -> e.json().path("status")).orElse(KubeJson.json().createObjectNode());
    }

    private JsonNode pod(String ns, String name) {
        return cache.get(Resources.PODS.ref(ns, name)).map(e -> (JsonNode) e.json()).orElse(null);
    }

    private List<JsonNode> activePods(String ns) {
        List<JsonNode> out = new ArrayList<>();
        for (Entry e : cache.list(Resources.PODS, ns)) {
            String phase = e.json().path("status").path("phase").asString("");
            if (!e.json().path("metadata").has("deletionTimestamp") && !phase.equals("Succeeded")
                    && !phase.equals("Failed")) {
                out.add(e.json());
            }
        }
        return out;
    }

    private Map<String, Integer> podsByNode(String ns) {
        Map<String, Integer> out = new TreeMap<>();
        for (JsonNode p : activePods(ns)) {
            String node = p.path("spec").path("nodeName").asString("");
            if (!node.isEmpty()) {
                out.merge(node, 1, Integer::sum);
            }
        }
        return out;
    }

    private List<JsonNode> objectsNamed(ResourceType type, String ns, String prefix) {
        List<JsonNode> out = new ArrayList<>();
        for (Entry e : cache.list(type, ns)) {
            if (e.json().path("metadata").path("name").asString().startsWith(prefix)) {
                out.add(e.json());
            }
        }
        return out;
    }

    private static boolean ready(JsonNode pod) {
        return pod != null && "True".equals(condition(pod, "Ready").path("status").asString(""));
    }

    private String readyStatus(String node) {
        return cache.get(Resources.NODES.ref(null, node))
                .map(e -> condition(e.json(), "Ready").path("status").asString("")).orElse("");
    }

    private List<String> taints(String node) {
        List<String> out = new ArrayList<>();
        cache.get(Resources.NODES.ref(null, node)).ifPresent(e -> {
            for (JsonNode t : e.json().path("spec").path("taints")) {
                out.add(t.path("key").asString() + ":" + t.path("effect").asString());
            }
        });
        return out;
    }

    private String taintTime(String node, String key, String effect) {
        for (JsonNode t : cache.get(Resources.NODES.ref(null, node)).orElseThrow().json().path("spec").path("taints")) {
            if (key.equals(t.path("key").asString()) && effect.equals(t.path("effect").asString())) {
                return t.path("timeAdded").asString();
            }
        }
        throw new AssertionError("no taint " + key + ":" + effect);
    }

    private static JsonNode condition(JsonNode obj, String type) {
        for (JsonNode c : obj.path("status").path("conditions")) {
            if (type.equals(c.path("type").asString(""))) {
                return c;
            }
        }
        return KubeJson.json().createObjectNode();
    }

    private static Map<String, String> conditions(JsonNode obj) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode c : obj.path("status").path("conditions")) {
            out.put(c.path("type").asString(), c.path("reason").asString());
        }
        return out;
    }

    private static String image(JsonNode podOrTemplate) {
        return podOrTemplate.path("spec").path("containers").get(0).path("image").asString();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + PATIENCE.toSeconds() + " s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
