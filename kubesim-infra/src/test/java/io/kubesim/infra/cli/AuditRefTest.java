package io.kubesim.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AuditRefTest {

    private static Map<String, String> keys(List<String> refs, String namespace) {
        Map<String, String> out = new LinkedHashMap<>();
        refs.forEach(r -> out.put(r, AuditRef.parse(r, namespace).key()));
        return out;
    }

    @Test
    void aPodNamedByAnyOfItsKubectlNamesIsInTheDefaultNamespaceUnlessOneIsGiven() {
        assertThat(keys(List.of("pod/web", "po/web", "pods/web", "Pod/web"), null)).isEqualTo(Map.of(
                "pod/web", "/pods/default/web", "po/web", "/pods/default/web", "pods/web", "/pods/default/web",
                "Pod/web", "/pods/default/web"));
        assertThat(keys(List.of("pod/web"), "shop")).isEqualTo(Map.of("pod/web", "/pods/shop/web"));
    }

    @Test
    void aNodeIsClusterScopedSoANamespaceGivenForItIsIgnored() {
        assertThat(keys(List.of("node/node-1", "no/node-1", "nodes/node-1"), "shop")).isEqualTo(Map.of(
                "node/node-1", "/nodes/node-1", "no/node-1", "/nodes/node-1", "nodes/node-1", "/nodes/node-1"));
    }

    @Test
    void workloadKindsAreKeyedByTheirGroupQualifiedResource() {
        assertThat(keys(List.of("deployment/web", "deploy/web", "deployments.apps/web", "replicaset/web-1",
                "rs/web-1", "daemonset/agent", "ds/agent", "job/batch-1"), "prod")).isEqualTo(Map.of(
                "deployment/web", "/deployments.apps/prod/web",
                "deploy/web", "/deployments.apps/prod/web",
                "deployments.apps/web", "/deployments.apps/prod/web",
                "replicaset/web-1", "/replicasets.apps/prod/web-1",
                "rs/web-1", "/replicasets.apps/prod/web-1",
                "daemonset/agent", "/daemonsets.apps/prod/agent",
                "ds/agent", "/daemonsets.apps/prod/agent",
                "job/batch-1", "/jobs.batch/prod/batch-1"));
    }

    @Test
    void anUnknownKindIsRejectedWithTheKindsThatExist() {
        assertThatThrownBy(() -> AuditRef.parse("widget/web", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown kind widget (e.g. pod, node, deployment, replicaset, daemonset, job, "
                        + "or their short names po, no, deploy, rs, ds)");
    }

    @Test
    void aRefWithoutExactlyOneSlashBetweenKindAndNameIsRejected() {
        for (String bad : List.of("web", "pod/", "/web", "pod/default/web")) {
            assertThatThrownBy(() -> AuditRef.parse(bad, null)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expected <kind>/<name> such as pod/web or node/node-1, not " + bad);
        }
    }
}
