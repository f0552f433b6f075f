package io.kubesim.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.json.KubeJson;
import io.kubesim.testsupport.Kubectl;

/**
 * kubectl steps the seed scenarios share: apply a manifest from {@code examples/}, read objects as JSON, wait for
 * pods, and keep a scenario to its own nodes by cordoning the others (and undoing that afterwards).
 */
final class Scenario {

    static final Duration WAIT = Duration.ofSeconds(90);

    final E2eCluster cluster = E2eCluster.shared();
    final Kubectl kubectl = cluster.kubectl();
    final String namespace;
    private final List<String> cordonedByUs = new ArrayList<>();

    Scenario(String namespace) {
        this.namespace = namespace;
    }

    static Path example(String file) {
        return E2eCluster.repoRoot().resolve("examples").resolve(file);
    }

    Scenario createNamespace() {
        kubectl.run("delete", "namespace", namespace, "--ignore-not-found", "--wait=true");
        kubectl.run("create", "namespace", namespace).assertOk();
        return this;
    }

    Kubectl.Result apply(String exampleFile) {
        return kubectl.run("apply", "-n", namespace, "-f", example(exampleFile).toString()).assertOk();
    }

    Kubectl.Result k(String... args) {
        return kubectl.run(args);
    }

    /** kubectl in this scenario's namespace. */
    Kubectl.Result kn(String... args) {
        List<String> all = new ArrayList<>(List.of("-n", namespace));
        all.addAll(List.of(args));
        return kubectl.run(all.toArray(String[]::new));
    }

    JsonNode json(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-o", "json"));
        return KubeJson.parse(kubectl.run(all.toArray(String[]::new)).assertOk().out());
    }

    JsonNode pods(String selector) {
        return json("get", "pods", "-n", namespace, "-l", selector);
    }

    /** Name → node of the pods matching the selector that are Running. */
    Map<String, String> runningPodNodes(String selector) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode p : pods(selector).path("items")) {
            if ("Running".equals(p.path("status").path("phase").asString())
                    && p.path("metadata").path("deletionTimestamp").isMissingNode()) {
                out.put(p.path("metadata").path("name").asString(), p.path("spec").path("nodeName").asString());
            }
        }
        return out;
    }

    Map<String, String> awaitRunning(String selector, int count) {
        E2eCluster.await(count + " running pods " + selector, WAIT,
                () -> runningPodNodes(selector).size() == count && pods(selector).path("items").size() == count,
                () -> kn("get", "pods", "-o", "wide").out() + kn("get", "events").out());
        return runningPodNodes(selector);
    }

    /** The STATUS column kubectl prints for one pod. */
    String podStatus(String pod) {
        String line = kn("get", "pod", pod, "--no-headers").out().trim();
        String[] cells = line.split("\\s+");
        return cells.length > 2 ? cells[2] : line;
    }

    void awaitPodStatus(String pod, String status) {
        E2eCluster.await("pod " + pod + " in " + status, WAIT, () -> podStatus(pod).equals(status),
                () -> kn("get", "pod", pod, "-o", "wide").out() + kn("describe", "pod", pod).out());
    }

    /** Cordons every schedulable node not in {@code keep}; {@link #restoreNodes()} uncordons them again. */
    void onlyNodes(Set<String> keep) {
        for (JsonNode n : json("get", "nodes").path("items")) {
            String name = n.path("metadata").path("name").asString();
            boolean unschedulable = n.path("spec").path("unschedulable").asBoolean(false);
            if (!keep.contains(name) && !unschedulable) {
                kubectl.run("cordon", name).assertOk();
                cordonedByUs.add(name);
            }
        }
    }

    void restoreNodes() {
        for (String n : cordonedByUs) {
            kubectl.run("uncordon", n);
        }
        cordonedByUs.clear();
    }

    void awaitNodesReady(Set<String> names) {
        E2eCluster.await("nodes " + names + " Ready", WAIT, () -> {
            int ready = 0;
            for (JsonNode n : json("get", "nodes").path("items")) {
                if (!names.contains(n.path("metadata").path("name").asString())) {
                    continue;
                }
                for (JsonNode c : n.path("status").path("conditions")) {
                    if ("Ready".equals(c.path("type").asString()) && "True".equals(c.path("status").asString())) {
                        ready++;
                    }
                }
            }
            return ready == names.size();
        }, () -> kubectl.run("get", "nodes").out());
    }

    void deleteNamespace() {
        kubectl.run("delete", "namespace", namespace, "--wait=false");
    }
}
