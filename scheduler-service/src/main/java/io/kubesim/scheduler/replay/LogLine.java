package io.kubesim.scheduler.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.json.KubeJson;

/**
 * One row of an exported event log (state-service's {@code GET /kubesim/v1/export}, JSON Lines: {@code revision},
 * {@code key}, {@code type}, {@code prevRevision}, {@code actor}, {@code commandId}, {@code decisionId} when set,
 * {@code replyCode}, {@code time}, {@code volatile}, {@code object}), read or written. The replay writes its fresh log
 * in the same shape, so it can be read by the same tools (and replayed again).
 */
public record LogLine(long revision, String key, String type, long prevRevision, String actor, String commandId,
                      String decisionId, int replyCode, String time, boolean volatileRow, JsonNode object) {

    public static final String ADDED = "ADDED";
    public static final String MODIFIED = "MODIFIED";
    public static final String DELETED = "DELETED";

    /** The storage key's resource: {@code pods}, {@code nodes}, {@code replicasets.apps}, ... */
    public String resource() {
        int slash = key.indexOf('/', 1);
        return slash < 0 ? key.substring(1) : key.substring(1, slash);
    }

    /** Parses one line of an export. */
    public static LogLine parse(String line) {
        JsonNode n = KubeJson.parse(line);
        if (!n.has("revision") || !n.has("key") || !n.has("type")) {
            throw new IllegalArgumentException("not an export line (revision, key and type are required): "
                    + (line.length() > 120 ? line.substring(0, 120) + "..." : line));
        }
        String decisionId = n.path("decisionId").isMissingNode() || n.path("decisionId").isNull() ? null
                : n.path("decisionId").asString();
        return new LogLine(n.path("revision").asLong(), n.path("key").asString(), n.path("type").asString(),
                n.path("prevRevision").asLong(0), n.path("actor").asString(""), n.path("commandId").asString(""),
                decisionId, n.path("replyCode").asInt(0), n.path("time").asString(""),
                n.path("volatile").asBoolean(false), n.path("object"));
    }

    /** Every line of an export (blank lines skipped), in revision order. */
    public static List<LogLine> read(BufferedReader in) {
        List<LogLine> out = new ArrayList<>();
        try {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(parse(line));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparingLong(LogLine::revision));
        return out;
    }

    /** The line as the export writes it (the object last). */
    public String toJson() {
        ObjectNode o = KubeJson.json().createObjectNode();
        o.put("revision", revision).put("key", key).put("type", type).put("prevRevision", prevRevision)
                .put("actor", actor).put("commandId", commandId);
        if (decisionId != null) {
            o.put("decisionId", decisionId);
        }
        o.put("replyCode", replyCode).put("time", time).put("volatile", volatileRow);
        o.set("object", object);
        return KubeJson.write(o);
    }
}
