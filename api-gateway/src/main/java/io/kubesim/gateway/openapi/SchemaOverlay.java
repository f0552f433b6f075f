package io.kubesim.gateway.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import io.kubesim.model.json.KubeJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What reflection over fabric8 classes cannot know, kept in {@code schema-overlay.json} beside this class and written
 * for kubesim: descriptions of types and fields (what {@code kubectl explain} prints), {@code required} field lists
 * and {@code enum} values, keyed by schema name:
 *
 * <pre>{"io.k8s.api.core.v1.Toleration": {"description": "...", "required": [...],
 *   "properties": {"effect": {"description": "...", "enum": ["NoExecute", ...]}}}}</pre>
 *
 * <p>Applying it fails on a schema or property the generator did not produce, so the overlay cannot drift from the
 * model unnoticed.
 */
final class SchemaOverlay {

    private static final String RESOURCE = "schema-overlay.json";

    private SchemaOverlay() {
    }

    private static final String API_VERSION = "The versioned schema of this representation of the object, e.g. v1 or "
            + "apps/v1. Servers convert recognized versions and may reject others.";
    private static final String KIND = "The kind of the object, in CamelCase, e.g. Pod. Servers may infer it from "
            + "the endpoint a request is sent to. Cannot be updated.";
    private static final String OBJECT_METADATA = "The object's metadata: name, namespace, labels, annotations and "
            + "the fields the system maintains.";
    private static final String LIST_METADATA = "The list's metadata: its resourceVersion and the continue token of "
            + "a paged list.";

    /**
     * Describes the standard fields of the top-level kinds (those with {@code x-kubernetes-group-version-kind}):
     * {@code apiVersion}, {@code kind}, {@code metadata} and a list's {@code items}; then applies the overlay file.
     */
    static void apply(Map<String, ObjectNode> schemas) {
        apply(schemas, load());
    }

    static void apply(Map<String, ObjectNode> schemas, JsonNode overlay) {
        for (ObjectNode schema : schemas.values()) {
            JsonNode gvks = schema.path("x-kubernetes-group-version-kind");
            JsonNode properties = schema.path("properties");
            if (!gvks.isArray() || gvks.isEmpty() || !properties.isObject()) {
                continue;
            }
            String kind = gvks.get(0).path("kind").stringValue("");
            boolean list = kind.endsWith("List") && properties.has("items");
            describe(properties, "apiVersion", API_VERSION);
            describe(properties, "kind", KIND);
            describe(properties, "metadata", list ? LIST_METADATA : OBJECT_METADATA);
            if (list) {
                describe(properties, "items", "The " + kind.substring(0, kind.length() - "List".length())
                        + " objects of the list.");
            }
        }
        for (Map.Entry<String, JsonNode> entry : overlay.properties()) {
            ObjectNode schema = schemas.get(entry.getKey());
            if (schema == null) {
                throw new IllegalStateException("schema-overlay.json names unknown schema " + entry.getKey());
            }
            JsonNode patch = entry.getValue();
            if (patch.has("description")) {
                schema.put("description", patch.get("description").stringValue());
            }
            if (patch.has("required")) {
                for (JsonNode field : patch.get("required")) {
                    requireProperty(schema, entry.getKey(), field.stringValue());
                }
                schema.set("required", patch.get("required").deepCopy());
            }
            for (Map.Entry<String, JsonNode> field : patch.path("properties").properties()) {
                ObjectNode property = requireProperty(schema, entry.getKey(), field.getKey());
                property.setAll((ObjectNode) field.getValue().deepCopy());
            }
        }
    }

    private static void describe(JsonNode properties, String property, String description) {
        if (properties.get(property) instanceof ObjectNode node) {
            node.put("description", description);
        }
    }

    private static ObjectNode requireProperty(ObjectNode schema, String schemaName, String property) {
        JsonNode node = schema.path("properties").path(property);
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalStateException("schema-overlay.json names unknown property " + schemaName + "."
                    + property);
        }
        return object;
    }

    private static JsonNode load() {
        try (InputStream in = SchemaOverlay.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return KubeJson.json().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
