package io.kubesim.scheduler.framework;

import static io.kubesim.scheduler.framework.TestObjects.node;
import static io.kubesim.scheduler.framework.TestObjects.pod;
import static io.kubesim.scheduler.framework.TestObjects.fieldTerm;
import static io.kubesim.scheduler.framework.TestObjects.req;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.plugins.TestScheduler;

/**
 * Golden FailedScheduling messages: every filter reason, the histogram order, PreFilter rejections and the
 * preemption suffix, byte for byte as Kubernetes 1.32 writes them (FitError.Error() in
 * pkg/scheduler/framework/types.go).
 */
class FailedSchedulingMessageTest {

    private static Node worker(String name) {
        return node(name).capacity("2", "4Gi", 110).label("kubernetes.io/arch", "amd64").build();
    }

    private static Node controlPlane() {
        return node("cp").capacity("2", "4Gi", 110).label("node-role.kubernetes.io/control-plane", "")
                .taint("node-role.kubernetes.io/control-plane", "", "NoSchedule").build();
    }

    static Stream<Arguments> cases() {
        List<Node> cluster = List.of(controlPlane(), worker("w1"), worker("w2"), worker("w3"), worker("w4"));
        return Stream.of(
                arguments("taint and node affinity (the DESIGN.md example)",
                        pod("p").nodeSelector("kubernetes.io/arch", "ppc64le").build(), cluster, List.of(),
                        "0/5 nodes are available: 1 node(s) had untolerated taint "
                                + "{node-role.kubernetes.io/control-plane: }, 4 node(s) didn't match Pod's node "
                                + "affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not "
                                + "helpful for scheduling."),
                arguments("a cordoned node reports only that it was unschedulable",
                        pod("p").nodeSelector("x", "y").build(),
                        List.of(node("n").unschedulable().taint("a", "b", "NoSchedule").build()), List.of(),
                        "0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are "
                                + "available: 1 Preemption is not helpful for scheduling."),
                arguments("resource reasons have no node(s) prefix and sort before them",
                        pod("p").req("cpu", "3").req("memory", "8Gi").build(), cluster, List.of(),
                        "0/5 nodes are available: 1 node(s) had untolerated taint "
                                + "{node-role.kubernetes.io/control-plane: }, 4 Insufficient cpu, 4 Insufficient "
                                + "memory. preemption: 0/5 nodes are available: 1 Preemption is not helpful for "
                                + "scheduling, 4 No preemption victims found for incoming pod."),
                arguments("counts sort as strings: 10 before 2",
                        pod("p").nodeSelector("disk", "ssd").build(), twelveNodes(), List.of(),
                        "0/12 nodes are available: 10 node(s) didn't match Pod's node affinity/selector, 2 node(s) "
                                + "had untolerated taint {dedicated: db}. preemption: 0/12 nodes are available: 12 "
                                + "Preemption is not helpful for scheduling."),
                arguments("the pod count limit", pod("p").build(), List.of(node("n").capacity("2", "4Gi", 1).build()),
                        List.of(pod("e").node("n").build()),
                        "0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No "
                                + "preemption victims found for incoming pod."),
                arguments("host ports", pod("p").hostPort(80, "TCP", null).build(), List.of(worker("w1")),
                        List.of(pod("e").node("w1").hostPort(80, "TCP", null).build()),
                        "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. "
                                + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming "
                                + "pod."),
                arguments("a node name that is not there",
                        pod("p").requiredNodeAffinity(fieldTerm(req("metadata.name", "In", "w9"))).build(),
                        List.of(worker("w1"), worker("w2")), List.of(),
                        "0/2 nodes are available: 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: "
                                + "0/2 nodes are available: 2 Preemption is not helpful for scheduling."),
                arguments("nodes excluded by the PreFilter narrowing are counted with the filtered ones",
                        pod("p").req("cpu", "3")
                                .requiredNodeAffinity(fieldTerm(req("metadata.name", "In", "w1"))).build(),
                        List.of(worker("w1"), worker("w2"), worker("w3")), List.of(),
                        "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) "
                                + "[NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims "
                                + "found for incoming pod, 2 Preemption is not helpful for scheduling."),
                arguments("a PreFilter rejection replaces the histogram",
                        pod("p").requiredNodeAffinity(fieldTerm(req("metadata.name", "In", "w1"),
                                req("metadata.name", "In", "w2"))).build(), cluster, List.of(),
                        "0/5 nodes are available: pod affinity terms conflict. preemption: 0/5 nodes are "
                                + "available: 5 Preemption is not helpful for scheduling."),
                arguments("pod affinity and topology spread reasons",
                        pod("p").label("app", "x").podAffinity(TestObjects.affinityTerm("zone",
                                TestObjects.selector("app", "db"))).build(), List.of(worker("w1")), List.of(),
                        "0/1 nodes are available: 1 node(s) didn't match pod affinity rules. preemption: 0/1 nodes "
                                + "are available: 1 Preemption is not helpful for scheduling."),
                arguments("no nodes at all", pod("p").build(), List.of(), List.of(),
                        "no nodes available to schedule pods"));
    }

