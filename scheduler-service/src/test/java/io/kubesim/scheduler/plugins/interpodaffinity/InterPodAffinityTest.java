package io.kubesim.scheduler.plugins.interpodaffinity;

import static io.kubesim.scheduler.framework.TestObjects.affinityTerm;
import static io.kubesim.scheduler.framework.TestObjects.node;
import static io.kubesim.scheduler.framework.TestObjects.pod;
import static io.kubesim.scheduler.framework.TestObjects.selector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.kubesim.scheduler.framework.InMemoryListers;
import io.kubesim.scheduler.framework.Parallelizer;
import io.kubesim.scheduler.framework.PluginRunner;
import io.kubesim.scheduler.framework.QueueingHint;
import io.kubesim.scheduler.framework.Status;

/** Cases from pkg/scheduler/framework/plugins/interpodaffinity/filtering_test.go and scoring_test.go (1.32). */
class InterPodAffinityTest {

    private static final Status AFFINITY = Status.unresolvable("node(s) didn't match pod affinity rules")
            .withPlugin("InterPodAffinity");
    private static final Status ANTI = Status.unschedulable("node(s) didn't match pod anti-affinity rules")
            .withPlugin("InterPodAffinity");
    private static final Status EXISTING = Status.unschedulable(
            "node(s) didn't satisfy existing pods anti-affinity rules").withPlugin("InterPodAffinity");
    private static final String REGION = "region";
    private static final String HOST = "kubernetes.io/hostname";

    private static InterPodAffinity plugin() {
        InMemoryListers listers = new InMemoryListers();
        listers.putNamespace(new NamespaceBuilder().withNewMetadata().withName("team-a")
                .addToLabels("team", "a").endMetadata().build());
        listers.putNamespace(new NamespaceBuilder().withNewMetadata().withName("default")
                .addToLabels("team", "default").endMetadata().build());
        return new InterPodAffinity(listers, new Parallelizer(1), 1);
    }

    private static LabelSelector expr(String key, String op, String... values) {
        return new LabelSelectorBuilder().withMatchExpressions(
                new LabelSelectorRequirement(key, op, List.of(values))).build();
    }

    private static PodAffinityTerm withNamespaceSelector(PodAffinityTerm t, LabelSelector nsSelector) {
        t.setNamespaceSelector(nsSelector);
        return t;
    }

    private static Pod existing(String name, String node, String... labels) {
        var p = pod(name).uid(name).node(node);
        for (int i = 0; i < labels.length; i += 2) {
            p.label(labels[i], labels[i + 1]);
        }
        return p.build();
    }

    private static Node n1() {
        return node("node1").label(REGION, "r1").build();
    }

