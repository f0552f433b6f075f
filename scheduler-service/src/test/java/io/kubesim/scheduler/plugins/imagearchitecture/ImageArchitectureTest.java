package io.kubesim.scheduler.plugins.imagearchitecture;

import static io.kubesim.scheduler.framework.TestObjects.node;
import static io.kubesim.scheduler.framework.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.PluginRunner;
import io.kubesim.scheduler.framework.QueueingHint;
import io.kubesim.scheduler.framework.Status;
import io.kubesim.scheduler.plugins.imagearchitecture.ImagePlatformCatalog.Platform;

class ImageArchitectureTest {

    private static final Status REJECTED = Status.unresolvable("node(s) didn't match the pod's image platforms")
            .withPlugin("ImageArchitecture");

    private static final Map<String, Set<Platform>> IMAGES = Map.of(
            "nginx:1.27", Set.of(new Platform("linux", "amd64", ""), new Platform("linux", "arm64", "v8"),
                    new Platform("linux", "ppc64le", "")),
            "example/ppc64le-only:1.0", Set.of(new Platform("linux", "ppc64le", "")),
            "mcr.microsoft.com/windows/servercore:ltsc2022", Set.of(new Platform("windows", "amd64", "")));

    private static final ImagePlatformCatalog CATALOG = image -> Optional.ofNullable(IMAGES.get(image));

    private static List<Node> nodes() {
        return List.of(
                node("amd").label("kubernetes.io/os", "linux").label("kubernetes.io/arch", "amd64").build(),
                node("arm").label("kubernetes.io/os", "linux").label("kubernetes.io/arch", "arm64").build(),
                node("ppc").label("kubernetes.io/os", "linux").label("kubernetes.io/arch", "ppc64le").build(),
                node("win").label("kubernetes.io/os", "windows").label("kubernetes.io/arch", "amd64").build(),
                node("bare").build());
    }

    private static Map<String, Status> only(String... fitting) {
        Map<String, Status> out = new java.util.HashMap<>();
        for (Node n : nodes()) {
            String name = n.getMetadata().getName();
            out.put(name, List.of(fitting).contains(name) ? Status.SUCCESS : REJECTED);
        }
        return out;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("a multi-arch image fits every linux node it is built for",
                        pod("p").image("nginx:1.27").build(), only("amd", "arm", "ppc", "bare")),
                arguments("a ppc64le-only image fits only the ppc64le node (and nodes without platform labels)",
                        pod("p").image("example/ppc64le-only:1.0").build(), only("ppc", "bare")),
                arguments("a windows image fits only the windows node",
                        pod("p").image("mcr.microsoft.com/windows/servercore:ltsc2022").build(), only("win", "bare")),
                arguments("an unknown image fits everywhere", pod("p").image("unknown:1").build(),
                        only("amd", "arm", "ppc", "win", "bare")),
                arguments("every container image must have a build for the node",
                        pod("p").image("nginx:1.27").container("example/ppc64le-only:1.0", null).build(),
                        only("ppc", "bare")),
                arguments("init container images count too",
                        pod("p").image("example/ppc64le-only:1.0").init("1m", false).build(), only("ppc", "bare")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(String name, Pod pod, Map<String, Status> expected) {
        assertThat(PluginRunner.filterStatuses(new ImageArchitecture(CATALOG), pod, nodes(), List.of()))
                .isEqualTo(expected);
    }

    static Stream<Arguments> hintCases() {
        Pod pod = pod("p").image("example/ppc64le-only:1.0").build();
        return Stream.of(
                arguments("an added node of a platform the image is built for queues the pod", pod,
                        nodes().get(2), QueueingHint.QUEUE),
                arguments("an added node of another platform does not", pod, nodes().get(0), QueueingHint.SKIP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hintCases")
    void hint(String name, Pod pod, Node node, QueueingHint expected) {
        assertThat(new ImageArchitecture(CATALOG).afterNodeChange(pod, null, node)).isEqualTo(expected);
    }
}
