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
import io.kubesim.model.json.KubeJson;
import io.kubesim.scheduler.framework.DecisionRecord;
import io.kubesim.scheduler.framework.PodRef;
import io.kubesim.scheduler.framework.SchedulingResult;
import io.kubesim.scheduler.plugins.TestScheduler;

/**
 * The decision record of an attempt that ends in preemption names the victims by namespace, name and uid, together
 * with the nominated node, as the scheduler writes it to {@code kubesim.decisions} (read back from its JSON).
 */
class PreemptionDecisionRecordTest {

    /** The part of a record that preemption decides. */
    record Preemption(String outcome, String nominatedNode, List<PodRef> victims, String message) {

        static Preemption of(DecisionRecord r) {
            return new Preemption(r.outcome(), r.nominatedNode(), r.victims(), r.message());
        }
    }

    private static Pod running(String namespace, String name, String node, int priority, String cpu) {
        return pod(name).namespace(namespace).uid("uid-" + name).node(node).priority(priority).req("cpu", cpu).build();
    }

    private static Node cpus(String name, String cpu) {
        return node(name).capacity(cpu, "32Gi", 110).build();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("the victim in another namespace is recorded with its namespace, name and uid",
                        pod("high").priority(10).req("cpu", "1").build(), List.of(cpus("n1", "2")),
                        List.of(running("batch", "low", "n1", 0, "2")),
                        new Preemption(DecisionRecord.UNSCHEDULABLE, "n1",
                                List.of(new PodRef("batch", "low", "uid-low")),
                                "0/1 nodes are available: 1 Insufficient cpu.")),
                arguments("every victim on the chosen node is recorded, the more important first",
                        pod("high").priority(10).req("cpu", "4").build(), List.of(cpus("n1", "4")),
                        List.of(running("default", "p1", "n1", 1, "2"), running("batch", "p2", "n1", 2, "2")),
                        new Preemption(DecisionRecord.UNSCHEDULABLE, "n1",
                                List.of(new PodRef("batch", "p2", "uid-p2"), new PodRef("default", "p1", "uid-p1")),
                                "0/1 nodes are available: 1 Insufficient cpu.")),
                arguments("pods reprieved because the preemptor fits without them are not recorded",
                        pod("high").priority(10).req("cpu", "2").build(), List.of(cpus("n1", "4")),
                        List.of(running("default", "keep", "n1", 5, "2"), running("default", "go", "n1", 1, "2")),
                        new Preemption(DecisionRecord.UNSCHEDULABLE, "n1",
                                List.of(new PodRef("default", "go", "uid-go")),
                                "0/1 nodes are available: 1 Insufficient cpu.")),
                arguments("without lower-priority pods there are no victims and no nomination",
                        pod("high").priority(10).req("cpu", "1").build(), List.of(cpus("n1", "2")),
                        List.of(running("default", "peer", "n1", 10, "2")),
                        new Preemption(DecisionRecord.UNSCHEDULABLE, null, List.of(),
                                "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: "
                                        + "1 No preemption victims found for incoming pod.")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theDecisionRecordNamesTheVictims(String name, Pod pod, List<Node> nodes, List<Pod> pods,
                                          Preemption expected) {
        SchedulingResult result = TestScheduler.schedule(pod, nodes, pods);
        DecisionRecord published = KubeJson.read(KubeJson.write(result.decision()), DecisionRecord.class);

        assertThat(Preemption.of(published)).isEqualTo(expected);
        assertThat(published.victims()).isEqualTo(((SchedulingResult.Unschedulable) result).victims());
    }
}