    static Stream<Arguments> filterCases() {
        Pod securityscan = existing("e", "node1", "service", "securityscan");
        return Stream.of(
                arguments("a pod without affinity fits a node without pods", pod("p").build(), List.of(), n1(),
                        Status.SUCCESS),
                arguments("required affinity In matching the existing pod",
                        pod("p").podAffinity(affinityTerm(REGION, expr("service", "In", "securityscan", "value2")))
                                .build(), List.of(securityscan), n1(), Status.SUCCESS),
                arguments("required affinity NotIn matching the existing pod",
                        pod("p").podAffinity(affinityTerm(REGION, expr("service", "NotIn", "securityscan3", "value3")))
                                .build(), List.of(securityscan), n1(), Status.SUCCESS),
                arguments("affinity does not match a pod of another namespace",
                        pod("p").podAffinity(affinityTerm(REGION, selector("service", "securityscan"), "DiffNameSpace"))
                                .build(), List.of(securityscan), n1(), AFFINITY),
                arguments("affinity does not match a pod with other labels",
                        pod("p").podAffinity(affinityTerm(REGION, expr("service", "In", "antivirusscan", "value2")))
                                .build(), List.of(securityscan), n1(), AFFINITY),
                arguments("several affinity terms all satisfied by the existing pod",
                        pod("p").podAffinity(affinityTerm(REGION, expr("service", "Exists")))
                                .podAffinity(affinityTerm(REGION, expr("wrongkey", "DoesNotExist"))).build(),
                        List.of(securityscan), n1(), Status.SUCCESS),
                arguments("expressions of a selector are ANDed",
                        pod("p").podAffinity(affinityTerm(REGION, new LabelSelectorBuilder().withMatchExpressions(
                                new LabelSelectorRequirement("service", "Exists", List.of()),
                                new LabelSelectorRequirement("wrongkey", "In", List.of("x"))).build())).build(),
                        List.of(securityscan), n1(), AFFINITY),
                arguments("affinity and anti-affinity both satisfied",
                        pod("p").podAffinity(affinityTerm(REGION, selector("service", "securityscan")))
                                .podAntiAffinity(affinityTerm(REGION, selector("service", "antivirusscan"))).build(),
                        List.of(securityscan), n1(), Status.SUCCESS),
                arguments("affinity satisfied but own anti-affinity not",
                        pod("p").podAffinity(affinityTerm(REGION, selector("service", "securityscan")))
                                .podAntiAffinity(affinityTerm(REGION, selector("service", "securityscan"))).build(),
                        List.of(securityscan), n1(), ANTI),
                arguments("an existing pod's anti-affinity forbids the incoming pod's domain (symmetry)",
                        pod("p").label("service", "web").build(),
                        List.of(pod("e").uid("e").node("node1").podAntiAffinity(affinityTerm(REGION,
                                selector("service", "web"))).build()), n1(), EXISTING),
                arguments("an existing pod's anti-affinity on other labels is fine",
                        pod("p").label("service", "web").build(),
                        List.of(pod("e").uid("e").node("node1").podAntiAffinity(affinityTerm(REGION,
                                selector("service", "db"))).build()), n1(), Status.SUCCESS),
                arguments("existing pods' required affinity is not enforced on newcomers",
                        pod("p").label("service", "web").build(),
                        List.of(pod("e").uid("e").node("node1").podAffinity(affinityTerm(REGION,
                                selector("service", "db"))).build()), n1(), Status.SUCCESS),
                arguments("the first pod of a self-affine group may go to a node with the topology key",
                        pod("p").label("app", "db").podAffinity(affinityTerm(REGION, selector("app", "db"))).build(),
                        List.of(), n1(), Status.SUCCESS),
                arguments("the first pod of a group still needs the topology key",
                        pod("p").label("app", "db").podAffinity(affinityTerm("zone", selector("app", "db"))).build(),
                        List.of(), n1(), AFFINITY),
                arguments("a pod that does not match its own terms gets no first-pod exception",
                        pod("p").label("app", "web").podAffinity(affinityTerm(REGION, selector("app", "db"))).build(),
                        List.of(), n1(), AFFINITY),
                arguments("two different pods each satisfying one term do not satisfy the rule",
                        pod("p").podAffinity(affinityTerm(REGION, selector("a", "1")))
                                .podAffinity(affinityTerm(REGION, selector("b", "1"))).build(),
                        List.of(existing("e1", "node1", "a", "1"), existing("e2", "node1", "b", "1")), n1(),
                        AFFINITY),
                arguments("a matching pod in another domain of the key does not help",
                        pod("p").podAffinity(affinityTerm(REGION, selector("service", "securityscan"))).build(),
                        List.of(existing("e", "node2", "service", "securityscan")), n1(), AFFINITY),
                arguments("anti-affinity ignores a node without the topology key",
                        pod("p").podAntiAffinity(affinityTerm("zone", selector("service", "securityscan"))).build(),
                        List.of(securityscan), n1(), Status.SUCCESS),
                arguments("an empty namespace selector matches every namespace",
                        pod("p").podAffinity(withNamespaceSelector(affinityTerm(REGION, selector("app", "x")),
                                new LabelSelector())).build(),
                        List.of(pod("e").uid("e").namespace("team-a").node("node1").label("app", "x").build()), n1(),
                        Status.SUCCESS),
                arguments("a namespace selector matches namespaces by their labels",
                        pod("p").podAffinity(withNamespaceSelector(affinityTerm(REGION, selector("app", "x")),
                                selector("team", "a"))).build(),
                        List.of(pod("e").uid("e").namespace("team-a").node("node1").label("app", "x").build()), n1(),
                        Status.SUCCESS),
                arguments("a namespace selector excludes namespaces with other labels",
                        pod("p").podAffinity(withNamespaceSelector(affinityTerm(REGION, selector("app", "x")),
                                selector("team", "b"))).build(),
                        List.of(pod("e").uid("e").namespace("team-a").node("node1").label("app", "x").build()), n1(),
                        AFFINITY),
                arguments("an existing pod's namespace selector is matched against the incoming pod's namespace",
                        pod("p").label("app", "web").build(),
                        List.of(pod("e").uid("e").namespace("team-a").node("node1").podAntiAffinity(
                                withNamespaceSelector(affinityTerm(REGION, selector("app", "web")),
                                        selector("team", "default"))).build()), n1(), EXISTING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filter(String name, Pod pod, List<Pod> pods, Node node, Status expected) {
        List<Node> nodes = List.of(node, node("node2").label(REGION, "r2").build());
        assertThat(PluginRunner.filterStatuses(plugin(), pod, nodes, pods).get("node1")).isEqualTo(expected);
    }

    static Stream<Arguments> scoreCases() {
        List<Node> regions = List.of(node("m1").label(REGION, "China").build(),
                node("m2").label(REGION, "India").build(), node("m3").label("az", "az1").build());
        Pod s1 = existing("e", "m1", "security", "S1");
        return Stream.of(
                arguments("pods in the preferred affinity's domain get the high score",
                        pod("p").preferredPodAffinity(5, affinityTerm(REGION, selector("security", "S1"))).build(),
                        regions, List.of(s1), Map.of("m1", 100L, "m2", 0L, "m3", 0L)),
                arguments("preferred anti-affinity gives the domain the low score",
                        pod("p").preferredPodAntiAffinity(5, affinityTerm(REGION, selector("security", "S1")))
                                .build(), regions, List.of(s1), Map.of("m1", 0L, "m2", 100L, "m3", 100L)),
                arguments("nothing matching anywhere scores every node 0",
                        pod("p").preferredPodAffinity(5, affinityTerm(REGION, selector("security", "S2"))).build(),
                        regions, List.of(s1), Map.of("m1", 0L, "m2", 0L, "m3", 0L)),
                arguments("min-max normalisation of 8, -5, 8, -5 gives 100, 0, 100, 0",
                        pod("p").preferredPodAffinity(8, affinityTerm(HOST, selector("a", "1")))
                                .preferredPodAntiAffinity(5, affinityTerm(HOST, selector("b", "1"))).build(),
                        List.of(node("h1").build(), node("h2").build(), node("h3").build(), node("h4").build()),
                        List.of(existing("e1", "h1", "a", "1"), existing("e2", "h2", "b", "1"),
                                existing("e3", "h3", "a", "1"), existing("e4", "h4", "b", "1")),
                        Map.of("h1", 100L, "h2", 0L, "h3", 100L, "h4", 0L)),
                arguments("an existing pod's required affinity matching the incoming pod adds hardPodAffinityWeight",
                        pod("p").label("app", "web").build(), regions,
                        List.of(pod("e").uid("e").node("m2").podAffinity(affinityTerm(REGION, selector("app", "web")))
                                .build()), Map.of("m1", 0L, "m2", 100L, "m3", 0L)),
                arguments("an existing pod's preferred anti-affinity matching the incoming pod lowers its domain",
                        pod("p").label("app", "web").build(), regions,
                        List.of(pod("e").uid("e").node("m1").preferredPodAntiAffinity(3,
                                affinityTerm(REGION, selector("app", "web"))).build()),
                        Map.of("m1", 0L, "m2", 100L, "m3", 100L)),
                arguments("a domain spanning several nodes sums their pods",
                        pod("p").preferredPodAffinity(1, affinityTerm(REGION, selector("app", "db"))).build(),
                        List.of(node("a").label(REGION, "eu").build(), node("b").label(REGION, "eu").build(),
                                node("c").label(REGION, "us").build()),
                        List.of(existing("e1", "a", "app", "db"), existing("e2", "b", "app", "db"),
                                existing("e3", "c", "app", "db")),
                        Map.of("a", 100L, "b", 100L, "c", 0L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scoreCases")
    void score(String name, Pod pod, List<Node> nodes, List<Pod> pods, Map<String, Long> expected) {
        assertThat(PluginRunner.scores(plugin(), pod, nodes, pods)).isEqualTo(expected);
    }

    static Stream<Arguments> hintCases() {
        Pod affine = pod("p").podAffinity(affinityTerm(REGION, selector("app", "db"))).build();
        Pod antiAffine = pod("p").podAntiAffinity(affinityTerm(REGION, selector("app", "db"))).build();
        return Stream.of(
                arguments("an added assigned pod matching the affinity queues the pod", affine, null,
                        existing("e", "n", "app", "db"), QueueingHint.QUEUE),
                arguments("an added assigned pod not matching it does not", affine, null,
                        existing("e", "n", "app", "web"), QueueingHint.SKIP),
                arguments("an added unassigned pod never does", affine, null, pod("e").label("app", "db").build(),
                        QueueingHint.SKIP),
                arguments("a deleted pod matching the anti-affinity queues the pod", antiAffine,
                        existing("e", "n", "app", "db"), null, QueueingHint.QUEUE),
                arguments("a relabelled pod no longer matching the anti-affinity queues the pod", antiAffine,
                        existing("e", "n", "app", "db"), existing("e", "n", "app", "web"), QueueingHint.QUEUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hintCases")
    void podHint(String name, Pod pod, Pod oldPod, Pod newPod, QueueingHint expected) {
        assertThat(InterPodAffinity.afterPodChange(pod, oldPod, newPod)).isEqualTo(expected);
    }
}
