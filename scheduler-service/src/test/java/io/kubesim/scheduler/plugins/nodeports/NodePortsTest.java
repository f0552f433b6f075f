package io.kubesim.scheduler.plugins.nodeports;

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
import io.kubesim.scheduler.framework.TestObjects;

/** Cases from pkg/scheduler/framework/plugins/nodeports/node_ports_test.go (1.32). */
class NodePortsTest {

    private static final Status CONFLICT =
            Status.unschedulable("node(s) didn't have free ports for the requested pod ports").withPlugin("NodePorts");

    /** A pod using host ports given as "PROTOCOL/ip/port". */
    private static Pod ports(String name, String... specs) {
        TestObjects.PodMaker p = pod(name).uid(name);
        for (String spec : specs) {
            String[] parts = spec.split("/");
            p.hostPort(Integer.parseInt(parts[2]), parts[0], parts[1]);
        }
        return p.node("n").build();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("a pod without host ports fits", ports("p"), ports("e", "TCP/127.0.0.1/8080"),
                        Status.SUCCESS),
                arguments("another port fits", ports("p", "UDP/127.0.0.1/8080"), ports("e", "UDP/127.0.0.1/9090"),
                        Status.SUCCESS),
                arguments("the same UDP port conflicts", ports("p", "UDP/127.0.0.1/8080"),
                        ports("e", "UDP/127.0.0.1/8080"), CONFLICT),
                arguments("the same TCP port conflicts", ports("p", "TCP/127.0.0.1/8080"),
                        ports("e", "TCP/127.0.0.1/8080"), CONFLICT),
                arguments("a different host IP fits", ports("p", "TCP/127.0.0.1/8080"),
                        ports("e", "TCP/127.0.0.2/8080"), Status.SUCCESS),
                arguments("a different protocol fits", ports("p", "UDP/127.0.0.1/8080"),
                        ports("e", "TCP/127.0.0.1/8080"), Status.SUCCESS),
                arguments("a second UDP port conflicts", ports("p", "UDP/127.0.0.1/8000", "UDP/127.0.0.1/8080"),
                        ports("e", "UDP/127.0.0.1/8080"), CONFLICT),
                arguments("a first TCP port conflicts", ports("p", "TCP/127.0.0.1/8001", "UDP/127.0.0.1/8080"),
                        ports("e", "TCP/127.0.0.1/8001", "UDP/127.0.0.1/8081"), CONFLICT),
                arguments("0.0.0.0 in the pod conflicts with any IP", ports("p", "TCP/0.0.0.0/8001"),
                        ports("e", "TCP/127.0.0.1/8001"), CONFLICT),
                arguments("0.0.0.0 in a second port conflicts", ports("p", "TCP/10.0.10.10/8001", "TCP/0.0.0.0/8001"),
                        ports("e", "TCP/127.0.0.1/8001"), CONFLICT),
                arguments("0.0.0.0 on the node conflicts with any IP", ports("p", "TCP/127.0.0.1/8001"),
                        ports("e", "TCP/0.0.0.0/8001"), CONFLICT),
                arguments("0.0.0.0 with another protocol fits", ports("p", "UDP/127.0.0.1/8001"),
                        ports("e", "TCP/0.0.0.0/8001"), Status.SUCCESS),
                arguments("0.0.0.0 UDP on the node conflicts", ports("p", "UDP/127.0.0.1/8001"),
                        ports("e", "TCP/0.0.0.0/8001", "UDP/0.0.0.0/8001"), CONFLICT),
                arguments("an empty host IP means 0.0.0.0 and an empty protocol TCP", ports("p", "/127.0.0.1/8001"),
                        ports("e", "TCP//8001"), CONFLICT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(String name, Pod pod, Pod existing, Status expected) {
        assertThat(PluginRunner.filterStatuses(new NodePorts(), pod, List.of(node("n").build()), List.of(existing)))
                .isEqualTo(Map.of("n", expected));
    }

    static Stream<Arguments> hintCases() {
        return Stream.of(
                arguments("deleting an assigned pod holding the wanted port queues the pod",
                        ports("e", "TCP/0.0.0.0/8080"), QueueingHint.QUEUE),
                arguments("deleting an assigned pod holding another port does not", ports("e", "TCP/0.0.0.0/9090"),
                        QueueingHint.SKIP),
                arguments("deleting an unassigned pod does not",
                        pod("e").hostPort(8080, "TCP", null).build(), QueueingHint.SKIP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hintCases")
    void hint(String name, Pod deleted, QueueingHint expected) {
        assertThat(NodePorts.afterPodDeleted(pod("p").hostPort(8080, "TCP", null).build(), deleted, null))
                .isEqualTo(expected);
    }
}
