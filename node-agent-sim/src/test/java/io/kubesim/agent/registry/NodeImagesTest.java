package io.kubesim.agent.registry;

import static io.kubesim.agent.testing.Json.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class NodeImagesTest {

    private static final ImageRegistry REGISTRY = new ImageRegistry(ImageCatalog.load(List.of()),
            UnknownImages.ALL_PLATFORMS);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void pulls_take_size_over_bandwidth_plus_resolution_and_wait_for_each_other() throws Exception {
        NodeImages images = new NodeImages(50);
        PullOutcome.Available nginx = available("nginx:1.27");
        PullOutcome.Available busybox = available("busybox:1.28");
        NodeImages.Pull first = images.schedule(nginx, T0);
        NodeImages.Pull second = images.schedule(busybox, T0.plusMillis(100));
        assertThat(first).isEqualTo(new NodeImages.Pull(T0, T0, T0.plus(Duration.ofNanos(1_877_153_820L))));
        assertThat(second).isEqualTo(new NodeImages.Pull(T0.plusMillis(100), first.finished(),
                first.finished().plus(Duration.ofNanos(514_557_380L))));
        images.store(nginx);
        NodeImages.Pull again = images.schedule(nginx, T0.plusSeconds(10));
        assertThat(again.pulling()).isEqualTo(NodeImages.RESOLVE_TIME);
    }

    @Test
    void stored_images_are_reported_largest_first_with_digest_and_tags() throws Exception {
        NodeImages images = new NodeImages(50);
        PullOutcome.Available busybox = available("busybox:1.28");
        PullOutcome.Available nginx = available("nginx");
        images.store(busybox);
        images.store(nginx);
        assertJson(images.toStatus(), """
                [{"names": ["%s", "docker.io/library/nginx:latest"], "sizeBytes": 72195292},
                 {"names": ["%s", "docker.io/library/busybox:1.28"], "sizeBytes": 727869}]
                """.formatted(nginx.imageId(), busybox.imageId()));
        assertThat(images.has(ImageName.parse("nginx:latest"))).isTrue();
        assertThat(images.has(ImageName.parse("nginx:1.27"))).isFalse();
    }

    private static PullOutcome.Available available(String image) throws Exception {
        return (PullOutcome.Available) REGISTRY.pull(ImageName.parse(image), Platform.ofNode("linux", "amd64", null));
    }
}
