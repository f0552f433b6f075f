package io.kubesim.controller.framework;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * {@code controller.ComputeHash} (pkg/controller/controller_utils.go): the {@code pod-template-hash} /
 * {@code controller-revision-hash} of a pod template — FNV-32a over the template, then the collision count as 8
 * little-endian bytes, printed in decimal and encoded with {@code rand.SafeEncodeString}'s alphabet.
 *
 * <p>Upstream hashes Go's deep-printed struct; here the template is hashed as canonical JSON (object keys sorted),
 * so values are stable and well spread but not byte-identical to a real cluster's hashes.
 */
public final class TemplateHash {

    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private TemplateHash() {
    }

    public static String compute(JsonNode template, Integer collisionCount) {
        int h = FNV_OFFSET;
        for (byte b : canonical(template).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        if (collisionCount != null) {
            int c = collisionCount;
            byte[] bytes = {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24), 0, 0, 0, 0};
            for (byte b : bytes) {
                h ^= b & 0xff;
                h *= FNV_PRIME;
            }
        }
        return safeEncode(Integer.toUnsignedString(h));
    }

    /** {@code rand.SafeEncodeString}: each byte mapped into an alphabet without vowels and look-alikes. */
    static String safeEncode(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            sb.append(ALPHANUMS.charAt(s.charAt(i) % ALPHANUMS.length()));
        }
        return sb.toString();
    }

    /** JSON text with object keys in sorted order. */
    static String canonical(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb);
        return sb.toString();
    }

    private static void write(JsonNode node, StringBuilder sb) {
        if (node == null || node.isMissingNode()) {
            sb.append("null");
        } else if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            fields.sort(Map.Entry.comparingByKey());
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> f : fields) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(tools.jackson.databind.node.StringNode.valueOf(f.getKey()).toString()).append(':');
                write(f.getValue(), sb);
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(node.get(i), sb);
            }
            sb.append(']');
        } else {
            sb.append(node.toString());
        }
    }
}
