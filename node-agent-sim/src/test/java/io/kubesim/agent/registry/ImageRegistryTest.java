package io.kubesim.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageRegistryTest {

    private static final ImageRegistry REGISTRY = new ImageRegistry(ImageCatalog.load(List.of()),
            UnknownImages.ALL_PLATFORMS);
    private static final ImageRegistry STRICT = new ImageRegistry(ImageCatalog.load(List.of()),
            UnknownImages.NOT_FOUND);

    private static Platform node(String platform) {
        String[] p = platform.split("/");
        return Platform.ofNode(p[0], p[1], p[0].equals("windows") ? "10.0.20348" : null);
    }

    @ParameterizedTest(name = "{0} on a {1} node: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            nginx                                         | linux/amd64   | pulled, 72195292 bytes
            nginx                                         | linux/ppc64le | pulled, 72195292 bytes
            nginx:1.14                                    | linux/arm64   | pulled, 44711744 bytes
            nginx:1.15                                    | linux/s390x   | pulled, 44290389 bytes
            nginx:1.27                                    | linux/arm64   | pulled, 68857691 bytes
            busybox:1.28                                  | linux/ppc64le | pulled, 727869 bytes
            alpine:3.20                                   | linux/s390x   | pulled, 3623844 bytes
            centos:7                                      | linux/ppc64le | pulled, 76097157 bytes
            centos:7                                      | linux/s390x   | rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/centos:7": no match for platform in manifest: not found
            kongru/dockerize:base                         | linux/ppc64le | pulled, 142807231 bytes
            kongru/dockerize:base                         | linux/amd64   | rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/kongru/dockerize:base": no match for platform in manifest: not found
            ai-server:latest                              | linux/arm64   | rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/ai-server:latest": no match for platform in manifest: not found
            mcr.microsoft.com/windows/servercore:ltsc2022 | windows/amd64 | pulled, 2226380134 bytes
            mcr.microsoft.com/windows/servercore:ltsc2019 | windows/amd64 | rpc error: code = NotFound desc = failed to pull and unpack image "mcr.microsoft.com/windows/servercore:ltsc2019": no match for platform in manifest: not found
            mcr.microsoft.com/windows/servercore:ltsc2022 | linux/amd64   | rpc error: code = NotFound desc = failed to pull and unpack image "mcr.microsoft.com/windows/servercore:ltsc2022": no match for platform in manifest: not found
            nginx                                         | windows/amd64 | rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:latest": no match for platform in manifest: not found
            registry.k8s.io/pause:3.10                    | windows/amd64 | pulled, 320368 bytes
            mcr.microsoft.com/windows/nanoserver:latest   | windows/amd64 | rpc error: code = NotFound desc = failed to pull and unpack image "mcr.microsoft.com/windows/nanoserver:latest": failed to resolve reference "mcr.microsoft.com/windows/nanoserver:latest": mcr.microsoft.com/windows/nanoserver:latest: not found
            example.com/team/made-up:v2                   | linux/s390x   | pulled, 50000000 bytes
            """)
    void the_registry_serves_the_builds_published_for_the_node_platform(String image, String platform,
            String outcome) throws Exception {
        assertThat(describe(REGISTRY.pull(ImageName.parse(image), node(platform)))).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "under not-found, {0} fails: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            my-app:1.0                  | rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/my-app:1.0": failed to resolve reference "docker.io/library/my-app:1.0": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed
            quay.io/someone/tool:latest | rpc error: code = NotFound desc = failed to pull and unpack image "quay.io/someone/tool:latest": failed to resolve reference "quay.io/someone/tool:latest": quay.io/someone/tool:latest: not found
            """)
    void unknown_images_can_be_made_to_fail(String image, String outcome) throws Exception {
        assertThat(describe(STRICT.pull(ImageName.parse(image), node("linux/amd64")))).isEqualTo(outcome);
    }

    @Test
    void every_tag_of_a_repository_has_one_stable_digest_and_the_platforms_of_its_build() throws Exception {
        ImageName nginx = ImageName.parse("nginx:1.14");
        PullOutcome.Available a = (PullOutcome.Available) REGISTRY.pull(nginx, node("linux/amd64"));
        PullOutcome.Available b = (PullOutcome.Available) REGISTRY.pull(nginx, node("linux/s390x"));
        assertThat(a.imageId()).isEqualTo(b.imageId()).matches("docker\\.io/library/nginx@sha256:[0-9a-f]{64}");
        assertThat(REGISTRY.platforms(nginx).stream().map(Platform::toString).toList()).isEqualTo(List.of(
                "linux/amd64", "linux/arm/v7", "linux/arm64/v8", "linux/386", "linux/ppc64le", "linux/s390x"));
    }

    private static String describe(PullOutcome o) {
        return switch (o) {
            case PullOutcome.Available a -> "pulled, " + a.sizeBytes() + " bytes";
            case PullOutcome.Failed f -> f.error();
        };
    }
}
