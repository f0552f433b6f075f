package io.kubesim.state.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import io.kubesim.model.json.KubeJson;

/** The patch between two versions names exactly what changed, and applying it to the older gives the newer. */
class JsonDiffTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("equal documents give an empty patch",
                        "{\"a\":1,\"b\":[1,2]}", "{\"b\":[1,2],\"a\":1}", "[]"),
                Arguments.of("a new field is one add",
                        "{\"spec\":{}}", "{\"spec\":{\"nodeName\":\"n1\"}}",
                        "[{\"op\":\"add\",\"path\":\"/spec/nodeName\",\"value\":\"n1\"}]"),
                Arguments.of("a changed value is one replace",
                        "{\"metadata\":{\"resourceVersion\":\"5\"}}", "{\"metadata\":{\"resourceVersion\":\"9\"}}",
                        "[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\"9\"}]"),
                Arguments.of("removals come before additions",
                        "{\"a\":1,\"b\":2}", "{\"b\":2,\"c\":3}",
                        "[{\"op\":\"remove\",\"path\":\"/a\"},{\"op\":\"add\",\"path\":\"/c\",\"value\":3}]"),
                Arguments.of("an element appended to a list is one add at its index",
                        "{\"c\":[{\"t\":\"A\"}]}", "{\"c\":[{\"t\":\"A\"},{\"t\":\"B\"}]}",
                        "[{\"op\":\"add\",\"path\":\"/c/1\",\"value\":{\"t\":\"B\"}}]"),
                Arguments.of("elements dropped from a list are removed from the end backwards",
                        "[1,2,3,4]", "[1,2]",
                        "[{\"op\":\"remove\",\"path\":\"/3\"},{\"op\":\"remove\",\"path\":\"/2\"}]"),
                Arguments.of("a changed element of a list is patched inside",
                        "[{\"s\":\"False\"}]", "[{\"s\":\"True\"}]",
                        "[{\"op\":\"replace\",\"path\":\"/0/s\",\"value\":\"True\"}]"),
                Arguments.of("a value of another type is replaced whole",
                        "{\"a\":{\"x\":1}}", "{\"a\":[1]}",
                        "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":[1]}]"),
                Arguments.of("another root type replaces the whole document",
                        "{\"a\":1}", "[1]", "[{\"op\":\"replace\",\"path\":\"\",\"value\":[1]}]"),
                Arguments.of("null is a value like any other",
                        "{\"a\":null}", "{\"a\":0}", "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":0}]"),
                Arguments.of("slash and tilde in a field name are escaped as RFC 6901 says",
                        "{\"labels\":{}}", "{\"labels\":{\"app.io/x~y\":\"1\"}}",
                        "[{\"op\":\"add\",\"path\":\"/labels/app.io~1x~0y\",\"value\":\"1\"}]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void thePatchIsExactlyTheChange(String description, String before, String after, String expected) {
        JsonNode a = KubeJson.parse(before);
        JsonNode b = KubeJson.parse(after);
        ArrayNode patch = JsonDiff.diff(a, b);
        assertThat(patch).isEqualTo(KubeJson.parse(expected));
        assertThat(JsonPatchApplier.apply(a, patch)).isEqualTo(b);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theWholePatchOfAnObjectCreatesIt(String description, String before, String after, String expected) {
        JsonNode b = KubeJson.parse(after);
        assertThat(JsonDiff.whole(b))
                .isEqualTo(KubeJson.parse("[{\"op\":\"add\",\"path\":\"\",\"value\":" + after + "}]"));
        assertThat(JsonPatchApplier.apply(KubeJson.json().nullNode(), JsonDiff.whole(b))).isEqualTo(b);
    }
}