    private static List<Node> twelveNodes() {
        List<Node> nodes = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            nodes.add(worker("w" + i));
        }
        nodes.add(node("db1").taint("dedicated", "db", "NoSchedule").build());
        nodes.add(node("db2").taint("dedicated", "db", "NoSchedule").build());
        return nodes;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void message(String name, Pod pod, List<Node> nodes, List<Pod> pods, String expected) {
        SchedulingResult r = TestScheduler.schedule(pod, nodes, pods);
        assertThat(r).isInstanceOf(SchedulingResult.Unschedulable.class);
        assertThat(((SchedulingResult.Unschedulable) r).message()).isEqualTo(expected);
    }

    static Stream<Arguments> histogramCases() {
        return Stream.of(
                arguments("a single reason", java.util.Map.of("node(s) were unschedulable", 3),
                        List.of("3 node(s) were unschedulable")),
                arguments("strings sort byte-wise, so 10 sorts before 9", java.util.Map.of("b", 9, "a", 10),
                        List.of("10 a", "9 b")),
                arguments("upper case sorts before lower case", java.util.Map.of("Too many pods", 1,
                        "node(s) were unschedulable", 1, "Insufficient cpu", 1),
                        List.of("1 Insufficient cpu", "1 Too many pods", "1 node(s) were unschedulable")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histogramCases")
    void histogram(String name, java.util.Map<String, Integer> reasons, List<String> expected) {
        assertThat(FitError.histogram(reasons)).isEqualTo(expected);
    }

    static Stream<Arguments> noteCases() {
        String exact = "x".repeat(1024);
        return Stream.of(
                arguments("a message of at most 1024 bytes is kept", exact, exact),
                arguments("a longer message is cut to 1024 bytes ending in ' ...'", "y".repeat(2000),
                        "y".repeat(1020) + " ..."),
                arguments("multi-byte characters are not split", "é".repeat(600), "é".repeat(510) + " ..."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noteCases")
    void eventNote(String name, String message, String expected) {
        assertThat(SchedulingMessages.eventNote(message)).isEqualTo(expected);
    }

    static Stream<Arguments> eventCases() {
        return Stream.of(
                arguments("the Scheduled event", SchedulingMessages.scheduled("default", "web", "n1"),
                        "Successfully assigned default/web to n1"),
                arguments("the Preempted event on a victim", SchedulingMessages.preempted("uid-1", "n1"),
                        "Preempted by pod uid-1 on node n1"),
                arguments("the event reasons", String.join(",", SchedulingMessages.EVENT_FAILED_SCHEDULING,
                        SchedulingMessages.EVENT_SCHEDULED, SchedulingMessages.EVENT_PREEMPTED,
                        SchedulingMessages.REASON_UNSCHEDULABLE, SchedulingMessages.REASON_SCHEDULER_ERROR),
                        "FailedScheduling,Scheduled,Preempted,Unschedulable,SchedulerError"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventCases")
    void eventTexts(String name, String actual, String expected) {
        assertThat(actual).isEqualTo(expected);
    }
}
