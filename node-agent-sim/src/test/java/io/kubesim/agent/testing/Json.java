package io.kubesim.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.json.KubeJson;

/** Whole-value JSON assertions that do not depend on how numbers happen to be held in a tree. */
public final class Json {

    private Json() {
    }

    /** {@code actual} as it would go over the wire. */
    public static JsonNode wire(JsonNode actual) {
        return KubeJson.parse(KubeJson.write(actual));
    }

    public static void assertJson(JsonNode actual, String expected) {
        assertThat(KubeJson.json().writerWithDefaultPrettyPrinter().writeValueAsString(wire(actual)))
                .isEqualTo(KubeJson.json().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(KubeJson.parse(expected)));
    }
}
