package io.kubesim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import tools.jackson.databind.JsonNode;

/**
 * The controllers as a user sees them through kubectl: a Deployment's rolling update keeps enough pods available,
 * has a history and can be undone, and scales; the taint eviction controller honours tolerationSeconds of a
 * NoExecute toleration; a DaemonSet follows its nodeSelector as node labels come and go.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControllersIT {

    private static final Scenario S = new Scenario("controllers");
    private static final String DEPLOYMENT = "deployment/nginx-rolling";
    private static final String DS_NODES_LABEL = "e2e-agent";

    @BeforeAll
    static void setUp() {
        S.createNamespace();
    }

    @AfterAll
    static void tearDown() {
        S.k("taint", "node", "amd64-w2", "maintenance=now:NoExecute-");
        for (String node : List.of("amd64-w1", "arm64-w1", "ppc64le-w1")) {
            S.k("label", "node", node, DS_NODES_LABEL + "-");
        }
        S.restoreNodes();
        S.deleteNamespace();
    }

    private static void awaitRollout() {
        E2eCluster.await("rollout of " + DEPLOYMENT, Scenario.WAIT,
                () -> S.kn("rollout", "status", DEPLOYMENT, "--timeout=5s").exitCode() == 0,
                () -> S.kn("get", "deploy,rs,pods", "-o", "wide").out());
    }

    /** The images of the deployment's pods that are not being deleted. */
    private static List<String> podImages() {
        List<String> images = new ArrayList<>();
        for (JsonNode p : S.pods("app=nginx-rolling").path("items")) {
            if (p.path("metadata").path("deletionTimestamp").isMissingNode()) {
                images.add(p.path("spec").path("containers").get(0).path("image").asString());
            }
        }
        return images;
    }

    /** Pods a user counts as available: Ready and not terminating. */
    private static int availablePods(JsonNode pods) {
        int n = 0;
        for (JsonNode p : pods.path("items")) {
            if (!p.path("metadata").path("deletionTimestamp").isMissingNode()) {
                continue;
            }
            for (JsonNode c : p.path("status").path("conditions")) {
                if ("Ready".equals(c.path("type").asString()) && "True".equals(c.path("status").asString())) {
                    n++;
                }
            }
        }
        return n;
    }

    private static List<String> history() {
        return S.kn("rollout", "history", DEPLOYMENT).assertOk().out().lines()
                .map(l -> l.strip().replaceAll("\\s+", " ")).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    @Order(1)
    void aRollingUpdateKeepsThreeOfFourPodsAvailableAndEndsWithEveryPodOnTheNewImage() throws Exception {
        S.apply("controllers/nginx-deployment.yaml");
        S.awaitRunning("app=nginx-rolling", 4);
        awaitRollout();

        AtomicBoolean watching = new AtomicBoolean(true);
        AtomicInteger minAvailable = new AtomicInteger(Integer.MAX_VALUE);
        AtomicInteger samples = new AtomicInteger();
        Thread watcher = Thread.ofPlatform().name("rollout-watcher").start(() -> {
            while (watching.get()) {
                var r = S.kn("get", "pods", "-l", "app=nginx-rolling", "-o", "json");
                if (r.exitCode() == 0) {
                    minAvailable.accumulateAndGet(availablePods(io.kubesim.model.json.KubeJson.parse(r.out())),
                            Math::min);
                    samples.incrementAndGet();
                }
            }
        });
        try {
            assertThat(S.kn("set", "image", DEPLOYMENT, "nginx=nginx:1.15").assertOk().out())
                    .isEqualTo("deployment.apps/nginx-rolling image updated\n");
            var status = S.kn("rollout", "status", DEPLOYMENT, "--timeout=90s").assertOk().out();
            assertThat(status.lines().toList().getLast())
                    .isEqualTo("deployment \"nginx-rolling\" successfully rolled out");
            E2eCluster.await("only 1.15 pods", Scenario.WAIT,
                    () -> podImages().equals(List.of("nginx:1.15", "nginx:1.15", "nginx:1.15", "nginx:1.15")),
                    () -> S.kn("get", "pods", "-o", "wide").out());
        } finally {
            watching.set(false);
            watcher.join();
        }

        System.out.printf("rollout: %d pod listings, at least %d available%n", samples.get(), minAvailable.get());
        assertThat(S.awaitRunning("app=nginx-rolling", 4)).hasSize(4);
        assertThat(samples.get()).as("pod listings during the rollout").isGreaterThan(2);
        assertThat(minAvailable.get()).as("fewest available pods seen during the rollout").isGreaterThanOrEqualTo(3);
        assertThat(S.kn("get", DEPLOYMENT, "-o", "jsonpath={.status.replicas} {.status.updatedReplicas} "
                + "{.status.readyReplicas} {.status.availableReplicas}").out()).isEqualTo("4 4 4 4");
    }

    @Test
    @Order(2)
    void theRolloutHistoryShowsTwoRevisionsAndUndoBringsTheOldImageBack() {
        assertThat(history()).isEqualTo(List.of("deployment.apps/nginx-rolling", "REVISION CHANGE-CAUSE",
                "1 <none>", "2 <none>"));

        assertThat(S.kn("rollout", "undo", DEPLOYMENT).assertOk().out())
                .isEqualTo("deployment.apps/nginx-rolling rolled back\n");
        awaitRollout();

        E2eCluster.await("only 1.14.2 pods", Scenario.WAIT,
                () -> podImages().equals(List.of("nginx:1.14.2", "nginx:1.14.2", "nginx:1.14.2", "nginx:1.14.2")),
                () -> S.kn("get", "pods", "-o", "wide").out());
        assertThat(S.kn("get", DEPLOYMENT, "-o", "jsonpath={.spec.template.spec.containers[0].image}").out())
                .isEqualTo("nginx:1.14.2");
        // the undone revision 1 comes back as revision 3
        assertThat(history()).isEqualTo(List.of("deployment.apps/nginx-rolling", "REVISION CHANGE-CAUSE",
                "2 <none>", "3 <none>"));
    }

    @Test
    @Order(3)
    void scalingUpToSixAndDownToTwo() {
        assertThat(S.kn("scale", DEPLOYMENT, "--replicas=6").assertOk().out())
                .isEqualTo("deployment.apps/nginx-rolling scaled\n");
        assertThat(S.awaitRunning("app=nginx-rolling", 6)).hasSize(6);
        awaitRollout();
        assertThat(S.kn("get", DEPLOYMENT, "--no-headers").out().split("\\s+")[1]).isEqualTo("6/6");

        assertThat(S.kn("scale", DEPLOYMENT, "--replicas=2").assertOk().out())
                .isEqualTo("deployment.apps/nginx-rolling scaled\n");
        assertThat(S.awaitRunning("app=nginx-rolling", 2)).hasSize(2);
        awaitRollout();
        assertThat(S.kn("get", DEPLOYMENT, "--no-headers").out().split("\\s+")[1]).isEqualTo("2/2");
        assertThat(S.kn("get", "rs", "-l", "app=nginx-rolling", "-o",
                "jsonpath={range .items[*]}{.spec.replicas}{\" \"}{end}").out().strip().split(" "))
                .containsExactlyInAnyOrder("2", "0");
    }

    /** When the taint eviction controller marked the pod for deletion (cluster time), from its event. */
    private static Instant markedForDeletion(String pod) {
        String at = S.kn("get", "events", "--field-selector",
                "involvedObject.name=" + pod + ",reason=TaintManagerEviction", "-o",
                "jsonpath={range .items[*]}{.message}|{.firstTimestamp}{\"\\n\"}{end}").assertOk().out()
                .lines().filter(l -> l.startsWith("Marking for deletion Pod controllers/" + pod + "|")).findFirst()
                .orElseThrow(() -> new AssertionError("no eviction event for " + pod)).split("\\|")[1];
        return Instant.parse(at);
    }

    @Test
    @Order(4)
    void aNoExecuteTaintEvictsAtOnceWhatDoesNotTolerateItAndAfterTolerationSecondsWhatDoes() {
        S.apply("controllers/noexecute-pods.yaml");
        S.awaitPodStatus("intolerant", "Running");
        S.awaitPodStatus("tolerant-30s", "Running");

        S.k("taint", "node", "amd64-w2", "maintenance=now:NoExecute").assertOk();

        E2eCluster.await("both pods evicted and gone", Scenario.WAIT,
                () -> S.kn("get", "pods", "intolerant", "tolerant-30s", "--ignore-not-found", "-o", "name").out()
                        .isEmpty(),
                () -> S.kn("get", "pods", "-o", "wide").out() + S.kn("get", "events").out());
        Instant intolerant = markedForDeletion("intolerant");
        Instant tolerant = markedForDeletion("tolerant-30s");
        long gap = Duration.between(intolerant, tolerant).toSeconds();
        System.out.printf("evictions: intolerant %s, tolerant-30s %s (%d s later)%n", intolerant, tolerant, gap);
        // the cluster clock runs 20 times faster than the wall clock: 30 s there is 1.5 s here, so the order of
        // the evictions and their distance on the cluster clock are what is asserted, with room for processing
        assertThat(gap).as("seconds (cluster time) between the two evictions").isBetween(25L, 90L);

        S.k("taint", "node", "amd64-w2", "maintenance=now:NoExecute-").assertOk();
        assertThat(S.k("get", "node", "amd64-w2", "-o", "jsonpath={.spec.taints}").out()).doesNotContain("maintenance");
    }

    private static Set<String> agentNodes(int count) {
        Map<String, String> running = S.awaitRunning("app=node-agent", count);
        return new HashSet<>(running.values());
    }

    @Test
    @Order(5)
    void aDaemonSetRunsOnePodOnEachLabelledNodeAndFollowsTheLabel() {
        S.k("label", "node", "amd64-w1", "arm64-w1", DS_NODES_LABEL + "=yes").assertOk();
        S.apply("controllers/daemonset.yaml");

        assertThat(agentNodes(2)).isEqualTo(Set.of("amd64-w1", "arm64-w1"));

        S.k("label", "node", "ppc64le-w1", DS_NODES_LABEL + "=yes").assertOk();
        assertThat(agentNodes(3)).isEqualTo(Set.of("amd64-w1", "arm64-w1", "ppc64le-w1"));
        E2eCluster.await("daemonset status 3/3", Scenario.WAIT,
                () -> S.kn("get", "daemonset", "node-agent", "-o",
                        "jsonpath={.status.desiredNumberScheduled} {.status.currentNumberScheduled} "
                                + "{.status.numberReady}").out().equals("3 3 3"),
                () -> S.kn("get", "daemonset", "node-agent", "-o", "yaml").out());

        S.k("label", "node", "ppc64le-w1", DS_NODES_LABEL + "-").assertOk();
        assertThat(agentNodes(2)).isEqualTo(Set.of("amd64-w1", "arm64-w1"));
        E2eCluster.await("daemonset status 2/2", Scenario.WAIT,
                () -> S.kn("get", "daemonset", "node-agent", "-o",
                        "jsonpath={.status.desiredNumberScheduled} {.status.currentNumberScheduled} "
                                + "{.status.numberReady}").out().equals("2 2 2"),
                () -> S.kn("get", "daemonset", "node-agent", "-o", "yaml").out());
    }
}
