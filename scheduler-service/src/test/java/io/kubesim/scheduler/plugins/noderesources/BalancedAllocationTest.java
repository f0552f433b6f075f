package io.kubesim.scheduler.plugins.noderesources;

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

/** Cases after pkg/scheduler/framework/plugins/noderesources/balanced_allocation_test.go (1.32). */
class BalancedAllocationTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("nothing requested on an empty node scores 100", pod("p").build(), List.of(), 100L),
                arguments("equal fractions score 100", pod("p").req("cpu", "1").req("memory", "2Gi").build(),
                        List.of(), 100L),
                arguments("fractions 0.3 and 0.25 score 97 (1 - 0.025)",
                        pod("p").req("cpu", "1200m").req("memory", "2Gi").build(), List.of(), 97L),
                arguments("only actual requests count, not the non-zero defaults",
                        pod("p").req("cpu", "2").build(), List.of(), 75L),
                arguments("existing pods' requests count",
                        pod("p").req("cpu", "1").build(),
                        List.of(pod("e").uid("e").node("n").req("memory", "4Gi").build()), 87L),
                arguments("fractions above 1 are capped", pod("p").req("cpu", "8").build(), List.of(), 50L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void score(String name, Pod pod, List<Pod> pods, long expected) {
        assertThat(PluginRunner.scores(new BalancedAllocation(), pod,
                List.of(node("n").capacity("4", "8Gi", 110).build()), pods)).isEqualTo(Map.of("n", expected));
    }
}
