package io.kubesim.scheduler.plugins.podtopologyspread;

import static io.kubesim.scheduler.framework.TestObjects.node;
import static io.kubesim.scheduler.framework.TestObjects.pod;
import static io.kubesim.scheduler.framework.TestObjects.selector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kubesim.scheduler.framework.InMemoryListers;
import io.kubesim.scheduler.framework.Parallelizer;
import io.kubesim.scheduler.framework.PluginRunner;
import io.kubesim.scheduler.framework.QueueingHint;
import io.kubesim.scheduler.framework.Status;

/** Cases from pkg/scheduler/framework/plugins/podtopologyspread/filtering_test.go and scoring_test.go (1.32). */
class PodTopologySpreadTest {

    private static final Status SKEW = Status.unschedulable("node(s) didn't match pod topology spread constraints")
            .withPlugin("PodTopologySpread");
    private static final Status MISSING = Status.unresolvable(
            "node(s) didn't match pod topology spread constraints (missing required label)")
            .withPlugin("PodTopologySpread");
    private static final String ZONE = "zone";
    private static final String HOST = "kubernetes.io/hostname";

    private static PodTopologySpread plugin(InMemoryListers listers) {
        return new PodTopologySpread(listers, new Parallelizer(1));
    }

    /** node-a, node-b in zone1, node-x, node-y in zone2. */
    private static List<Node> fourNodes() {
        return List.of(node("node-a").label(ZONE, "zone1").build(), node("node-b").label(ZONE, "zone1").build(),
                node("node-x").label(ZONE, "zone2").build(), node("node-y").label(ZONE, "zone2").build());
    }

    /** counts[i] pods labelled foo on the i-th of node-a, node-b, node-x, node-y. */
    private static List<Pod> spread(int... counts) {
        String[] nodes = {"node-a", "node-b", "node-x", "node-y"};
        List<Pod> pods = new ArrayList<>();
        for (int n = 0; n < counts.length; n++) {
            for (int i = 0; i < counts[n]; i++) {
                String name = "p-" + nodes[n] + "-" + i;
                pods.add(pod(name).uid(name).node(nodes[n]).label("foo", "").build());
            }
        }
        return pods;
    }

    private static Pod incoming(int maxSkew, String key, boolean matchesItself) {
        var p = pod("incoming").spread(maxSkew, key, "DoNotSchedule",
                new LabelSelectorBuilder().addNewMatchExpression().withKey("foo").withOperator("Exists")
                        .endMatchExpression().build());
        if (matchesItself) {
            p.label("foo", "");
        }
        return p.build();
    }

    private static Map<String, Status> statuses(Status a, Status b, Status x, Status y) {
        return Map.of("node-a", a, "node-b", b, "node-x", x, "node-y", y);
    }

