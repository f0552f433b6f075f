package io.kubesim.scheduler.plugins.nodeunschedulable;

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

/** Cases from pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable_test.go (1.32). */
class NodeUnschedulableTest {

    private static final Status REJECTED =
            Status.unresolvable("node(s) were unschedulable").withPlugin("NodeUnschedulable");

    static Stream<Arguments> filterCases() {
        return Stream.of(
                arguments("a pod without tolerations does not go to an unschedulable node",
                        pod("p").build(), node("n").unschedulable().build(), REJECTED),
                arguments("a pod goes to a schedulable node", pod("p").build(), node("n").build(), Status.SUCCESS),
                arguments("a pod tolerating the unschedulable taint goes to an unschedulable node",
                        pod("p").toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule").build(),
                        node("n").unschedulable().build(), Status.SUCCESS),
                arguments("a pod tolerating every taint goes to an unschedulable node",
                        pod("p").toleration(null, "Exists", null, null).build(), node("n").unschedulable().build(),
                        Status.SUCCESS),
                arguments("a toleration of another key does not help",
                        pod("p").toleration("other", "Exists", null, "NoSchedule").build(),
                        node("n").unschedulable().build(), REJECTED),
                arguments("a NoExecute toleration of the key does not tolerate the NoSchedule taint",
                        pod("p").toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoExecute").build(),
                        node("n").unschedulable().build(), REJECTED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filter(String name, Pod pod, Node node, Status expected) {
        assertThat(PluginRunner.filterStatuses(new NodeUnschedulable(), pod, List.of(node), List.of()))
                .isEqualTo(Map.of("n", expected));
    }

    static Stream<Arguments> hintCases() {
        Pod pod = pod("p").build();
        return Stream.of(
                arguments("an added schedulable node queues the pod", null, node("n").build(), QueueingHint.QUEUE),
                arguments("an added unschedulable node does not", null, node("n").unschedulable().build(),
                        QueueingHint.SKIP),
                arguments("a node that became schedulable queues the pod", node("n").unschedulable().build(),
                        node("n").build(), QueueingHint.QUEUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hintCases")
    void nodeHint(String name, Node oldNode, Node newNode, QueueingHint expected) {
        assertThat(NodeUnschedulable.afterNodeChange(pod("p").build(), oldNode, newNode)).isEqualTo(expected);
    }

    static Stream<Arguments> tolerationHintCases() {
        Pod before = pod("p").build();
        return Stream.of(
                arguments("the pod gaining the unschedulable toleration is queued", before,
                        pod("p").toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule").build(),
                        QueueingHint.QUEUE),
                arguments("the pod gaining an unrelated toleration is not", before,
                        pod("p").toleration("x", "Exists", null, "NoSchedule").build(), QueueingHint.SKIP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tolerationHintCases")
    void tolerationHint(String name, Pod oldPod, Pod newPod, QueueingHint expected) {
        assertThat(NodeUnschedulable.afterPodTolerationChange(oldPod, oldPod, newPod)).isEqualTo(expected);
    }
}
