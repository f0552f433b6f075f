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

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubesim.scheduler.framework.PluginRunner;
import io.kubesim.scheduler.framework.QueueingHint;
import io.kubesim.scheduler.framework.Status;
import io.kubesim.scheduler.framework.TestObjects;

/**
 * Cases from pkg/scheduler/framework/plugins/noderesources/fit_test.go and least_allocated_test.go (1.32). The node
 * has 10m cpu, 20 bytes of memory, 20 bytes of ephemeral storage, 32 pods, 5 example.com/aaa and 5 hugepages-2Mi,
 * like upstream's makeAllocatableResources(10, 20, 32, 5, 20, 5).
 */
class FitTest {

    private static Node node10() {
        return node("n").capacity("10m", "20", 32).resource("ephemeral-storage", "20")
                .resource("example.com/aaa", "5").resource("hugepages-2Mi", "5").build();
    }

    private static TestObjects.PodMaker requesting(String name, String cpu, String memory) {
        TestObjects.PodMaker p = pod(name).uid(name);
        if (cpu != null) {
            p.req("cpu", cpu);
        }
        if (memory != null) {
            p.req("memory", memory);
        }
        return p;
    }

    private static Pod existing(String cpu, String memory) {
        return requesting("existing", cpu, memory).node("n").build();
    }

    private static Status insufficient(String... reasons) {
        return new Status(Status.Code.UNSCHEDULABLE, List.of(reasons), "NodeResourcesFit");
    }

    static Stream<Arguments> filterCases() {
        return Stream.of(
                arguments("a pod without requests always fits", pod("p").build(), List.of(existing("10m", "20")),
                        Status.SUCCESS),
                arguments("too many resources fail for cpu and memory together", requesting("p", "1m", "1").build(),
                        List.of(existing("10m", "20")), insufficient("Insufficient cpu", "Insufficient memory")),
                arguments("an init container's cpu counts", requesting("p", "1m", "1").init("3m", false).build(),
                        List.of(existing("8m", "19")), insufficient("Insufficient cpu")),
                arguments("the highest init container's cpu counts",
                        requesting("p", "1m", "1").init("3m", false).init("2m", false).build(),
                        List.of(existing("8m", "19")), insufficient("Insufficient cpu")),
                arguments("init containers are maxed with the containers, not summed",
                        requesting("p", "1m", "1").init("1m", false).init("1m", false).build(),
                        List.of(existing("9m", "19")), Status.SUCCESS),
                arguments("both resources fit", requesting("p", "1m", "1").build(), List.of(existing("5m", "5")),
                        Status.SUCCESS),
                arguments("memory fits but cpu does not", requesting("p", "2m", "1").build(),
                        List.of(existing("9m", "5")), insufficient("Insufficient cpu")),
                arguments("cpu fits but memory does not", requesting("p", "1m", "2").build(),
                        List.of(existing("5m", "19")), insufficient("Insufficient memory")),
                arguments("a request equal to what is left fits", requesting("p", "5m", "1").build(),
                        List.of(existing("5m", "19")), Status.SUCCESS),
                arguments("an init container equal to what is left fits",
                        requesting("p", "4m", "1").init("5m", false).build(), List.of(existing("5m", "19")),
                        Status.SUCCESS),
                arguments("a restartable init container (sidecar) is summed with the containers",
                        requesting("p", "1m", "1").init("2m", true).build(), List.of(existing("8m", "0")),
                        insufficient("Insufficient cpu")),
                arguments("an ordinary init container after a sidecar adds the sidecar's request",
                        requesting("p", "1m", "1").init("1m", true).init("2m", false).build(),
                        List.of(existing("7m", "0")), Status.SUCCESS),
                arguments("an extended resource within allocatable fits", pod("p").req("example.com/aaa", "1").build(),
                        List.of(), Status.SUCCESS),
                arguments("an extended resource over allocatable does not fit",
                        pod("p").req("example.com/aaa", "10").build(), List.of(),
                        insufficient("Insufficient example.com/aaa")),
                arguments("an extended resource the node does not advertise has allocatable 0",
                        pod("p").req("example.com/bbb", "1").build(), List.of(),
                        insufficient("Insufficient example.com/bbb")),
                arguments("hugepages are checked like extended resources",
                        pod("p").req("hugepages-2Mi", "6").build(), List.of(), insufficient("Insufficient hugepages-2Mi")),
                arguments("ephemeral storage is checked", pod("p").req("ephemeral-storage", "25").build(), List.of(),
                        insufficient("Insufficient ephemeral-storage")),
                arguments("pod overhead is added to the requests", overheadPod("3m", "15"),
                        List.of(existing("5m", "5")), insufficient("Insufficient memory")),
                arguments("pod overhead within what is left fits", overheadPod("3m", "13"),
                        List.of(existing("5m", "5")), Status.SUCCESS));
    }

