package io.kubesim.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.kubesim.agent.registry.ImageCatalog;
import io.kubesim.scheduler.plugins.imagearchitecture.ImagePlatformCatalog;

class RegistryImageCatalogTest {

    private static final RegistryImageCatalog CATALOG = new RegistryImageCatalog(ImageCatalog.of("""
            repositories:
              - name: nginx
                run: server
                builds:
                  - tags: ["1.14"]
                    size: 1M
                    platforms: [linux/amd64, linux/ppc64le]
                  - tags: ["*"]
                    size: 1M
                    platforms: [linux/amd64, linux/arm64/v8]
              - name: kongru/dockerize
                run: server
                builds:
                  - tags: [base]
                    size: 1M
                    platforms: [linux/ppc64le]
              - name: mcr.microsoft.com/windows/servercore
                run: server
                builds:
                  - tags: [ltsc2022]
                    osVersion: 10.0.20348.2762
                    size: 1G
                    platforms: [windows/amd64]
            """));

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("a tag listed by a build", "nginx:1.14", Optional.of(List.of("linux/amd64/",
                        "linux/ppc64le/"))),
                arguments("no tag is latest, which the wildcard build publishes", "nginx",
                        Optional.of(List.of("linux/amd64/", "linux/arm64/v8"))),
                arguments("the full reference of the same image", "docker.io/library/nginx:1.14",
                        Optional.of(List.of("linux/amd64/", "linux/ppc64le/"))),
                arguments("a digest reference gets the wildcard build", "nginx@sha256:" + "a".repeat(64),
                        Optional.of(List.of("linux/amd64/", "linux/arm64/v8"))),
                arguments("seed 000's ppc64le-only image", "kongru/dockerize:base",
                        Optional.of(List.of("linux/ppc64le/"))),
                arguments("a tag no build publishes is unknown", "kongru/dockerize:latest", Optional.empty()),
                arguments("a Windows image", "mcr.microsoft.com/windows/servercore:ltsc2022",
                        Optional.of(List.of("windows/amd64/"))),
                arguments("a repository the registry does not have is unknown", "example.com/team/app:1",
                        Optional.empty()),
                arguments("an unparsable reference is unknown", "Nginx:UPPER CASE", Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void platformsOfAnImage(String name, String image, Optional<List<String>> expected) {
        Optional<List<String>> actual = CATALOG.platformsOf(image).map(RegistryImageCatalogTest::names);
        assertThat(actual).isEqualTo(expected);
    }

    private static List<String> names(Set<ImagePlatformCatalog.Platform> platforms) {
        TreeSet<String> out = new TreeSet<>();
        platforms.forEach(p -> out.add(p.os() + "/" + p.architecture() + "/" + p.variant()));
        return List.copyOf(out);
    }

    @org.junit.jupiter.api.Test
    void theBuiltInCatalogLoads() {
        assertThat(RegistryImageCatalog.load(List.of()).platformsOf("kongru/dockerize:base").map(
                RegistryImageCatalogTest::names)).isEqualTo(Optional.of(List.of("linux/ppc64le/")));
    }
}
