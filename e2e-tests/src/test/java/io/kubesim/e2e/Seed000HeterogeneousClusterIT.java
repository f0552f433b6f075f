package io.kubesim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Seed 000 (이기종 쿠버네티스 클러스터 구성 및 Pod Scheduling): an x86 master and workers next to a ppc64le worker.
 * The scenario keeps to master, amd64-w1 and ppc64le-w1, like the blog's three machines.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Seed000HeterogeneousClusterIT {

    private static final Scenario S = new Scenario("seed-000");

    @BeforeAll
    static void setUp() {
        S.createNamespace();
        S.onlyNodes(Set.of("master", "amd64-w1", "ppc64le-w1"));
    }

    @AfterAll
    static void tearDown() {
        S.k("label", "nodes", "amd64-w1", "ppc64le-w1", "arch-");
        S.restoreNodes();
        S.deleteNamespace();
    }

    @Test
    @Order(1)
    void nginxWithTwoReplicasRunsOnTheX86AndThePowerWorkerEachPullingItsOwnBuild() {
        S.apply("000-heterogeneous/nginx-deployment.yaml");

        Map<String, String> placed = S.awaitRunning("app=nginx", 2);

        assertThat(new HashSet<>(placed.values())).isEqualTo(Set.of("amd64-w1", "ppc64le-w1"));
        for (String node : Set.of("amd64-w1", "ppc64le-w1")) {
            assertThat(S.k("get", "node", node, "-o", "jsonpath={.status.images[*].names}").assertOk().out())
                    .contains("docker.io/library/nginx:latest");
        }
        String pod = placed.keySet().iterator().next();
        assertThat(S.kn("describe", "pod", pod).assertOk().out()).contains("Successfully pulled image \"nginx\"");
    }

    @Test
    @Order(2)
    void nodesAreLabelledAndUnlabelledWithKubectl() {
        S.k("label", "nodes", "amd64-w1", "arch=x86").assertOk();
        S.k("label", "nodes", "ppc64le-w1", "arch=ppc64le").assertOk();

        assertThat(S.k("get", "nodes", "--show-labels").assertOk().out().lines()
                .filter(l -> l.startsWith("ppc64le-w1 ")).findFirst().orElseThrow())
                .contains("arch=ppc64le").contains("kubernetes.io/arch=ppc64le");

        assertThat(S.k("label", "nodes", "amd64-w1", "arch-").assertOk().out()).isEqualTo("node/amd64-w1 unlabeled\n");
        assertThat(S.k("get", "node", "amd64-w1", "-o", "jsonpath={.metadata.labels.arch}").out()).isEmpty();
    }

    @Test
    @Order(3)
    void aPpc64leOnlyImageWithANodeSelectorRunsOnThePowerNode() {
        S.apply("000-heterogeneous/ubuntu-nginx-nodeselector.yaml");

        assertThat(S.awaitRunning("app=ubuntu-nginx", 1).values()).containsExactly("ppc64le-w1");
    }

    @Test
    @Order(4)
    void theSameImageOnAnAmd64NodeFailsToPullAndBacksOff() {
        S.apply("000-heterogeneous/ppc64le-image-on-amd64.yaml");

        S.awaitPodStatus("dockerize-on-amd64", "ImagePullBackOff");

        String described = S.kn("describe", "pod", "dockerize-on-amd64").assertOk().out();
        assertThat(described).contains("no match for platform in manifest: not found");
        assertThat(described).contains("Back-off pulling image \"kongru/dockerize:base\"");
        assertThat(S.kn("get", "pod", "dockerize-on-amd64", "-o", "jsonpath={.status.phase}").out())
                .isEqualTo("Pending");
    }

    @Test
    @Order(5)
    void requiredNodeAffinityWithInPlacesLikeTheNodeSelector() {
        S.apply("000-heterogeneous/ubuntu-nginx-affinity.yaml");

        assertThat(S.awaitRunning("app=ubuntu-nginx-affinity", 1).values()).containsExactly("ppc64le-w1");
    }
}
