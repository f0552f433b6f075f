package io.kubesim.scheduler.plugins;

import static io.kubesim.scheduler.framework.TestObjects.node;
import static io.kubesim.scheduler.framework.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubesim.scheduler.framework.SchedulingResult;

class SmokeTest {
    @Test
    void message() {
        var nodes = List.of(
                node("cp").label("node-role.kubernetes.io/control-plane", "")
                        .taint("node-role.kubernetes.io/control-plane", "", "NoSchedule").build(),
                node("a").build(), node("b").build(), node("c").build(), node("d").build());
        var r = TestScheduler.schedule(pod("p").nodeSelector("arch", "ppc64le").build(), nodes, List.of());
        System.out.println(r);
        assertThat(((SchedulingResult.Unschedulable) r).message()).isEqualTo("0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.");
        var r2 = TestScheduler.schedule(pod("p").req("cpu", "1").build(), nodes, List.of());
        System.out.println(r2);
    }
}
