package io.kubesim.state.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.event.ChangeType;
import io.kubesim.model.json.KubeJson;
import io.kubesim.state.store.LogRow;

/**
 * One log row as a line of the export (JSON Lines):
 * {@code {"revision":7,"key":"/pods/default/web","type":"MODIFIED","prevRevision":5,"actor":"...","commandId":"...",
 * "decisionId":"...","replyCode":201,"time":"...","volatile":false,"object":{...}}} ({@code decisionId} only when
 * set). {@code object} is the stored JSON text verbatim, last in the line. {@link #parse} reads such a line back into
 * the same row, with the object's text as it stands in the line (byte for byte what was stored).
 */
final class ExportLine {

    private ExportLine() {
    }

    static String of(LogRow r) {
        ObjectNode o = KubeJson.json().createObjectNode();
        o.put("revision", r.revision()).put("key", r.key()).put("type", r.type().name())
                .put("prevRevision", r.prevRevision()).put("actor", r.actor()).put("commandId", r.commandId());
        if (r.decisionId() != null) {
            o.put("decisionId", r.decisionId());
        }
        o.put("replyCode", r.replyCode()).put("time", r.time().toString()).put("volatile", r.volatileRow());
        String head = KubeJson.write(o);
        // a raw line break can only be whitespace between tokens in JSON text: one line per row whatever was stored
        String object = r.object().indexOf('\n') < 0 && r.object().indexOf('\r') < 0 ? r.object()
                : r.object().replace('\n', ' ').replace('\r', ' ');
        return head.substring(0, head.length() - 1) + ",\"object\":" + object + "}";
    }

    /**
     * The row a line gives: every field of {@link #of} but {@code decisionId} (absent or null: none) and
     * {@code volatile} (absent: false) is required, in any order; no other field is allowed.
     *
     * @throws IllegalArgumentException saying what is wrong with the line
     */
    static LogRow parse(String line) {
        Long revision = null;
        String key = null;
        ChangeType type = null;
        String object = null;
        Long prevRevision = null;
        String actor = null;
        String commandId = null;
        String decisionId = null;
        Integer replyCode = null;
        Instant time = null;
        boolean volatileRow = false;
        try (JsonParser p = KubeJson.json().createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a line must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "revision" -> revision = number(p, v, name);
                    case "prevRevision" -> prevRevision = number(p, v, name);
                    case "replyCode" -> replyCode = Math.toIntExact(number(p, v, name));
                    case "key" -> key = text(p, v, name);
                    case "actor" -> actor = text(p, v, name);
                    case "commandId" -> commandId = text(p, v, name);
                    case "decisionId" -> decisionId = v == JsonToken.VALUE_NULL ? null : text(p, v, name);
                    case "type" -> type = changeType(text(p, v, name));
                    case "time" -> time = instant(text(p, v, name));
                    case "volatile" -> {
                        if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
                            throw new IllegalArgumentException("volatile must be true or false");
                        }
                        volatileRow = v == JsonToken.VALUE_TRUE;
                    }
                    case "object" -> {
                        if (v != JsonToken.START_OBJECT) {
                            throw new IllegalArgumentException("object must be a JSON object");
                        }
                        int from = (int) p.currentTokenLocation().getCharOffset();
                        p.skipChildren();
                        object = line.substring(from, (int) p.currentTokenLocation().getCharOffset() + 1);
                    }
                    default -> throw new IllegalArgumentException("unknown field " + KubeJson.write(name));
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("a line must hold one JSON object");
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("replyCode is out of range");
        }
        require(revision, "revision");
        require(key, "key");
        require(type, "type");
        require(object, "object");
        require(prevRevision, "prevRevision");
        require(actor, "actor");
        require(commandId, "commandId");
        require(replyCode, "replyCode");
        require(time, "time");
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be at least 1, not " + revision);
        }
        if (!key.startsWith("/")) {
            throw new IllegalArgumentException("key must be a storage key such as /pods/default/web, not "
                    + KubeJson.write(key));
        }
        return new LogRow(revision, key, type, object, prevRevision, actor, commandId, decisionId, replyCode, time,
                volatileRow);
    }

    private static long number(JsonParser p, JsonToken v, String name) {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
        return p.getLongValue();
    }

    private static String text(JsonParser p, JsonToken v, String name) {
        if (v != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return p.getString();
    }

    private static ChangeType changeType(String s) {
        try {
            return ChangeType.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("type must be ADDED, MODIFIED or DELETED, not " + KubeJson.write(s));
        }
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time must be an RFC 3339 time such as 2026-12-07T12:00:00Z, not "
                    + KubeJson.write(s));
        }
    }

    private static void require(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("field " + name + " is missing");
        }
    }
}
