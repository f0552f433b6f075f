package io.kubesim.model.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorTest {

    private static final Map<String, String> WEB = Map.of("app", "web", "tier", "frontend", "replicas", "3");

    static Stream<Arguments> selectors() {
        return Stream.of(
                Arguments.of("an empty selector matches everything", "", true),
                Arguments.of("equality matches an equal value", "app=web", true),
                Arguments.of("double equals is equality too", "app==web", true),
                Arguments.of("equality fails on another value", "app=db", false),
                Arguments.of("inequality matches a missing key", "zone!=a", true),
                Arguments.of("inequality fails on an equal value", "app!=web", false),
                Arguments.of("in matches a listed value", "tier in (frontend, backend)", true),
                Arguments.of("in fails on a value not listed", "tier in (backend)", false),
                Arguments.of("notin matches a missing key", "zone notin (a,b)", true),
                Arguments.of("notin fails on a listed value", "app notin (web)", false),
                Arguments.of("a bare key requires the key", "app", true),
                Arguments.of("a bare key fails when absent", "zone", false),
                Arguments.of("a negated key requires its absence", "!zone", true),
                Arguments.of("a negated key fails when present", "!app", false),
                Arguments.of("all requirements must hold", "app=web,tier=backend", false),
                Arguments.of("greater-than compares integers", "replicas>2", true),
                Arguments.of("less-than compares integers", "replicas<2", false),
                Arguments.of("a prefixed key is a valid key", "kubernetes.io/arch!=arm64", true));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("selectors")
    void parsesAndMatchesLikeKubectlSelectors(String description, String selector, boolean matches) {
        assertThat(LabelSelector.parse(selector).matches(WEB)).isEqualTo(matches);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("a key with spaces inside a value list", "app in (a b)"),
                Arguments.of("an operator without a key", "=web"),
                Arguments.of("an invalid key", "-app=web"),
                Arguments.of("an in without values", "app in ()"),
                Arguments.of("greater-than without an integer", "replicas>many"));
    }

    @ParameterizedTest(name = "{0} is rejected: {1}")
    @MethodSource("invalid")
    void rejectsMalformedSelectors(String description, String selector) {
        assertThatThrownBy(() -> LabelSelector.parse(selector)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unable to parse requirement");
    }

    static Stream<Arguments> fieldSelectors() {
        return Stream.of(
                Arguments.of("kubectl describe node's pod query", "spec.nodeName=n1,status.phase!=Succeeded,"
                        + "status.phase!=Failed", Map.of("spec.nodeName", "n1", "status.phase", "Running"), true),
                Arguments.of("a succeeded pod is excluded", "spec.nodeName=n1,status.phase!=Succeeded",
                        Map.of("spec.nodeName", "n1", "status.phase", "Succeeded"), false),
                Arguments.of("an escaped comma is part of the value", "metadata.name=a\\,b",
                        Map.of("metadata.name", "a,b"), true),
                Arguments.of("an unset field equals the empty string", "spec.nodeName=",
                        Map.of("metadata.name", "x"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldSelectors")
    void fieldSelectorsMatchFieldValues(String description, String selector, Map<String, String> fields,
            boolean matches) {
        assertThat(FieldSelector.parse(selector).matches(fields)).isEqualTo(matches);
    }
}
