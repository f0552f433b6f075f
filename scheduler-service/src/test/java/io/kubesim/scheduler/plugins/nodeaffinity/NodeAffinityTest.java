package io.kubesim.scheduler.plugins.nodeaffinity;

import static io.kubesim.scheduler.framework.TestObjects.fieldTerm;
import static io.kubesim.scheduler.framework.TestObjects.node;
import static io.kubesim.scheduler.framework.TestObjects.pod;
import static io.kubesim.scheduler.framework.TestObjects.req;
import static io.kubesim.scheduler.framework.TestObjects.term;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.PluginRunner;
import io.kubesim.scheduler.framework.PreFilterResult;
import io.kubesim.scheduler.framework.QueueingHint;
import io.kubesim.scheduler.framework.Snapshot;
import io.kubesim.scheduler.framework.Status;

/** Cases from pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go (1.32). */
class NodeAffinityTest {

    private static final Status MISMATCH =
            Status.unresolvable("node(s) didn't match Pod's node affinity/selector").withPlugin("NodeAffinity");

    private static Node labelled(String... keyValues) {
        var n = node("node1");
        for (int i = 0; i < keyValues.length; i += 2) {
            n.label(keyValues[i], keyValues[i + 1]);
        }
        return n.build();
    }

    static Stream<Arguments> filterCases() {
        return Stream.of(
                arguments("a node selector fails on a node missing the label",
                        pod("p").nodeSelector("foo", "bar").build(), labelled(), MISMATCH),
                arguments("a node selector matches the same labels",
                        pod("p").nodeSelector("foo", "bar").build(), labelled("foo", "bar"), Status.SUCCESS),
                arguments("a node selector matches a superset of labels",
                        pod("p").nodeSelector("foo", "bar").build(), labelled("foo", "bar", "baz", "blah"),
                        Status.SUCCESS),
                arguments("a node selector fails on a subset of labels",
                        pod("p").nodeSelector("foo", "bar").nodeSelector("baz", "blah").build(),
                        labelled("foo", "bar"), MISMATCH),
                arguments("In matches a node with a listed value",
                        pod("p").requiredNodeAffinity(term(req("foo", "In", "bar", "value2"))).build(),
                        labelled("foo", "bar"), Status.SUCCESS),
                arguments("Gt compares integers with leading zeros",
                        pod("p").requiredNodeAffinity(term(req("kernel-version", "Gt", "0204"))).build(),
                        labelled("kernel-version", "0206"), Status.SUCCESS),
                arguments("Gt is strict",
                        pod("p").requiredNodeAffinity(term(req("kernel-version", "Gt", "0206"))).build(),
                        labelled("kernel-version", "206"), MISMATCH),
                arguments("Lt matches a smaller integer",
                        pod("p").requiredNodeAffinity(term(req("gpus", "Lt", "4"))).build(),
                        labelled("gpus", "2"), Status.SUCCESS),
                arguments("Gt never matches a non-integer label",
                        pod("p").requiredNodeAffinity(term(req("kernel-version", "Gt", "1"))).build(),
                        labelled("kernel-version", "abc"), MISMATCH),
                arguments("Gt never matches a node that lacks the key",
                        pod("p").requiredNodeAffinity(term(req("kernel-version", "Gt", "1"))).build(),
                        labelled(), MISMATCH),
                arguments("Gt with a non-integer value is a term that matches nothing",
                        pod("p").requiredNodeAffinity(term(req("kernel-version", "Gt", "x"))).build(),
                        labelled("kernel-version", "5"), MISMATCH),
                arguments("NotIn matches a node with another value",
                        pod("p").requiredNodeAffinity(term(req("mem-type", "NotIn", "DDR", "DDR2"))).build(),
                        labelled("mem-type", "DDR3"), Status.SUCCESS),
                arguments("NotIn matches a node that lacks the key",
                        pod("p").requiredNodeAffinity(term(req("mem-type", "NotIn", "DDR"))).build(),
                        labelled(), Status.SUCCESS),
                arguments("DoesNotExist matches a node that lacks the key",
                        pod("p").requiredNodeAffinity(term(req("gpu", "DoesNotExist"))).build(),
                        labelled("foo", "bar"), Status.SUCCESS),
                arguments("Exists matches any value",
                        pod("p").requiredNodeAffinity(term(req("GPU", "Exists"))).build(),
                        labelled("GPU", "NVIDIA-GRID-K1"), Status.SUCCESS),
                arguments("affinity that doesn't match the node's labels won't schedule onto the node",
                        pod("p").requiredNodeAffinity(term(req("foo", "In", "value1", "value2"))).build(),
                        labelled("foo", "bar"), MISMATCH),
                arguments("a term without requirements matches nothing",
                        pod("p").requiredNodeAffinity(new NodeSelectorTerm()).build(), labelled("foo", "bar"),
                        MISMATCH),
                arguments("a pod without affinity fits any node", pod("p").build(), labelled("foo", "bar"),
                        Status.SUCCESS),
                arguments("expressions of a term are ANDed (all hold)",
                        pod("p").requiredNodeAffinity(term(req("GPU", "Exists"), req("GPU", "NotIn", "AMD", "INTER")))
                                .build(), labelled("GPU", "NVIDIA-GRID-K1"), Status.SUCCESS),
                arguments("expressions of a term are ANDed (one fails)",
                        pod("p").requiredNodeAffinity(term(req("GPU", "Exists"), req("GPU", "In", "AMD", "INTER")))
                                .build(), labelled("GPU", "NVIDIA-GRID-K1"), MISMATCH),
                arguments("terms are ORed",
                        pod("p").requiredNodeAffinity(term(req("foo", "In", "bar", "value2")),
                                term(req("diffkey", "In", "wrong", "value2"))).build(), labelled("foo", "bar"),
                        Status.SUCCESS),
                arguments("node selector and affinity both satisfied",
                        pod("p").nodeSelector("foo", "bar").requiredNodeAffinity(term(req("foo", "Exists"))).build(),
                        labelled("foo", "bar"), Status.SUCCESS),
                arguments("affinity satisfied but node selector not",
                        pod("p").nodeSelector("foo", "bar").requiredNodeAffinity(term(req("foo", "Exists"))).build(),
                        labelled("foo", "barrr"), MISMATCH),
                arguments("an invalid value in an affinity term won't schedule onto the node",
                        pod("p").requiredNodeAffinity(term(req("foo", "NotIn", "invalid value: ___@#$%^"))).build(),
                        labelled("foo", "bar"), MISMATCH),
                arguments("a term that fails to parse does not stop the other terms",
                        pod("p").requiredNodeAffinity(term(req("foo", "Gt", "x")), term(req("foo", "In", "bar")))
                                .build(), labelled("foo", "bar"), Status.SUCCESS),
                arguments("matchFields In matches the named node",
                        pod("p").requiredNodeAffinity(fieldTerm(req("metadata.name", "In", "node1"))).build(),
                        labelled(), Status.SUCCESS),
                arguments("matchFields NotIn excludes the named node",
                        pod("p").requiredNodeAffinity(fieldTerm(req("metadata.name", "NotIn", "node1"))).build(),
                        labelled(), MISMATCH),
                arguments("one term with matchFields and matchExpressions needs both",
                        pod("p").requiredNodeAffinity(new NodeSelectorTerm(List.of(req("foo", "In", "bar")),
                                List.of(req("metadata.name", "In", "node1")))).build(), labelled("foo", "bar"),
                        Status.SUCCESS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filter(String name, Pod pod, Node node, Status expected) {
        assertThat(PluginRunner.filterStatuses(new NodeAffinity(), pod, List.of(node), List.of()))
                .isEqualTo(Map.of("node1", expected));
    }

    static Stream<Arguments> preFilterCases() {
        return Stream.of(
                arguments("a pod without node affinity or selector is skipped", pod("p").build(),
                        PreFilterResult.SKIP),
                arguments("a pod with a node selector filters every node", pod("p").nodeSelector("a", "b").build(),
                        PreFilterResult.ALL_NODES),
                arguments("one metadata.name In term narrows to that node",
                        pod("p").requiredNodeAffinity(fieldTerm(req("metadata.name", "In", "node1"))).build(),
                        PreFilterResult.onlyNodes(Set.of("node1"))),
                arguments("two name terms narrow to the union",
                        pod("p").requiredNodeAffinity(fieldTerm(req("metadata.name", "In", "node1")),
                                fieldTerm(req("metadata.name", "In", "node2"))).build(),
                        PreFilterResult.onlyNodes(Set.of("node1", "node2"))),
                arguments("a term without a name requirement keeps every node",
                        pod("p").requiredNodeAffinity(fieldTerm(req("metadata.name", "In", "node1")),
                                term(req("foo", "In", "bar"))).build(), PreFilterResult.ALL_NODES),
                arguments("name requirements within a term intersect",
                        pod("p").requiredNodeAffinity(fieldTerm(req("metadata.name", "In", "node1", "node2"),
                                req("metadata.name", "In", "node2", "node3"))).build(),
                        PreFilterResult.onlyNodes(Set.of("node2"))),
                arguments("conflicting name requirements reject the pod",
                        pod("p").requiredNodeAffinity(fieldTerm(req("metadata.name", "In", "node1"),
                                req("metadata.name", "In", "node2"))).build(),
                        PreFilterResult.of(Status.unresolvable("pod affinity terms conflict"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("preFilterCases")
    void preFilter(String name, Pod pod, PreFilterResult expected) {
        assertThat(PluginRunner.filter(new NodeAffinity(), pod, Snapshot.of(List.of(labelled()), List.of()))
                .preFilter()).isEqualTo(expected);
    }

    static Stream<Arguments> scoreCases() {
        Pod affinity1 = pod("p").preferredNodeAffinity(2, term(req("foo", "In", "bar"))).build();
        Pod affinity2 = pod("p").preferredNodeAffinity(2, term(req("foo", "In", "bar")))
                .preferredNodeAffinity(4, term(req("key", "In", "value")))
                .preferredNodeAffinity(5, term(req("foo", "In", "bar"), req("key", "In", "value"),
                        req("az", "In", "az1"))).build();
        Node m1Label1 = node("machine1").label("foo", "bar").build();
        Node m2Label2 = node("machine2").label("key", "value").build();
        Node m3Label3 = node("machine3").label("az", "az1").build();
        Node m1Label4 = node("machine1").label("abc", "az11").label("def", "az22").build();
        Node m5Label5 = node("machine5").label("foo", "bar").label("key", "value").label("az", "az1").build();
        return Stream.of(
                arguments("all nodes score the same without preferred node affinity", pod("p").build(),
                        List.of(m1Label1, m2Label2, m3Label3), Map.of("machine1", 0L, "machine2", 0L, "machine3", 0L)),
                arguments("no node matches the preferred terms so every node scores zero", affinity1,
                        List.of(m1Label4, m2Label2, m3Label3), Map.of("machine1", 0L, "machine2", 0L, "machine3", 0L)),
                arguments("only machine1 matches the preferred term", affinity1,
                        List.of(m1Label1, m2Label2, m3Label3),
                        Map.of("machine1", 100L, "machine2", 0L, "machine3", 0L)),
                arguments("all machines match with different weights (2, 11, 4 -> 18, 100, 36)", affinity2,
                        List.of(m1Label1, m5Label5, m2Label2),
                        Map.of("machine1", 18L, "machine5", 100L, "machine2", 36L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scoreCases")
    void score(String name, Pod pod, List<Node> nodes, Map<String, Long> expected) {
        assertThat(PluginRunner.scores(new NodeAffinity(), pod, nodes, List.of())).isEqualTo(expected);
    }

    static Stream<Arguments> hintCases() {
        Pod pod = pod("p").nodeSelector("foo", "bar").build();
        return Stream.of(
                arguments("an added matching node queues the pod", null, labelled("foo", "bar"), QueueingHint.QUEUE),
                arguments("an added node that does not match does not", null, labelled("foo", "x"),
                        QueueingHint.SKIP),
                arguments("a node relabelled to match queues the pod", labelled(), labelled("foo", "bar"),
                        QueueingHint.QUEUE),
                arguments("a node that matched before and still does not queue it", labelled("foo", "bar"),
                        labelled("foo", "bar", "other", "x"), QueueingHint.SKIP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hintCases")
    void hint(String name, Node oldNode, Node newNode, QueueingHint expected) {
        assertThat(NodeAffinity.afterNodeChange(pod("p").nodeSelector("foo", "bar").build(), oldNode, newNode))
                .isEqualTo(expected);
    }

    @Test
    void preScoreWithAnUnparsablePreferredTermIsAnError() {
        Pod pod = pod("p").preferredNodeAffinity(3, term(req("foo", "Gt", "x"))).build();
        var state = new io.kubesim.scheduler.framework.CycleState();
        Snapshot snapshot = Snapshot.of(List.of(labelled()), List.of());
        assertThat(new NodeAffinity().preScore(state, io.kubesim.scheduler.framework.PodInfo.of(pod),
                snapshot.nodes(), snapshot))
                .isEqualTo(Status.error("values[0]: for 'Gt', 'Lt' operators, the value must be an integer"));
    }
}
