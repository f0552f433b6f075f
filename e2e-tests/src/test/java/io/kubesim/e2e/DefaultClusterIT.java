package io.kubesim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubesim.testsupport.Kubectl;

/** What `./kubesim up` promises: the default heterogeneous cluster, Ready, seen through kubectl. */
class DefaultClusterIT {

    private final E2eCluster cluster = E2eCluster.shared();

    @Test
    void theDefaultClusterHasAnAmd64ControlPlaneAndAmd64Arm64Ppc64leWorkers() {
        Kubectl kubectl = cluster.kubectl();
        E2eCluster.await("5 Ready nodes", Duration.ofSeconds(60),
                () -> kubectl.run("get", "nodes", "--no-headers").out().lines()
                        .filter(l -> l.split("\\s+")[1].equals("Ready")).count() == 5,
                () -> kubectl.run("get", "nodes").out());

        List<String> rows = kubectl.run("get", "nodes", "-L", "kubernetes.io/arch", "--no-headers").assertOk().out()
                .lines().map(l -> {
                    String[] c = l.split("\\s+");
                    return c[0] + " " + c[1] + " " + c[2] + " " + c[5];
                }).toList();

        assertThat(rows).isEqualTo(List.of(
                "amd64-w1 Ready <none> amd64",
                "amd64-w2 Ready <none> amd64",
                "arm64-w1 Ready <none> arm64",
                "master Ready control-plane amd64",
                "ppc64le-w1 Ready <none> ppc64le"));
        assertThat(kubectl.run("get", "node", "master", "-o", "jsonpath={.spec.taints[*].key}").assertOk().out())
                .isEqualTo("node-role.kubernetes.io/control-plane");
        String wide = kubectl.run("get", "node", "ppc64le-w1", "-o", "wide", "--no-headers").assertOk().out();
        assertThat(Arrays.asList(wide.trim().split("\\s{2,}"))).contains("Red Hat Enterprise Linux 8.1 (Ootpa)");
    }
}
