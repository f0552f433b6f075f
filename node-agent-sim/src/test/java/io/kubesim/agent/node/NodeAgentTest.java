package io.kubesim.agent.node;

import static io.kubesim.agent.testing.Json.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.agent.registry.ImageCatalog;
import io.kubesim.agent.registry.ImageName;
import io.kubesim.agent.registry.ImageRegistry;
import io.kubesim.agent.registry.PullOutcome;
import io.kubesim.agent.registry.UnknownImages;
import io.kubesim.agent.testing.LoopbackCluster;
import io.kubesim.agent.testing.ManualLoop;
import io.kubesim.model.cluster.NodeTemplate;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.PatchObject;
import io.kubesim.model.command.UpdateStatus;
import io.kubesim.model.json.KubeJson;
import io.kubesim.runtime.EventRecorder;

class NodeAgentTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ManualLoop loop = new ManualLoop(T0);
    private final LoopbackCluster cluster = new LoopbackCluster(loop.clock());
    private NodeDirectory directory;
    private NodeRegistrar registrar;
    private NodeControl control;

    private void start(String os, String arch, List<NodeTemplate> templates) {
        NodeFactory factory = new NodeFactory(os, arch);
        directory = new NodeDirectory(factory.fromTemplates(templates));
        Heartbeats heartbeats = new Heartbeats(directory, cluster.cache(), cluster, loop, Duration.ofSeconds(10), 40,
                Duration.ofMinutes(5));
        registrar = new NodeRegistrar(directory, factory, cluster.cache(), cluster, loop,
                new EventRecorder(cluster, loop.clock(), "kubelet"), heartbeats, os, arch, true, "127.0.0.1");
        control = new NodeControl(directory, heartbeats, loop);
        registrar.portKnown(18091);
        cluster.synced();
        loop.runDue();
    }

    private ObjectNode sentNode(String name) {
        return cluster.sent(CreateObject.class).stream()
                .filter(c -> c.target().key().equals("/nodes/" + name)).findFirst().map(c -> (ObjectNode) c.object())
                .orElseThrow();
    }

    @Test
    @DisplayName("a ppc64le worker registers with the well-known labels, RHEL 8.1 nodeInfo, taints and resources")
    void registration() {
        start("linux", "ppc64le", List.of(new NodeTemplate("p1220-kvm1", 1, "ppc64le", "linux", "8", "16Gi", 110,
                "200Gi", Map.of("nvidia.com/gpu", "2"), Map.of("arch", "ppc64le"), List.of("role=web:NoSchedule"),
                "zone-b", 100.0)));
        assertJson(sentNode("p1220-kvm1"), """
                {"apiVersion": "v1", "kind": "Node",
                 "metadata": {"name": "p1220-kvm1",
                   "labels": {"beta.kubernetes.io/arch": "ppc64le", "beta.kubernetes.io/os": "linux",
                     "kubernetes.io/arch": "ppc64le", "kubernetes.io/hostname": "p1220-kvm1",
                     "kubernetes.io/os": "linux", "topology.kubernetes.io/zone": "zone-b", "arch": "ppc64le"},
                   "annotations": {"kubesim.io/agent-endpoint": "http://127.0.0.1:18091",
                     "kubesim.io/simulated": "true",
                     "volumes.kubernetes.io/controller-managed-attach-detach": "true"}},
                 "spec": {"podCIDR": "10.64.0.0/24", "podCIDRs": ["10.64.0.0/24"],
                   "taints": [{"key": "role", "value": "web", "effect": "NoSchedule"}]},
                 "status": {
                   "capacity": {"cpu": "8", "ephemeral-storage": "200Gi", "memory": "16Gi", "pods": "110",
                     "nvidia.com/gpu": "2", "hugepages-1Gi": "0", "hugepages-2Mi": "0"},
                   "allocatable": {"cpu": "8", "ephemeral-storage": "200Gi", "memory": "16Gi", "pods": "110",
                     "nvidia.com/gpu": "2", "hugepages-1Gi": "0", "hugepages-2Mi": "0"},
                   "conditions": [
                     {"type": "MemoryPressure", "status": "False", "lastHeartbeatTime": "2026-01-01T00:00:00Z",
                      "lastTransitionTime": "2026-01-01T00:00:00Z", "reason": "KubeletHasSufficientMemory",
                      "message": "kubelet has sufficient memory available"},
                     {"type": "DiskPressure", "status": "False", "lastHeartbeatTime": "2026-01-01T00:00:00Z",
                      "lastTransitionTime": "2026-01-01T00:00:00Z", "reason": "KubeletHasNoDiskPressure",
                      "message": "kubelet has no disk pressure"},
                     {"type": "PIDPressure", "status": "False", "lastHeartbeatTime": "2026-01-01T00:00:00Z",
                      "lastTransitionTime": "2026-01-01T00:00:00Z", "reason": "KubeletHasSufficientPID",
                      "message": "kubelet has sufficient PID available"},
                     {"type": "Ready", "status": "True", "lastHeartbeatTime": "2026-01-01T00:00:00Z",
                      "lastTransitionTime": "2026-01-01T00:00:00Z", "reason": "KubeletReady",
                      "message": "kubelet is posting ready status"}],
                   "addresses": [{"type": "InternalIP", "address": "172.18.0.2"},
                                 {"type": "Hostname", "address": "p1220-kvm1"}],
                   "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
                   "nodeInfo": {"machineID": "%s", "systemUUID": "%s", "bootID": "%s",
                     "kernelVersion": "4.18.0-147.el8.ppc64le", "osImage": "Red Hat Enterprise Linux 8.1 (Ootpa)",
                     "containerRuntimeVersion": "containerd://1.7.22", "kubeletVersion": "v1.32.2",
                     "kubeProxyVersion": "v1.32.2", "operatingSystem": "linux", "architecture": "ppc64le"},
                   "images": []}}
                """.formatted(directory.get("p1220-kvm1").orElseThrow().machineId(),
                directory.get("p1220-kvm1").orElseThrow().systemUuid(),
                directory.get("p1220-kvm1").orElseThrow().bootId()));
        assertThat(registrar.ready()).isTrue();
        assertThat(cluster.get("/leases.coordination.k8s.io/kube-node-lease/p1220-kvm1").path("spec").toString()).isEqualTo(
                "{\"holderIdentity\":\"p1220-kvm1\",\"leaseDurationSeconds\":40,"
                        + "\"renewTime\":\"2026-01-01T00:00:00.000000Z\"}");
        assertThat(cluster.get("/leases.coordination.k8s.io/kube-node-lease/p1220-kvm1").path("metadata").path("ownerReferences")
                .get(0).path("uid").asString())
                .isEqualTo(cluster.get("/nodes/p1220-kvm1").path("metadata").path("uid").asString());
    }

    @Test
    @DisplayName("a node that reserves cpu and memory reports its full capacity and the rest as allocatable")
    void reservedResources() {
        start("linux", "amd64", List.of(new NodeTemplate("w1", 1, "amd64", "linux", "4", "8Gi", 110, "100Gi",
                null, null, null, null, null, Map.of("cpu", "500m", "memory", "1Gi"))));

        JsonNode status = sentNode("w1").path("status");
        assertThat(status.path("capacity").toString()).isEqualTo("{\"cpu\":\"4\",\"ephemeral-storage\":\"100Gi\","
                + "\"memory\":\"8Gi\",\"pods\":\"110\",\"hugepages-1Gi\":\"0\",\"hugepages-2Mi\":\"0\"}");
        assertThat(status.path("allocatable").toString()).isEqualTo("{\"cpu\":\"3500m\",\"ephemeral-storage\":"
                + "\"100Gi\",\"memory\":\"7340032Ki\",\"pods\":\"110\",\"hugepages-1Gi\":\"0\",\"hugepages-2Mi\":\"0\"}");
    }

    @ParameterizedTest(name = "a {0}/{1} node is labelled {2} and runs {3}")
    @CsvSource(delimiter = '|', textBlock = """
            linux   | amd64 | kubernetes.io/arch=amd64 kubernetes.io/os=linux   | Ubuntu 22.04.4 LTS, 5.15.0-113-generic, InternalIP 172.16.0.2, pod CIDR 10.0.0.0/24
            linux   | arm64 | kubernetes.io/arch=arm64 kubernetes.io/os=linux   | Ubuntu 22.04.4 LTS, 5.15.0-113-generic, InternalIP 172.17.0.2, pod CIDR 10.32.0.0/24
            linux   | s390x | kubernetes.io/arch=s390x kubernetes.io/os=linux   | Ubuntu 22.04.4 LTS, 5.15.0-113-generic, InternalIP 172.19.0.2, pod CIDR 10.96.0.0/24
            windows | amd64 | kubernetes.io/arch=amd64 kubernetes.io/os=windows | Windows Server 2022 Datacenter, 10.0.20348.2762, InternalIP 172.20.0.2, pod CIDR 10.128.0.0/24
            """)
    void platforms(String os, String arch, String labels, String runs) {
        start(os, arch, List.of(new NodeTemplate("n1", 1, arch, os, null, null, null, null, null, null, null, null,
                null)));
        ObjectNode node = sentNode("n1");
        var l = node.path("metadata").path("labels");
        assertThat("kubernetes.io/arch=" + l.path("kubernetes.io/arch").asString() + " kubernetes.io/os="
                + l.path("kubernetes.io/os").asString()).isEqualTo(labels);
        var info = node.path("status").path("nodeInfo");
        assertThat(info.path("osImage").asString() + ", " + info.path("kernelVersion").asString() + ", InternalIP "
                + node.path("status").path("addresses").get(0).path("address").asString() + ", pod CIDR "
                + node.path("spec").path("podCIDR").asString()).isEqualTo(runs);
        assertThat(l.path("node.kubernetes.io/windows-build").asString(null))
                .isEqualTo(os.equals("windows") ? "10.0.20348" : null);
    }

    @Test
    @DisplayName("every node renews its lease every 10 s; the status is posted again when its images change")
    void heartbeats() throws Exception {
        start("linux", "amd64", List.of(new NodeTemplate("w%d", 3, "amd64", "linux", null, null, null, null, null,
                null, null, null, null)));
        int before = cluster.sent(PatchObject.class).size();
        loop.advance(Duration.ofSeconds(30));
        List<String> renewed = cluster.sent(PatchObject.class).stream().skip(before)
                .filter(p -> p.target().resource().equals("leases.coordination.k8s.io"))
                .map(p -> p.target().name()).sorted().toList();
        assertThat(renewed).isEqualTo(List.of("w1", "w1", "w1", "w2", "w2", "w2", "w3", "w3", "w3"));
        assertThat(cluster.sent(UpdateStatus.class)).isEmpty();
        assertThat(cluster.get("/leases.coordination.k8s.io/kube-node-lease/w2").path("spec").path("renewTime").asString())
                .isEqualTo("2026-01-01T00:00:22.000000Z");

        SimulatedNode w1 = directory.get("w1").orElseThrow();
        ImageRegistry registry = new ImageRegistry(ImageCatalog.load(List.of()), UnknownImages.ALL_PLATFORMS);
        w1.images().store((PullOutcome.Available) registry.pull(ImageName.parse("nginx"), w1.platform()));
        loop.advance(Duration.ofSeconds(10));
        assertThat(cluster.sent(UpdateStatus.class)).hasSize(1);
        assertThat(cluster.get("/nodes/w1").path("status").path("images").get(0).path("names").get(1).asString())
                .isEqualTo("docker.io/library/nginx:latest");
        loop.advance(Duration.ofMinutes(5));
        assertThat(cluster.sent(UpdateStatus.class)).hasSize(4);
    }

    @Test
    @DisplayName("stopped heartbeats leave the lease alone; resume renews it at once and posts the status")
    void stop_and_resume() {
        start("linux", "amd64", List.of(new NodeTemplate("w1", 1, "amd64", "linux", null, null, null, null, null,
                null, null, null, null)));
        assertThat(control.stopHeartbeats("w1").orElseThrow().state()).isEqualTo("HeartbeatsStopped");
        loop.advance(Duration.ofMinutes(2));
        assertThat(cluster.get("/leases.coordination.k8s.io/kube-node-lease/w1").path("spec").path("renewTime").asString())
                .isEqualTo("2026-01-01T00:00:00.000000Z");
        assertThat(control.resume("w1").orElseThrow().state()).isEqualTo("Running");
        assertThat(cluster.get("/leases.coordination.k8s.io/kube-node-lease/w1").path("spec").path("renewTime").asString())
                .isEqualTo("2026-01-01T00:02:00.000000Z");
        assertThat(cluster.sent(UpdateStatus.class)).hasSize(1);
        assertThat(control.partition("missing")).isEmpty();
    }

    @Test
    @DisplayName("a Node created through the API for this agent's platform is adopted: pod CIDR, status, lease")
    void adoption() {
        start("linux", "arm64", List.of());
        cluster.put("/nodes/edge-1", (ObjectNode) KubeJson.readDocuments("""
                apiVersion: v1
                kind: Node
                metadata:
                  name: edge-1
                  labels: {kubernetes.io/arch: arm64, kubernetes.io/os: linux, tier: edge}
                  annotations: {kubesim.io/simulated: "true", kubesim.io/cpu: "2", kubesim.io/memory: 4Gi}
                """).getFirst());
        cluster.put("/nodes/other", (ObjectNode) KubeJson.readDocuments("""
                apiVersion: v1
                kind: Node
                metadata:
                  name: other
                  annotations: {kubesim.io/simulated: "true"}
                """).getFirst());
        loop.runDue();
        ObjectNode stored = cluster.get("/nodes/edge-1");
        assertThat(stored.path("spec").path("podCIDR").asString()).isEqualTo("10.32.0.0/24");
        assertThat(stored.path("metadata").path("labels").path("tier").asString()).isEqualTo("edge");
        assertThat(stored.path("metadata").path("labels").path("kubernetes.io/hostname").asString())
                .isEqualTo("edge-1");
        assertThat(stored.path("status").path("allocatable").toString()).isEqualTo("{\"cpu\":\"2\","
                + "\"ephemeral-storage\":\"100Gi\",\"memory\":\"4Gi\",\"pods\":\"110\",\"hugepages-1Gi\":\"0\","
                + "\"hugepages-2Mi\":\"0\"}");
        assertThat(cluster.get("/leases.coordination.k8s.io/kube-node-lease/edge-1")).isNotNull();
        assertThat(directory.owns("other")).isFalse();
        assertThat(control.list().stream().map(NodeControl.NodeView::name).toList()).isEqualTo(List.of("edge-1"));
    }
}
