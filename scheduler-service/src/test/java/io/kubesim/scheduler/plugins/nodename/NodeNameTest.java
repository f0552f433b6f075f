package io.kubesim.scheduler.plugins.nodename;

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

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.PluginRunner;
import io.kubesim.scheduler.framework.QueueingHint;
import io.kubesim.scheduler.framework.Status;

/** Cases from pkg/scheduler/framework/plugins/nodename/node_name_test.go (1.32). */
class NodeNameTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("a pod without a node name fits any node", pod("p").build(), Status.SUCCESS),
                arguments("a pod naming the node fits it", pod("p").node("n").build(), Status.SUCCESS),
                arguments("a pod naming another node does not fit", pod("p").node("other").build(),
                        Status.unresolvable("node(s) didn't match the requested node name").withPlugin("NodeName")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(String name, Pod pod, Status expected) {
        assertThat(PluginRunner.filterStatuses(new NodeName(), pod, List.of(node("n").build()), List.of()))
                .isEqualTo(Map.of("n", expected));
    }

    static Stream<Arguments> hintCases() {
        return Stream.of(
                arguments("adding the named node queues the pod", pod("p").node("n").build(), QueueingHint.QUEUE),
                arguments("adding another node does not", pod("p").node("m").build(), QueueingHint.SKIP),
                arguments("adding any node queues a pod without a node name", pod("p").build(), QueueingHint.QUEUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hintCases")
    void hint(String name, Pod pod, QueueingHint expected) {
        assertThat(NodeName.afterNodeAdd(pod, null, node("n").build())).isEqualTo(expected);
    }
}
