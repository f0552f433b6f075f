package io.kubesim.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.testcluster.TestControlPlane;

/**
 * Not part of the test suite (the name does not end in Test): how fast controller-manager reconciles 1,000
 * Deployments of 3 replicas created at once, against the real state-service, Kafka and PostgreSQL, with
 * {@link TestKubelet} binding pods to 30 nodes and reporting them Ready. Run with
 *
 * <pre>
 * ./mvnw -B -o -pl controller-manager test -Dtest=DeploymentBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * and read the {@code BENCH} lines of target/surefire-reports/io.kubesim.controller.DeploymentBenchmark-output.txt.
 * Milestones per Deployment: "scaled" when its status reports 3 replicas (ReplicaSet and 3 pods created), "available"
 * when it reports 3 available replicas and observedGeneration equals generation.
 */
class DeploymentBenchmark {

    private static final int DEPLOYMENTS = Integer.getInteger("bench.deployments", 1000);
    private static final int REPLICAS = 3;
    private static final int NODES = 30;

    @Test
    void reconcilesAThousandDeployments() throws Exception {
        try (TestControlPlane cp = TestControlPlane.start("controller-manager-bench", 1.0)) {
            ConfigurableApplicationContext cm = SpringApplication.run(ControllerManagerApplication.class,
                    cp.serviceArgs("system:kube-controller-manager"));
            try {
                run(cp);
            } finally {
                cm.close();
            }
        }
    }

    private static void run(TestControlPlane cp) throws Exception {
        ClusterCache cache = cp.cache();
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            nodes.add("bench-" + i);
        }
        try (TestKubelet kubelet = new TestKubelet(cp, nodes)) {
            for (String n : nodes) {
                kubelet.addNode(n, "{}", true);
            }
            cp.send(new CreateObject(Resources.NAMESPACES.ref(null, "bench"), (ObjectNode) KubeJson.parse(
                    "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"bench\"}}"),
                    WriteOptions.DEFAULT));
            Map<String, Long> scaled = new ConcurrentHashMap<>();
            Map<String, Long> available = new ConcurrentHashMap<>();
            Map<String, Integer> writesByActorAndResource = new ConcurrentHashMap<>();
            ClusterCache.Listener watch = (ChangeEvent e, ClusterCache.Entry prev, ClusterCache.Entry cur) -> {
                writesByActorAndResource.merge(e.actor() + " " + e.key().split("/")[1], 1, Integer::sum);
                if (cur == null || !e.key().startsWith("/deployments.apps/bench/")) {
                    return;
                }
                JsonNode s = cur.json().path("status");
                long now = System.nanoTime();
                if (s.path("replicas").asInt() == REPLICAS) {
                    scaled.putIfAbsent(e.key(), now);
                }
                if (s.path("availableReplicas").asInt() == REPLICAS && s.path("observedGeneration").asLong()
                        == cur.json().path("metadata").path("generation").asLong()) {
                    available.putIfAbsent(e.key(), now);
                }
            };
            cache.addListener(watch);
            long start = System.nanoTime();
            List<CompletableFuture<CommandReply>> creates = new ArrayList<>();
            for (int i = 0; i < DEPLOYMENTS; i++) {
                creates.add(cp.bus().submit(new CreateObject(Resources.DEPLOYMENTS.ref("bench", null),
                        deployment("d" + i), WriteOptions.DEFAULT)));
            }
            for (CompletableFuture<CommandReply> f : creates) {
                f.get(5, TimeUnit.MINUTES);
            }
            long created = System.nanoTime();
            long deadline = start + TimeUnit.MINUTES.toNanos(10);
            while (available.size() < DEPLOYMENTS && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            cache.removeListener(watch);
            System.out.printf("BENCH %d Deployments submitted and stored in %.1f s%n", DEPLOYMENTS,
                    (created - start) / 1e9);
            report("scaled (RS + 3 pods, status.replicas=3)", start, List.copyOf(scaled.values()), DEPLOYMENTS);
            report("available (3 ready pods, observedGeneration current)", start, List.copyOf(available.values()),
                    DEPLOYMENTS);
            System.out.println("BENCH log revision at the end: " + cache.revision() + " (" + cache.size()
                    + " objects)");
            new java.util.TreeMap<>(writesByActorAndResource).forEach((k, v) -> System.out.println("BENCH writes "
                    + k + ": " + v));
        }
    }

    private static void report(String what, long start, List<Long> times, int expected) {
        List<Long> sorted = new ArrayList<>(times);
        sorted.sort(null);
        if (sorted.isEmpty()) {
            System.out.println("BENCH " + what + ": none");
            return;
        }
        double last = (sorted.getLast() - start) / 1e9;
        double p50 = (sorted.get(sorted.size() / 2) - start) / 1e9;
        System.out.printf("BENCH %s: %d/%d, p50 %.1f s, last %.1f s, %.1f deployments/s%n", what, sorted.size(),
                expected, p50, last, sorted.size() / last);
    }

    private static ObjectNode deployment(String name) {
        return (ObjectNode) KubeJson.parse("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"%s"}},
                  "template":{"metadata":{"labels":{"app":"%s"}},
                   "spec":{"containers":[{"name":"nginx","image":"nginx:1.14"}]}}}}"""
                .formatted(name, REPLICAS, name, name));
    }
}
