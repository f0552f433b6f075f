package io.kubesim.model.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kubesim.model.json.KubeJson;

class ClusterSpecTest {

    @Test
    void aClusterFileDescribesGroupsOfNodesPerArchitecture() throws Exception {
        String yaml = """
                nodes:
                  - name: cp
                    architecture: amd64
                    labels: {node-role.kubernetes.io/control-plane: ""}
                    taints: ["node-role.kubernetes.io/control-plane:NoSchedule"]
                  - name: arm-%d
                    count: 3
                    architecture: arm64
                    cpu: "8"
                    memory: 16Gi
                    zone: zone-b
                    reserved: {cpu: 500m, memory: 1Gi}
                  - name: win-1
                    architecture: amd64
                    os: windows
                """;
        ClusterSpec spec = KubeJson.yaml().readValue(yaml, ClusterSpec.class);

        assertThat(spec.byAgent().keySet()).containsExactly("amd64", "arm64", "windows-amd64");
        assertThat(spec.nodes().get(1).names()).isEqualTo(List.of("arm-1", "arm-2", "arm-3"));
        assertThat(spec.nodes().get(0)).isEqualTo(new NodeTemplate("cp", 1, "amd64", "linux", "4", "8Gi", 110,
                "100Gi", Map.of(), Map.of("node-role.kubernetes.io/control-plane", ""),
                List.of("node-role.kubernetes.io/control-plane:NoSchedule"), null, 50.0));
        assertThat(spec.nodes().get(1)).isEqualTo(new NodeTemplate("arm-%d", 3, "arm64", "linux", "8", "16Gi", 110,
                "100Gi", Map.of(), Map.of(), List.of(), "zone-b", 50.0, Map.of("cpu", "500m", "memory", "1Gi")));
    }

    @Test
    void theExampleClusterFileOfTheReadmeReads() throws Exception {
        ClusterSpec spec = KubeJson.yaml().readValue(java.nio.file.Files.readString(
                java.nio.file.Path.of("../examples/cluster.yaml")), ClusterSpec.class);

        assertThat(spec.byAgent().keySet()).containsExactly("amd64", "arm64", "ppc64le", "s390x", "windows-amd64");
        assertThat(spec.nodes().stream().flatMap(n -> n.names().stream()).toList()).containsExactly("cp", "x86-1",
                "x86-2", "x86-3", "gpu-1", "graviton-1", "graviton-2", "power-1", "z-1", "win-1");
        assertThat(spec.nodes().get(1).reserved()).isEqualTo(Map.of("cpu", "500m", "memory", "1Gi"));
    }

    @Test
    void theDefaultClusterFollowsTheSeeds() {
        assertThat(ClusterSpec.defaultCluster().nodes().stream().flatMap(n -> n.names().stream()).toList())
                .isEqualTo(List.of("master", "amd64-w1", "amd64-w2", "arm64-w1", "ppc64le-w1"));
    }

    @Test
    void unknownArchitecturesAndDuplicateNamesAreRefused() {
        assertThatThrownBy(() -> new NodeTemplate("n", 1, "mips", null, null, null, null, null, null, null, null,
                null, null)).hasMessage("node n: architecture must be one of [amd64, arm64, ppc64le, s390x], was mips");
        NodeTemplate a = new NodeTemplate("n", 1, "amd64", null, null, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> new ClusterSpec(List.of(a, a))).hasMessage("node name n is used twice");
    }
}