    static Stream<Arguments> filterCases() {
        Status ok = Status.SUCCESS;
        TopologySpreadConstraint minDomains = new TopologySpreadConstraintBuilder().withMaxSkew(2)
                .withTopologyKey(ZONE).withWhenUnsatisfiable("DoNotSchedule").withMinDomains(3)
                .withLabelSelector(selector("foo", "")).build();
        return Stream.of(
                arguments("no existing pods: every node fits", incoming(1, ZONE, true), fourNodes(), List.of(),
                        statuses(ok, ok, ok, ok)),
                arguments("pods spread as 3/3 across zones: every node fits", incoming(1, ZONE, true), fourNodes(),
                        spread(2, 1, 1, 2), statuses(ok, ok, ok, ok)),
                arguments("pods spread as 4/2 across zones: only zone2 fits", incoming(1, ZONE, true), fourNodes(),
                        spread(2, 2, 1, 1), statuses(SKEW, SKEW, ok, ok)),
                arguments("pods of another namespace do not count", incoming(1, ZONE, true), fourNodes(),
                        List.of(pod("o").uid("o").namespace("other").node("node-a").label("foo", "").build(),
                                pod("o2").uid("o2").namespace("other").node("node-a").label("foo", "").build()),
                        statuses(ok, ok, ok, ok)),
                arguments("a node missing the topology key is rejected with the missing-label reason",
                        incoming(1, ZONE, true),
                        List.of(node("node-a").label(ZONE, "zone1").build(), node("node-b").build(),
                                node("node-x").label(ZONE, "zone2").build(),
                                node("node-y").label(ZONE, "zone2").build()),
                        spread(1, 1, 1, 0), statuses(ok, MISSING, ok, ok)),
                arguments("no node has the key: every node is rejected", incoming(1, "rack", true), fourNodes(),
                        List.of(), statuses(MISSING, MISSING, MISSING, MISSING)),
                arguments("pods spread across nodes as 2/1/0/3: only node-x fits", incoming(1, HOST, true),
                        fourNodes(), spread(2, 1, 0, 3), statuses(SKEW, SKEW, ok, SKEW)),
                arguments("2/1/0/3 with maxSkew 2: node-b and node-x fit", incoming(2, HOST, true), fourNodes(),
                        spread(2, 1, 0, 3), statuses(SKEW, ok, ok, SKEW)),
                arguments("2/1/0/3 and the pod does not match itself: node-b and node-x fit",
                        incoming(1, HOST, false), fourNodes(), spread(2, 1, 0, 3), statuses(SKEW, ok, ok, SKEW)),
                arguments("fewer domains than minDomains make the global minimum 0",
                        pod("incoming").label("foo", "").spread(minDomains).build(), fourNodes(), spread(1, 1, 1, 0),
                        statuses(SKEW, SKEW, ok, ok)),
                arguments("nodes the pod's node selector excludes do not lower the minimum (nodeAffinityPolicy Honor)",
                        pod("incoming").label("foo", "").nodeSelector(ZONE, "zone2")
                                .spread(1, HOST, "DoNotSchedule", selector("foo", "")).build(),
                        fourNodes(), spread(0, 0, 2, 2), statuses(ok, ok, ok, ok)),
                arguments("with nodeAffinityPolicy Ignore the excluded nodes count",
                        pod("incoming").label("foo", "").nodeSelector(ZONE, "zone2").spread(
                                new TopologySpreadConstraintBuilder().withMaxSkew(1).withTopologyKey(HOST)
                                        .withWhenUnsatisfiable("DoNotSchedule").withNodeAffinityPolicy("Ignore")
                                        .withLabelSelector(selector("foo", "")).build()).build(),
                        fourNodes(), spread(0, 0, 2, 2), statuses(ok, ok, SKEW, SKEW)),
                arguments("with nodeTaintsPolicy Honor tainted nodes do not count",
                        pod("incoming").label("foo", "").spread(
                                new TopologySpreadConstraintBuilder().withMaxSkew(1).withTopologyKey(HOST)
                                        .withWhenUnsatisfiable("DoNotSchedule").withNodeTaintsPolicy("Honor")
                                        .withLabelSelector(selector("foo", "")).build()).build(),
                        List.of(node("node-a").label(ZONE, "zone1").taint("t", "", "NoSchedule").build(),
                                node("node-b").label(ZONE, "zone1").taint("t", "", "NoSchedule").build(),
                                node("node-x").label(ZONE, "zone2").build(),
                                node("node-y").label(ZONE, "zone2").build()),
                        spread(0, 0, 2, 2), statuses(ok, ok, ok, ok)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filter(String name, Pod pod, List<Node> nodes, List<Pod> pods, Map<String, Status> expected) {
        assertThat(PluginRunner.filterStatuses(plugin(new InMemoryListers()), pod, nodes, pods)).isEqualTo(expected);
    }

    static Stream<Arguments> scoreCases() {
        Pod soft = pod("incoming").label("foo", "").spread(1, HOST, "ScheduleAnyway", selector("foo", "")).build();
        return Stream.of(
                arguments("no existing pods: every node scores 100", soft, List.of(),
                        Map.of("node-a", 100L, "node-b", 100L, "node-x", 100L, "node-y", 100L)),
                arguments("the same number of pods everywhere: every node scores 100", soft, spread(1, 1, 1, 1),
                        Map.of("node-a", 100L, "node-b", 100L, "node-x", 100L, "node-y", 100L)),
                arguments("pods 2/1/0/3 across nodes score 20, 60, 100, 0", soft, spread(2, 1, 0, 3),
                        Map.of("node-a", 20L, "node-b", 60L, "node-x", 100L, "node-y", 0L)),
                arguments("a pod without constraints and without a Service gets no system defaults",
                        pod("incoming").label("foo", "").build(), spread(2, 1, 0, 3),
                        Map.of("node-a", 0L, "node-b", 0L, "node-x", 0L, "node-y", 0L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scoreCases")
    void score(String name, Pod pod, List<Pod> pods, Map<String, Long> expected) {
        assertThat(PluginRunner.scores(plugin(new InMemoryListers()), pod, fourNodes(), pods)).isEqualTo(expected);
    }

    static Stream<Arguments> defaultConstraintCases() {
        return Stream.of(
                arguments("a pod selected by a Service gets the system default constraints", "service", 2),
                arguments("a pod owned by a ReplicaSet gets the system default constraints", "replicaset", 2),
                arguments("a naked pod gets none", "none", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaultConstraintCases")
    void systemDefaults(String name, String owner, int expectedConstraints) {
        InMemoryListers listers = new InMemoryListers();
        listers.putService(new ServiceBuilder().withNewMetadata().withName("svc").withNamespace("default")
                .endMetadata().withNewSpec().addToSelector("app", "web").endSpec().build());
        listers.putReplicaSet(new ReplicaSetBuilder().withNewMetadata().withName("rs").withNamespace("default")
                .endMetadata().withNewSpec().withSelector(selector("tier", "front")).endSpec().build());
        var p = pod("p");
        switch (owner) {
            case "service" -> p.label("app", "web");
            case "replicaset" -> p.label("tier", "front").ownedByReplicaSet("rs");
            default -> p.label("other", "x");
        }
        List<SpreadConstraint> constraints = plugin(listers).constraints(p.build(), "ScheduleAnyway");
        assertThat(constraints.stream().map(c -> c.topologyKey() + "/" + c.maxSkew()).toList())
                .isEqualTo(expectedConstraints == 0 ? List.of()
                        : List.of("kubernetes.io/hostname/3", "topology.kubernetes.io/zone/5"));
    }

    static Stream<Arguments> hintCases() {
        Pod pod = incoming(1, ZONE, true);
        return Stream.of(
                arguments("an added assigned pod matching the selector queues the pod", null,
                        spread(1, 0, 0, 0).getFirst(), QueueingHint.QUEUE),
                arguments("an added pod in another namespace does not", null,
                        pod("o").namespace("other").node("node-a").label("foo", "").build(), QueueingHint.SKIP),
                arguments("a deleted matching pod queues the pod", spread(1, 0, 0, 0).getFirst(), null,
                        QueueingHint.QUEUE),
                arguments("an added pod not matching the selector does not", null,
                        pod("o").node("node-a").label("bar", "").build(), QueueingHint.SKIP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hintCases")
    void podHint(String name, Pod oldPod, Pod newPod, QueueingHint expected) {
        assertThat(plugin(new InMemoryListers()).afterPodChange(incoming(1, ZONE, true), oldPod, newPod))
                .isEqualTo(expected);
    }
}
