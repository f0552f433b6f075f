package io.kubesim.registry.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.schema.SchemaType;

/**
 * Server-side apply, simplified: no managed fields, no ownership, no conflicts. An absent object is created from the
 * applied configuration; a present one gets the configuration merged in with the strategic-merge list semantics
 * (lists with a merge key merge by key, scalar sets union, other lists are atomic and replaced), and fields the
 * configuration omits are kept rather than removed. {@code null} values in the configuration mean "no opinion".
 * Upstream (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go {@code applyPatcher} and
 * structured-merge-diff) would also remove fields this manager applied before and now omits, and report conflicts
 * with other managers.
 */
final class ServerSideApply {

    private ServerSideApply() {
    }

    static ObjectNode apply(ResourceType type, ObjectNode current, ObjectNode applied) {
        String apiVersion = Tree.str(applied, "apiVersion");
        if (!apiVersion.equals(type.apiVersion())) {
            throw PatchError.badRequest("Incorrect version specified in apply patch. Specified patch version: "
                    + apiVersion + ", expected: " + type.apiVersion());
        }
        String kind = Tree.str(applied, "kind");
        if (!kind.equals(type.kind())) {
            throw PatchError.badRequest("failed to create typed patch object: kind \"" + kind
                    + "\" does not match the resource's kind \"" + type.kind() + "\"");
        }
        dropNulls(applied);
        if (current == null) {
            return applied;
        }
        return StrategicMergePatch.apply(current, applied, new SchemaType.Struct(type.javaType()));
    }

    private static void dropNulls(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> nulls = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                } else {
                    dropNulls(e.getValue());
                }
            }
            o.remove(nulls);
        } else if (node != null && node.isArray()) {
            node.forEach(ServerSideApply::dropNulls);
        }
    }
}
