package io.kubesim.scheduler.plugins.imagelocality;

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
import io.kubesim.scheduler.framework.PluginRunner;

/** Cases after pkg/scheduler/framework/plugins/imagelocality/image_locality_test.go (1.32). */
class ImageLocalityTest {

    private static final long MB = 1024L * 1024;

    private static Node node403002000() {
        return node("node403002000").image(40 * MB, "gcr.io/40:latest", "gcr.io/40:v1")
                .image(300 * MB, "gcr.io/300:latest", "gcr.io/300:v1").image(2000 * MB, "gcr.io/2000:latest").build();
    }

    private static Node node25010() {
        return node("node25010").image(250 * MB, "gcr.io/250:latest").image(10 * MB, "gcr.io/10:latest",
                "gcr.io/10:v1").build();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("two images spread on two nodes, the larger local image wins",
                        pod("p").image("gcr.io/40").container("gcr.io/250", null).build(),
                        List.of(node403002000(), node25010()), Map.of("node403002000", 0L, "node25010", 5L)),
                arguments("images on one node each, scaled by the share of nodes having them",
                        pod("p").image("gcr.io/40").container("gcr.io/300", null).build(),
                        List.of(node403002000(), node25010()), Map.of("node403002000", 7L, "node25010", 0L)),
                arguments("a tag is matched exactly", pod("p").image("gcr.io/10:v1").build(),
                        List.of(node403002000(), node25010()), Map.of("node403002000", 0L, "node25010", 0L)),
                arguments("a 2000 MB image on one of two nodes is clamped to the per-container maximum",
                        pod("p").image("gcr.io/2000").build(), List.of(node403002000(), node25010()),
                        Map.of("node403002000", 100L, "node25010", 0L)),
                arguments("nodes without images score 0", pod("p").image("gcr.io/40").build(),
                        List.of(node("a").build(), node("b").build()), Map.of("a", 0L, "b", 0L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void score(String name, Pod pod, List<Node> nodes, Map<String, Long> expected) {
        assertThat(PluginRunner.scores(new ImageLocality(), pod, nodes, List.of())).isEqualTo(expected);
    }

    static Stream<Arguments> nameCases() {
        return Stream.of(
                arguments("a name without a tag gets :latest", "gcr.io/250", "gcr.io/250:latest"),
                arguments("a tagged name is kept", "gcr.io/300:v1", "gcr.io/300:v1"),
                arguments("a registry port is not a tag", "localhost:5000/image", "localhost:5000/image:latest"),
                arguments("a digest reference is kept", "nginx@sha256:abcd", "nginx@sha256:abcd"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nameCases")
    void normalizedName(String name, String image, String expected) {
        assertThat(ImageLocality.normalizedImageName(image)).isEqualTo(expected);
    }
}
