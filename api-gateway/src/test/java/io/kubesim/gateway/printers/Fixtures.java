package io.kubesim.gateway.printers;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.kubesim.model.json.KubeJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Objects written as JSON with single quotes, and the fixed cluster time the printer tests run at. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private Fixtures() {
    }

    static ObjectNode json(String singleQuoted) {
        return (ObjectNode) tree(singleQuoted);
    }

    static JsonNode tree(String singleQuoted) {
        return KubeJson.parse(singleQuoted.replace('\'', '"'));
    }
}
