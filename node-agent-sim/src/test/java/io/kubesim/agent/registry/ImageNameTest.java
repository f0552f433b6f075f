package io.kubesim.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageNameTest {

    @ParameterizedTest(name = "{0} is pulled as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            nginx                                         | docker.io/library/nginx:latest
            nginx:1.14                                    | docker.io/library/nginx:1.14
            busybox:1.28                                  | docker.io/library/busybox:1.28
            kongru/dockerize:base                         | docker.io/kongru/dockerize:base
            docker.io/library/redis:7                     | docker.io/library/redis:7
            index.docker.io/library/alpine                | docker.io/library/alpine:latest
            registry.k8s.io/pause:3.10                    | registry.k8s.io/pause:3.10
            mcr.microsoft.com/windows/servercore:ltsc2022 | mcr.microsoft.com/windows/servercore:ltsc2022
            localhost:5000/team/app                       | localhost:5000/team/app:latest
            localhost/app:v1                              | localhost/app:v1
            """)
    void references_are_normalised_like_the_runtime_does(String given, String reference) throws Exception {
        assertThat(ImageName.parse(given).reference()).isEqualTo(reference);
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            NGINX          | invalid reference format: repository name (library/NGINX) must be lowercase
            nginx:         | invalid reference format
            nginx@sha256:1 | invalid reference format
            ' nginx'       | invalid reference format
            """)
    void malformed_references_are_refused_with_the_runtime_wording(String given, String message) {
        assertThatThrownBy(() -> ImageName.parse(given)).isInstanceOf(ImageName.InvalidImageName.class)
                .hasMessage(message);
    }
}