    private static Pod overheadPod(String cpu, String memory) {
        Pod p = requesting("p", "1m", "1").build();
        p.getSpec().setOverhead(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory)));
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filter(String name, Pod pod, List<Pod> pods, Status expected) {
        assertThat(PluginRunner.filterStatuses(new Fit(), pod, List.of(node10()), pods))
                .isEqualTo(Map.of("n", expected));
    }

    static Stream<Arguments> podCountCases() {
        Pod running = pod("e").uid("e").node("n").build();
        return Stream.of(
                arguments("a pod without requests still needs a free pod slot", pod("p").build(),
                        insufficient("Too many pods")),
                arguments("too many pods is reported with the resources", requesting("p", "5m", "1").build(),
                        insufficient("Too many pods", "Insufficient cpu")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("podCountCases")
    void podCount(String name, Pod pod, Status expected) {
        Node oneSlot = node("n").capacity("1m", "20", 1).build();
        assertThat(PluginRunner.filterStatuses(new Fit(), pod, List.of(oneSlot),
                List.of(pod("e").uid("e").node("n").build()))).isEqualTo(Map.of("n", expected));
    }

    static Stream<Arguments> scoreCases() {
        return Stream.of(
                arguments("a quarter of cpu and memory requested scores 75",
                        requesting("p", "1", "2Gi").build(), List.of(), Map.of("n", 75L)),
                arguments("a pod without requests counts 100m and 200Mi",
                        pod("p").build(), List.of(), Map.of("n", 97L)),
                arguments("existing pods without requests count the defaults too",
                        pod("p").build(), List.of(pod("e").uid("e").node("n").build()), Map.of("n", 95L)),
                arguments("a request over capacity scores 0 for that resource",
                        requesting("p", "8", "4Gi").build(), List.of(), Map.of("n", 25L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scoreCases")
    void leastAllocated(String name, Pod pod, List<Pod> pods, Map<String, Long> expected) {
        Node node = node("n").capacity("4", "8Gi", 110).build();
        assertThat(PluginRunner.scores(new Fit(), pod, List.of(node), pods)).isEqualTo(expected);
    }

    static Stream<Arguments> hintCases() {
        Pod pod = requesting("p", "2", "1Gi").build();
        Node small = node("n").capacity("1", "8Gi", 110).build();
        Node big = node("n").capacity("4", "8Gi", 110).build();
        Node bigMorePods = node("n").capacity("4", "8Gi", 200).build();
        return Stream.of(
                arguments("an added node the pod fits queues it", pod, null, big, QueueingHint.QUEUE),
                arguments("an added node too small does not", pod, null, small, QueueingHint.SKIP),
                arguments("an allocatable increase that makes it fit queues it", pod, small, big, QueueingHint.QUEUE),
                arguments("an increase of an unrequested resource does not",
                        requesting("p", "2", null).build(), node("n").capacity("4", "8Gi", 110).build(),
                        node("n").capacity("4", "16Gi", 110).build(), QueueingHint.SKIP),
                arguments("more pod slots always may help", pod, big, bigMorePods, QueueingHint.QUEUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hintCases")
    void nodeHint(String name, Pod pod, Node oldNode, Node newNode, QueueingHint expected) {
        assertThat(Fit.afterNodeChange(pod, oldNode, newNode)).isEqualTo(expected);
    }

    static Stream<Arguments> podHintCases() {
        return Stream.of(
                arguments("deleting an assigned pod queues the pod", pod("e").node("n").build(), QueueingHint.QUEUE),
                arguments("deleting an unassigned pod does not", pod("e").build(), QueueingHint.SKIP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("podHintCases")
    void podHint(String name, Pod deleted, QueueingHint expected) {
        assertThat(Fit.afterPodEvent(pod("p").build(), deleted, null)).isEqualTo(expected);
    }
}
