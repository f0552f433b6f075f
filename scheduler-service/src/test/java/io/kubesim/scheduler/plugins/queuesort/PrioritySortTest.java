package io.kubesim.scheduler.plugins.queuesort;

import static io.kubesim.scheduler.framework.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.QueuedPodInfo;

/** Cases from pkg/scheduler/framework/plugins/queuesort/priority_sort_test.go (1.32). */
class PrioritySortTest {

    private static QueuedPodInfo queued(int priority, String time) {
        return new QueuedPodInfo(PodInfo.of(pod("p" + priority + time).priority(priority).build()),
                Instant.parse("2025-01-01T00:00:" + time + "Z"));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("higher priority first", queued(100, "05"), queued(50, "01"), true),
                arguments("lower priority later", queued(50, "01"), queued(100, "05"), false),
                arguments("equal priority, earlier timestamp first", queued(50, "01"), queued(50, "05"), true),
                arguments("equal priority, later timestamp later", queued(50, "05"), queued(50, "01"), false),
                arguments("identical priority and timestamp is not less", queued(50, "01"), queued(50, "01"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void less(String name, QueuedPodInfo a, QueuedPodInfo b, boolean expected) {
        assertThat(new PrioritySort().less(a, b)).isEqualTo(expected);
    }
}
