package io.kubesim.registry.patch;

import java.util.List;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.command.PatchType;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.FieldError;
import io.kubesim.model.status.Statuses;
import io.kubesim.registry.field.Invalid;
import io.kubesim.registry.schema.Decoding;
import io.kubesim.registry.schema.SchemaType;

/**
 * Applies a PATCH body to the stored object the way kube-apiserver's patch handler does
 * (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go): malformed documents are 400 BadRequest,
 * JSON-patch operations that do not apply are 422 with the generic text, and a result that no longer decodes as the
 * kind is 422 Invalid {@code patch: Invalid value: ...}. Validation of the result is left to the update path.
 */
public final class Patches {

    static final String UNPROCESSABLE = "the server rejected our request due to an error in our request";

    private Patches() {
    }

    /** The patched object; {@code current} may be null only for server-side apply (create). */
    public static ObjectNode apply(ResourceType type, ObjectNode current, PatchType patchType, String patch) {
        if (current == null && patchType != PatchType.APPLY_PATCH) {
            throw new IllegalArgumentException("only server-side apply can create an object");
        }
        try {
            return switch (patchType) {
                case JSON_PATCH -> {
                    JsonNode doc = parseJson(patch, "");
                    JsonNode result = JsonPatch.apply(current.deepCopy(), JsonPatch.decode(doc));
                    yield decoded(type, result, null);
                }
                case MERGE_PATCH -> {
                    JsonNode doc = parseJson(patch, "Invalid JSON Patch");
                    if (!doc.isObject()) {
                        throw PatchError.badRequest("Invalid JSON Patch");
                    }
                    yield decoded(type, JsonMergePatch.apply(current.deepCopy(), doc), null);
                }
                case STRATEGIC_MERGE_PATCH -> {
                    JsonNode doc = parseJson(patch, "");
                    if (!doc.isObject()) {
                        throw PatchError.badRequest("json: cannot unmarshal " + jsonKind(doc)
                                + " into Go value of type map[string]interface {}");
                    }
                    String rendered = GoFormat.value(doc);
                    ObjectNode result = StrategicMergePatch.apply(current.deepCopy(), (ObjectNode) doc.deepCopy(),
                            new SchemaType.Struct(type.javaType()));
                    yield decoded(type, result, rendered);
                }
                case APPLY_PATCH -> {
                    JsonNode doc = parseYaml(patch);
                    if (!doc.isObject()) {
                        throw PatchError.badRequest("error decoding YAML: cannot unmarshal " + jsonKind(doc)
                                + " into an object");
                    }
                    ObjectNode result = ServerSideApply.apply(type, current == null ? null : current.deepCopy(),
                            (ObjectNode) doc);
                    yield decoded(type, result, null);
                }
            };
        } catch (PatchError e) {
            throw switch (e.kind()) {
                case BAD_REQUEST -> new ApiException(Statuses.badRequest(e.getMessage()));
                case UNPROCESSABLE -> new ApiException(Statuses.failure(422, "Invalid", UNPROCESSABLE, null, null,
                        null, List.of()));
            };
        }
    }

    /**
     * The patched object must still decode as its kind; otherwise 422 {@code patch: Invalid value}, the value being
     * the patch (strategic merge, as Go prints the map) or the patched document (other types).
     */
    private static ObjectNode decoded(ResourceType type, JsonNode result, String renderedPatch) {
        if (!(result instanceof ObjectNode object)) {
            throw invalidPatch(renderedPatch != null ? renderedPatch : result.toString(),
                    "json: cannot unmarshal " + jsonKind(result) + " into Go value of type " + type.version()
                            + "." + type.kind());
        }
        Optional<String> error = Decoding.firstError(type, object);
        if (error.isPresent()) {
            throw invalidPatch(renderedPatch != null ? renderedPatch : object.toString(), error.get());
        }
        return object;
    }

    private static ApiException invalidPatch(String value, String detail) {
        return Invalid.exception("", "", "", "", List.of(FieldError.invalid("patch", value, detail)));
    }

    private static JsonNode parseJson(String text, String fallback) {
        try {
            return KubeJson.parse(text);
        } catch (JacksonException e) {
            throw PatchError.badRequest(fallback.isEmpty() ? syntax(e) : fallback);
        }
    }

    private static JsonNode parseYaml(String text) {
        try {
            List<JsonNode> docs = KubeJson.readDocuments(text);
            if (docs.isEmpty()) {
                return KubeJson.json().createObjectNode();
            }
            return docs.getFirst();
        } catch (JacksonException e) {
            throw PatchError.badRequest("error decoding YAML: " + syntax(e));
        }
    }

    private static String syntax(JacksonException e) {
        String m = e.getOriginalMessage();
        return m == null ? "invalid JSON document" : m.lines().findFirst().orElse(m);
    }

    private static String jsonKind(JsonNode n) {
        if (n.isArray()) {
            return "array";
        }
        if (n.isString()) {
            return "string";
        }
        if (n.isNumber()) {
            return "number";
        }
        if (n.isBoolean()) {
            return "bool";
        }
        return n.isObject() ? "object" : "null";
    }
}
