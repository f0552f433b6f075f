package io.kubesim.scheduler.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kubesim.agent.node.ClusterNodes;
import io.kubesim.model.cluster.ClusterSpec;
import io.kubesim.model.cluster.NodeTemplate;
import io.kubesim.model.json.KubeJson;

/**
 * An export of a recorded run, built row by row as state-service logs it: the default cluster's nodes as their
 * agents register them, pods as kubectl creates them, the scheduler's bindings, a kubelet status update and a
 * deletion, and a ReplicaSet owning two of the pods. The recorded run is seed 000's: nginx pods, pods pinned to arm64, the ppc64le-only image
 * {@code kongru/dockerize:base} once without a selector and once with {@code kubernetes.io/arch: amd64} (the trap),
 * both bound to amd64 nodes by a scheduler without ImageArchitecture.
 */
final class ExportFixture {

    static final Instant START = Instant.parse("2026-12-07T12:00:00Z");

    private final List<LogLine> rows = new ArrayList<>();
    private final Map<String, Long> last = new HashMap<>();
    private Instant now = START;

    /** The recorded run described above. */
    static List<LogLine> seed000Run() {
        ExportFixture f = new ExportFixture().nodes(ClusterSpec.defaultCluster());
        // a ReplicaSet's pods: PodTopologySpread's default constraints spread them by the ReplicaSet's selector
        ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName("web").withNamespace("default")
                .withUid("uid-rs-web").endMetadata().withNewSpec().withReplicas(2)
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector().endSpec().build();
        f.row("/replicasets.apps/default/web", LogLine.ADDED, "system:serviceaccount:kube-system:replicaset-controller",
                KubeJson.tree(rs));
        f.createAndBind(owned(pod("web-1", "nginx:1.27", "500m", "512Mi", null), rs), "amd64-w1");
        f.createAndBind(owned(pod("web-2", "nginx:1.27", "500m", "512Mi", null), rs), "amd64-w2");
        f.createAndBind(pod("arm-1", "nginx:1.27", "1", "1Gi", "arm64"), "arm64-w1");
        f.createAndBind(pod("arm-2", "nginx:1.27", "1", "1Gi", "arm64"), "arm64-w1");
        f.createAndBind(pod("dockerize", "kongru/dockerize:base", "100m", "128Mi", null), "amd64-w1");
        f.createAndBind(pod("dockerize-on-amd64", "kongru/dockerize:base", "100m", "128Mi", "amd64"), "amd64-w2");
        f.createAndBind(pod("gone", "nginx:1.27", "2", "1Gi", null), "amd64-w1");
        // the kubelet reports web-1 running; the replay does not apply pod updates
        ObjectNode running = f.current("/pods/default/web-1");
        ((ObjectNode) running.path("status")).put("phase", "Running");
        f.row("/pods/default/web-1", LogLine.MODIFIED, "system:node:amd64-w1", running);
        f.delete("gone");
        return f.rows();
    }

    /** The nodes of {@code spec}, registered by their agents. */
    ExportFixture nodes(ClusterSpec spec) {
        for (JsonNode n : ClusterNodes.registered(spec, START)) {
            String name = n.path("metadata").path("name").asString();
            row("/nodes/" + name, LogLine.ADDED, "system:node:" + name, n);
        }
        return this;
    }

    /** kubectl creates the pod. */
    ExportFixture create(Pod pod) {
        row("/pods/default/" + pod.getMetadata().getName(), LogLine.ADDED, "admin", KubeJson.tree(pod));
        return this;
    }

    /** kubectl deletes the pod (after its grace period). */
    ExportFixture delete(String pod) {
        row("/pods/default/" + pod, LogLine.DELETED, "admin", current("/pods/default/" + pod));
        return this;
    }

    List<LogLine> rows() {
        return List.copyOf(rows);
    }

    /** A pod as kubectl creates it: one container with requests, optionally pinned to an architecture. */
    static Pod pod(String name, String image, String cpu, String memory, String arch) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name)
                .withCreationTimestamp("2026-12-07T12:00:00Z").withLabels(Map.of("run", name)).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("c").withImage(image).withNewResources()
                        .withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory)))
                        .endResources().build())
                .withSchedulerName("default-scheduler").endSpec();
        if (arch != null) {
            b.editSpec().withNodeSelector(Map.of("kubernetes.io/arch", arch)).endSpec();
        }
        return b.withNewStatus().withPhase("Pending").endStatus().build();
    }

    /** The pod as the ReplicaSet's: its labels and a controller owner reference. */
    static Pod owned(Pod pod, ReplicaSet rs) {
        return new PodBuilder(pod).editMetadata().withLabels(Map.of("app", "web"))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                        .withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid()).withController(true)
                        .build()).endMetadata().build();
    }

    /** The default cluster without its arm64 worker, as the agents would register it. */
    static List<Node> defaultClusterWithoutArm64() {
        List<NodeTemplate> kept = ClusterSpec.defaultCluster().nodes().stream()
                .filter(t -> !t.architecture().equals("arm64")).toList();
        return ClusterNodes.registered(new ClusterSpec(kept), START).stream()
                .map(n -> KubeJson.convert(n, Node.class)).toList();
    }

    /** kubectl creates the pod and the scheduler binds it. */
    ExportFixture createAndBind(Pod pod, String node) {
        create(pod);
        String key = "/pods/default/" + pod.getMetadata().getName();
        ObjectNode bound = current(key);
        ((ObjectNode) bound.path("spec")).put("nodeName", node);
        ((ObjectNode) bound.path("status")).putArray("conditions").addObject().put("type", "PodScheduled")
                .put("status", "True").putNull("lastProbeTime").put("lastTransitionTime", now.toString());
        row(key, LogLine.MODIFIED, "system:kube-scheduler", bound);
        return this;
    }

    private ObjectNode current(String key) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (rows.get(i).key().equals(key)) {
                return KubeJson.copy(rows.get(i).object());
            }
        }
        throw new IllegalStateException(key);
    }

    private void row(String key, String type, String actor, JsonNode object) {
        long revision = rows.size() + 1L;
        ObjectNode o = KubeJson.copy(object);
        ((ObjectNode) o.path("metadata")).put("resourceVersion", Long.toString(revision));
        long prev = type.equals(LogLine.ADDED) ? 0 : last.getOrDefault(key, 0L);
        last.put(key, revision);
        now = now.plusSeconds(1);
        rows.add(new LogLine(revision, key, type, prev, actor, "cmd-" + revision, null,
                type.equals(LogLine.ADDED) ? 201 : 200, now.toString(), false, o));
    }
}
