package io.kubesim.model.json;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The JSON and YAML mappers every kubesim component uses for Kubernetes objects and for its own messages.
 *
 * <p>Nulls are left out (Kubernetes never writes {@code "field": null}), unknown properties are kept by fabric8's
 * {@code additionalProperties} and ignored by our records, and instants are written as RFC 3339 strings.
 */
public final class KubeJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .build();

    private KubeJson() {
    }

    public static JsonMapper json() {
        return JSON;
    }

    public static YAMLMapper yaml() {
        return YAML;
    }

    public static String write(Object value) {
        return JSON.writeValueAsString(value);
    }

    public static byte[] writeBytes(Object value) {
        return JSON.writeValueAsBytes(value);
    }

    public static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    public static ObjectNode objectTree(Object value) {
        JsonNode node = JSON.valueToTree(value);
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new IllegalArgumentException("not a JSON object: " + node.getNodeType());
    }

    public static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    public static JsonNode parse(byte[] json) {
        return JSON.readTree(json);
    }

    public static <T> T read(String json, Class<T> type) {
        return JSON.readValue(json, type);
    }

    public static <T> T read(byte[] json, Class<T> type) {
        return JSON.readValue(json, type);
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        return JSON.treeToValue(node, type);
    }

    /** A deep copy, so cached trees are never mutated by their readers. */
    public static ObjectNode copy(JsonNode node) {
        return (ObjectNode) node.deepCopy();
    }

    /** Every document of a (possibly multi-document) YAML or JSON text; empty documents are skipped. */
    public static List<JsonNode> readDocuments(String text) throws JacksonException {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    out.add(doc);
                }
            }
        }
        return out;
    }

    public static String toYaml(Object value) {
        return YAML.writeValueAsString(value);
    }
}
