package io.kubesim.scheduler.plugins.tainttoleration;

import static io.kubesim.scheduler.framework.TestObjects.node;
import static io.kubesim.scheduler.framework.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.PluginRunner;
import io.kubesim.scheduler.framework.QueueingHint;
import io.kubesim.scheduler.framework.Status;

/** Cases from pkg/scheduler/framework/plugins/tainttoleration/taint_toleration_test.go (1.32). */
class TaintTolerationTest {

    private static Status untolerated(String key, String value) {
        return Status.unresolvable("node(s) had untolerated taint {" + key + ": " + value + "}")
                .withPlugin("TaintToleration");
    }

    static Stream<Arguments> filterCases() {
        return Stream.of(
                arguments("a pod having no tolerations can't be scheduled onto a node with nonempty taints",
                        pod("p").build(), node("n").taint("dedicated", "user1", "NoSchedule").build(),
                        untolerated("dedicated", "user1")),
                arguments("a pod tolerating the dedicated=user1 NoSchedule taint can be scheduled",
                        pod("p").toleration("dedicated", "Equal", "user1", "NoSchedule").build(),
                        node("n").taint("dedicated", "user1", "NoSchedule").build(), Status.SUCCESS),
                arguments("a pod tolerating user2 can't be scheduled on a node dedicated to user1",
                        pod("p").toleration("dedicated", "Equal", "user2", "NoSchedule").build(),
                        node("n").taint("dedicated", "user1", "NoSchedule").build(), untolerated("dedicated", "user1")),
                arguments("operator Exists tolerates any value of the key",
                        pod("p").toleration("foo", "Exists", null, "NoSchedule").build(),
                        node("n").taint("foo", "bar", "NoSchedule").build(), Status.SUCCESS),
                arguments("multiple taints all tolerated by multiple tolerations",
                        pod("p").toleration("dedicated", "Equal", "user2", "NoSchedule")
                                .toleration("foo", "Exists", null, "NoSchedule").build(),
                        node("n").taint("dedicated", "user2", "NoSchedule").taint("foo", "bar", "NoSchedule").build(),
                        Status.SUCCESS),
                arguments("a toleration whose non-empty effect differs does not tolerate the taint",
                        pod("p").toleration("foo", "Equal", "bar", "PreferNoSchedule").build(),
                        node("n").taint("foo", "bar", "NoSchedule").build(), untolerated("foo", "bar")),
                arguments("an empty toleration effect matches a NoSchedule taint",
                        pod("p").toleration("foo", "Equal", "bar", null).build(),
                        node("n").taint("foo", "bar", "NoSchedule").build(), Status.SUCCESS),
                arguments("a PreferNoSchedule taint never filters",
                        pod("p").toleration("dedicated", "Equal", "user2", "NoSchedule").build(),
                        node("n").taint("dedicated", "user1", "PreferNoSchedule").build(), Status.SUCCESS),
                arguments("a pod without tolerations fits a node with only a PreferNoSchedule taint",
                        pod("p").build(), node("n").taint("dedicated", "user1", "PreferNoSchedule").build(),
                        Status.SUCCESS),
                arguments("a NoExecute taint filters like NoSchedule",
                        pod("p").build(), node("n").taint("node.kubernetes.io/unreachable", "", "NoExecute").build(),
                        untolerated("node.kubernetes.io/unreachable", "")),
                arguments("the first untolerated taint in node order is reported",
                        pod("p").toleration("a", "Exists", null, null).build(),
                        node("n").taint("a", "1", "NoSchedule").taint("b", "2", "NoExecute")
                                .taint("c", "3", "NoSchedule").build(), untolerated("b", "2")),
                arguments("an empty key with operator Exists tolerates every taint",
                        pod("p").toleration(null, "Exists", null, null).build(),
                        node("n").taint("a", "1", "NoSchedule").taint("b", "2", "NoExecute").build(), Status.SUCCESS),
                arguments("an empty value equals only an empty value",
                        pod("p").toleration("node-role.kubernetes.io/control-plane", "Equal", "", "NoSchedule").build(),
                        node("n").taint("node-role.kubernetes.io/control-plane", "", "NoSchedule").build(),
                        Status.SUCCESS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filter(String name, Pod pod, Node node, Status expected) {
        assertThat(PluginRunner.filterStatuses(new TaintToleration(), pod, List.of(node), List.of()))
                .isEqualTo(Map.of("n", expected));
    }

    static Stream<Arguments> scoreCases() {
        return Stream.of(
                arguments("a node whose taints are tolerated scores higher than one with intolerable taints",
                        pod("p").toleration("foo", "Equal", "bar", "PreferNoSchedule").build(),
                        List.of(node("a").taint("foo", "bar", "PreferNoSchedule").build(),
                                node("b").taint("foo", "blah", "PreferNoSchedule").build()),
                        Map.of("a", 100L, "b", 0L)),
                arguments("nodes whose taints are all tolerated score the same however many they have",
                        pod("p").toleration("cpu-type", "Equal", "arm64", "PreferNoSchedule")
                                .toleration("disk-type", "Equal", "ssd", "PreferNoSchedule").build(),
                        List.of(node("a").build(), node("b").taint("cpu-type", "arm64", "PreferNoSchedule").build(),
                                node("c").taint("cpu-type", "arm64", "PreferNoSchedule")
                                        .taint("disk-type", "ssd", "PreferNoSchedule").build()),
                        Map.of("a", 100L, "b", 100L, "c", 100L)),
                arguments("the more intolerable taints a node has, the lower it scores",
                        pod("p").toleration("foo", "Equal", "bar", "PreferNoSchedule").build(),
                        List.of(node("a").build(), node("b").taint("cpu-type", "arm64", "PreferNoSchedule").build(),
                                node("c").taint("cpu-type", "arm64", "PreferNoSchedule")
                                        .taint("disk-type", "ssd", "PreferNoSchedule").build()),
                        Map.of("a", 100L, "b", 50L, "c", 0L)),
                arguments("only PreferNoSchedule taints and tolerations count",
                        pod("p").toleration("cpu-type", "Equal", "arm64", "NoSchedule")
                                .toleration("disk-type", "Equal", "ssd", "NoSchedule").build(),
                        List.of(node("a").build(), node("b").taint("cpu-type", "arm64", "NoSchedule").build(),
                                node("c").taint("cpu-type", "arm64", "PreferNoSchedule")
                                        .taint("disk-type", "ssd", "PreferNoSchedule").build()),
                        Map.of("a", 100L, "b", 100L, "c", 0L)),
                arguments("without taints and tolerations the untainted node wins",
                        pod("p").build(),
                        List.of(node("a").build(), node("b").taint("cpu-type", "arm64", "PreferNoSchedule").build()),
                        Map.of("a", 100L, "b", 0L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scoreCases")
    void score(String name, Pod pod, List<Node> nodes, Map<String, Long> expected) {
        assertThat(PluginRunner.scores(new TaintToleration(), pod, nodes, List.of())).isEqualTo(expected);
    }

    static Stream<Arguments> hintCases() {
        Pod pod = pod("p").toleration("foo", "Exists", null, "NoSchedule").build();
        Node tainted = node("n").taint("bar", "x", "NoSchedule").build();
        Node tolerated = node("n").taint("foo", "x", "NoSchedule").build();
        return Stream.of(
                arguments("an added node whose taints are tolerated queues the pod", pod, null, tolerated,
                        QueueingHint.QUEUE),
                arguments("an added node with an untolerated taint does not", pod, null, tainted, QueueingHint.SKIP),
                arguments("a taint change making the node tolerated queues the pod", pod, tainted, tolerated,
                        QueueingHint.QUEUE),
                arguments("a taint change on an already tolerated node does not", pod, tolerated,
                        node("n").build(), QueueingHint.SKIP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hintCases")
    void nodeHint(String name, Pod pod, Node oldNode, Node newNode, QueueingHint expected) {
        assertThat(TaintToleration.afterNodeChange(pod, oldNode, newNode)).isEqualTo(expected);
    }
}
