package io.kubesim.state.audit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.json.KubeJson;

/** Applies an RFC 6902 patch (add, remove, replace), independently of the code under test. */
public final class JsonPatchApplier {

    private JsonPatchApplier() {
    }

    public static JsonNode apply(JsonNode document, JsonNode patch) {
        JsonNode doc = document.deepCopy();
        for (JsonNode op : patch) {
            String path = op.get("path").asString();
            String kind = op.get("op").asString();
            if (path.isEmpty()) {
                doc = kind.equals("remove") ? KubeJson.json().nullNode() : op.get("value").deepCopy();
                continue;
            }
            String[] tokens = path.substring(1).split("/", -1);
            JsonNode parent = doc;
            for (int i = 0; i < tokens.length - 1; i++) {
                String t = unescape(tokens[i]);
                parent = parent.isArray() ? parent.get(Integer.parseInt(t)) : parent.get(t);
            }
            String last = unescape(tokens[tokens.length - 1]);
            if (parent instanceof ObjectNode o) {
                if (kind.equals("remove")) {
                    o.remove(last);
                } else {
                    o.set(last, op.get("value").deepCopy());
                }
            } else if (parent instanceof ArrayNode a) {
                int index = Integer.parseInt(last);
                switch (kind) {
                    case "add" -> a.insert(index, op.get("value").deepCopy());
                    case "remove" -> a.remove(index);
                    default -> a.set(index, op.get("value").deepCopy());
                }
            } else {
                throw new AssertionError("no container at " + path);
            }
        }
        return doc;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
