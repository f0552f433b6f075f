package io.kubesim.registry.patch;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.registry.meta.Tree;

/**
 * JSON merge patch (RFC 7386, as evanphx/json-patch's {@code MergePatch} that kube-apiserver uses): objects merge
 * recursively, {@code null} removes a member, everything else, lists included, replaces.
 */
final class JsonMergePatch {

    private JsonMergePatch() {
    }

    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : Tree.NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            JsonNode value = e.getValue();
            if (value.isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), apply(result.get(e.getKey()), value));
            }
        }
        return result;
    }
}
