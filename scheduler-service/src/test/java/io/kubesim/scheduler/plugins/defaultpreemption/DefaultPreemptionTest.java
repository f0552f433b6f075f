package io.kubesim.scheduler.plugins.defaultpreemption;

import static io.kubesim.scheduler.framework.TestObjects.node;
import static io.kubesim.scheduler.framework.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.Nomination;
import io.kubesim.scheduler.framework.Nominator;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.PodRef;
import io.kubesim.scheduler.framework.ProfileConfig;
import io.kubesim.scheduler.framework.SchedulingResult;
import io.kubesim.scheduler.framework.Snapshot;
import io.kubesim.scheduler.plugins.TestScheduler;

/**
 * Cases after pkg/scheduler/framework/plugins/defaultpreemption/default_preemption_test.go (1.32), run through the
 * whole algorithm so the FailedScheduling message, the nomination and the victims are checked together.
 */
class DefaultPreemptionTest {

    /** What an attempt that ends in preemption reports. */
    record Outcome(String message, Nomination nomination, List<String> victims, List<String> nominationsToClear) {
    }

    private static Pod running(String name, String node, int priority, String cpu) {
        return pod(name).uid(name).node(node).priority(priority).req("cpu", cpu).build();
    }

    private static Node cpus(String name, String cpu) {
        return node(name).capacity(cpu, "32Gi", 110).build();
    }

    private static Outcome run(Pod pod, List<Node> nodes, List<Pod> pods, Nominator nominator) {
        var algorithm = TestScheduler.algorithm(List.of(ProfileConfig.defaults("default-scheduler")),
                TestScheduler.deps(), nominator, 7);
        var result = (SchedulingResult.Unschedulable) algorithm.scheduleOne(pod, Snapshot.of(nodes, pods));
        return new Outcome(result.message(), result.nomination(),
                result.victims().stream().map(PodRef::name).toList(),
                result.nominationsToClear().stream().map(PodRef::name).toList());
    }

    static Stream<Arguments> cases() {
        Pod high = pod("high").priority(10).req("cpu", "1").build();
        return Stream.of(
                arguments("a higher-priority pod preempts the lower-priority pod using the cpu", high,
                        List.of(cpus("n1", "2")), List.of(running("low", "n1", 0, "2")),
                        new Outcome("0/1 nodes are available: 1 Insufficient cpu.", Nomination.of("n1"),
                                List.of("low"), List.of())),
                arguments("pods of equal priority are no victims", high, List.of(cpus("n1", "2")),
                        List.of(running("peer", "n1", 10, "2")),
                        new Outcome("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are "
                                + "available: 1 No preemption victims found for incoming pod.", Nomination.CLEAR,
                                List.of(), List.of())),
                arguments("preemptionPolicy Never is not eligible",
                        pod("high").priority(10).req("cpu", "1").preemptionPolicy("Never").build(),
                        List.of(cpus("n1", "2")), List.of(running("low", "n1", 0, "2")),
                        new Outcome("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to "
                                + "preemptionPolicy=Never.", Nomination.KEEP, List.of(), List.of())),
                arguments("nodes rejected for good are not helped by preemption", high,
                        List.of(cpus("n1", "2"), node("n2").capacity("2", "32Gi", 110).taint("a", "b", "NoSchedule")
                                .build()), List.of(running("peer", "n1", 10, "2")),
                        new Outcome("0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint "
                                + "{a: b}. preemption: 0/2 nodes are available: 1 No preemption victims found for "
                                + "incoming pod, 1 Preemption is not helpful for scheduling.", Nomination.CLEAR,
                                List.of(), List.of())),
                arguments("when only unresolvable nodes fail, preemption is not helpful anywhere",
                        pod("high").priority(10).nodeSelector("disk", "ssd").build(), List.of(cpus("n1", "2")),
                        List.of(),
                        new Outcome("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. "
                                + "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
                                Nomination.CLEAR, List.of(), List.of())),
                arguments("a node too small even without its victims reports the filter's reason",
                        pod("high").priority(10).req("cpu", "8").build(), List.of(cpus("n1", "4")),
                        List.of(running("low", "n1", 0, "1")),
                        new Outcome("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are "
                                + "available: 1 Insufficient cpu.", Nomination.CLEAR, List.of(), List.of())),
                arguments("the fewest victims are chosen, reprieving the most important pods first",
                        pod("high").priority(10).req("cpu", "2").build(), List.of(cpus("n1", "4")),
                        List.of(running("p1", "n1", 1, "1"), running("p2", "n1", 2, "1"),
                                running("p3", "n1", 3, "1")),
                        new Outcome("0/1 nodes are available: 1 Insufficient cpu.", Nomination.of("n1"),
                                List.of("p1"), List.of())),
                arguments("the node whose most important victim has the lowest priority wins", high,
                        List.of(cpus("a", "2"), cpus("b", "2")),
                        List.of(running("a-victim", "a", 5, "2"), running("b-victim", "b", 2, "2")),
                        new Outcome("0/2 nodes are available: 2 Insufficient cpu.", Nomination.of("b"),
                                List.of("b-victim"), List.of())),
                arguments("with equal highest priorities the smaller sum of priorities wins", high,
                        List.of(cpus("a", "2"), cpus("b", "2")),
                        List.of(running("a1", "a", 3, "1"), running("a2", "a", 3, "1"),
                                running("b1", "b", 3, "2")),
                        new Outcome("0/2 nodes are available: 2 Insufficient cpu.", Nomination.of("b"),
                                List.of("b1"), List.of())),
                arguments("with everything else equal the latest-started victims win", high,
                        List.of(cpus("a", "2"), cpus("b", "2")),
                        List.of(pod("old").uid("old").node("a").priority(1).req("cpu", "2")
                                        .startTime("2020-01-01T00:00:00Z").build(),
                                pod("new").uid("new").node("b").priority(1).req("cpu", "2")
                                        .startTime("2024-01-01T00:00:00Z").build()),
                        new Outcome("0/2 nodes are available: 2 Insufficient cpu.", Nomination.of("b"),
                                List.of("new"), List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void preempt(String name, Pod pod, List<Node> nodes, List<Pod> pods, Outcome expected) {
        assertThat(run(pod, nodes, pods, Nominator.NONE)).isEqualTo(expected);
    }

    static Stream<Arguments> nominatedCases() {
        return Stream.of(
                arguments("a lower-priority pod nominated to the chosen node loses its nomination", 5,
                        new Outcome("0/1 nodes are available: 1 Insufficient cpu.", Nomination.of("n1"),
                                List.of("low"), List.of("nominated"))),
                arguments("an equal-priority nominated pod blocks the room and keeps its nomination", 10,
                        new Outcome("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are "
                                + "available: 1 Insufficient cpu.", Nomination.CLEAR, List.of(), List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nominatedCases")
    void nominatedPods(String name, int nominatedPriority, Outcome expected) {
        PodInfo nominated = PodInfo.of(pod("nominated").priority(nominatedPriority).req("cpu", "2").build());
        Nominator nominator = node -> node.equals("n1") ? List.of(nominated) : List.of();
        assertThat(run(pod("high").priority(10).req("cpu", "2").build(), List.of(cpus("n1", "2")),
                List.of(running("low", "n1", 0, "2")), nominator)).isEqualTo(expected);
    }
}
