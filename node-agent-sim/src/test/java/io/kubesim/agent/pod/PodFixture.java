package io.kubesim.agent.pod;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

import io.kubesim.agent.node.SimulatedNode;
import io.kubesim.agent.registry.ImageCatalog;
import io.kubesim.agent.registry.ImageRegistry;
import io.kubesim.agent.registry.UnknownImages;
import io.kubesim.agent.testing.FakeBus;
import io.kubesim.agent.testing.ManualLoop;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.PatchObject;
import io.kubesim.model.command.UpdateStatus;
import io.kubesim.model.json.KubeJson;
import io.kubesim.runtime.EventRecorder;

/**
 * One simulated amd64 node {@code w1} (4 cpu, 8Gi, 110 pods, 50 MB/s) on a manual clock starting at
 * 2026-01-01T00:00:00Z, with a fake command sink; builds {@link PodWorker}s for pods given as YAML.
 */
final class PodFixture {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String UID = "0b1d6c39-8f0e-4c43-9a55-3d0f5f8e2a11";

    final ManualLoop loop = new ManualLoop(T0);
    final FakeBus bus = new FakeBus(loop::now);
    final EventRecorder events = new EventRecorder(bus, loop.clock(), "kubelet");
    final Set<String> services = new HashSet<>();
    final List<Map<String, Long>> admitted = new ArrayList<>();
    final SimulatedNode node;
    final ImageRegistry registry = new ImageRegistry(ImageCatalog.load(List.of()), UnknownImages.ALL_PLATFORMS);
    private final AtomicInteger ids = new AtomicInteger();
    private long revision = 5;
    ObjectNode podJson;
    PodWorker worker;

    PodFixture() {
        this("amd64");
    }

    PodFixture(String architecture) {
        Map<String, Quantity> resources = new LinkedHashMap<>();
        resources.put("cpu", new Quantity("4"));
        resources.put("ephemeral-storage", new Quantity("100Gi"));
        resources.put("memory", new Quantity("8Gi"));
        resources.put("pods", new Quantity("110"));
        node = new SimulatedNode("w1", "linux", architecture, "zone-a", Map.of(), List.of(), resources, 50.0, true,
                0, "172.16.0.2", "10.0.0.0/24");
    }

    /** Starts a worker for the pod in {@code yaml} (metadata.name and spec), bound to w1. */
    PodWorker start(String yaml) {
        ObjectNode pod = (ObjectNode) KubeJson.readDocuments(yaml).getFirst();
        ObjectNode meta = pod.withObjectProperty("metadata");
        meta.put("namespace", "default");
        meta.put("uid", UID);
        meta.put("resourceVersion", String.valueOf(revision));
        meta.put("creationTimestamp", "2026-01-01T00:00:00Z");
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        pod.withObjectProperty("spec").put("nodeName", "w1");
        ObjectNode status = pod.putObject("status");
        status.put("phase", "Pending");
        status.putArray("conditions").addObject().put("type", "PodScheduled").put("status", "True")
                .putNull("lastProbeTime").put("lastTransitionTime", "2026-01-01T00:00:00Z");
        podJson = pod;
        worker = new PodWorker(new PodEnvironment(loop, node, registry,
                (ns, name) -> services.contains(ns + "/" + name), bus, events, () -> admitted,
                () -> "%064d".formatted(ids.incrementAndGet())), KubeJson.convert(pod, Pod.class), pod, revision);
        worker.start();
        loop.runDue();
        return worker;
    }

    /** The pod as changed by someone else (metadata edits, deletion), delivered as from the cache. */
    void change(java.util.function.Consumer<ObjectNode> edit) {
        ObjectNode stored = latestPod();
        ObjectNode copy = stored.deepCopy();
        edit.accept(copy);
        long rev = Long.parseLong(copy.path("metadata").path("resourceVersion").asString("0")) + 1000;
        copy.withObjectProperty("metadata").put("resourceVersion", String.valueOf(rev));
        worker.updated(KubeJson.convert(copy, Pod.class), copy, rev);
        loop.runDue();
    }

    void advance(Duration d) {
        loop.advance(d);
    }

    void advanceTo(String time) {
        loop.advanceTo(Instant.parse(time));
    }

    /** The status of the last UpdateStatus sent. */
    JsonNode lastStatus() {
        List<UpdateStatus> updates = bus.sent(UpdateStatus.class);
        return updates.getLast().object().path("status");
    }

    int statusWrites() {
        return bus.sent(UpdateStatus.class).size();
    }

    private ObjectNode latestPod() {
        List<UpdateStatus> updates = bus.sent(UpdateStatus.class);
        return updates.isEmpty() ? podJson : (ObjectNode) updates.getLast().object();
    }

    /**
     * Every event recorded so far, as {@code <seconds since T0> <type> <reason> [<container>] <message>}; repeats
     * (aggregated by count) are listed again.
     */
    List<String> events() {
        List<String> out = new ArrayList<>();
        Map<String, JsonNode> created = new HashMap<>();
        for (FakeBus.Sent s : bus.sent()) {
            JsonNode e = null;
            if (s.command() instanceof CreateObject c && c.target().resource().equals("events")) {
                e = c.object();
                created.put(c.target().key(), e);
            } else if (s.command() instanceof PatchObject p && p.target().resource().equals("events")) {
                e = created.get(p.target().key());
            }
            if (e != null) {
                String field = e.path("involvedObject").path("fieldPath").asString("");
                String container = field.isEmpty() ? "" : field.substring(field.indexOf('{') + 1,
                        field.length() - 1) + " ";
                out.add(seconds(s.at()) + " " + e.path("type").asString() + " " + e.path("reason").asString() + " "
                        + container + e.path("message").asString());
            }
        }
        return out;
    }

    static String seconds(Instant at) {
        Duration d = Duration.between(T0, at);
        return d.toNanosPart() == 0 ? d.toSeconds() + "s"
                : java.math.BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString() + "s";
    }
}
