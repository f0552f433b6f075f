package io.kubesim.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.status.ApiException;

/**
 * The protobuf bodies kubectl 1.32's {@code create <kind>} commands sent (recorded in {@code protobuf/*.bin}) read as
 * the JSON the same commands print with {@code --dry-run=client -o json} ({@code protobuf/*.json}), leaving out
 * what JSON's omitempty leaves out (null timestamps, empty structs) and the status.
 */
class ProtobufTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ProtobufTest.class.getResourceAsStream("protobuf/" + name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "kubectl create {0}")
    @ValueSource(strings = {"namespace", "deployment", "deployment-command", "configmap", "secret", "job",
            "serviceaccount", "priorityclass", "pdb", "service"})
    void readsWhatKubectlCreateSends(String name) throws IOException {
        ObjectNode expected = (ObjectNode) KubeJson.parse(resource(name + ".json"));
        expected.remove("status");

        assertThat(Protobuf.decode(resource(name + ".bin"))).isEqualTo(omitEmpty(expected));
    }

    @Test
    void aKindItDoesNotKnowIsUnsupportedMediaType() {
        byte[] unknownKind = {'k', '8', 's', 0, 10, 8, 10, 2, 'v', '1', 18, 2, 'X', 'y', 18, 0};

        assertThatThrownBy(() -> Protobuf.decode(unknownKind)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status().getCode()).isEqualTo(415));
    }

    @Test
    void anUnknownFieldWithAValueIsRefusedButAZeroOneIsIgnored() throws IOException {
        byte[] ns = resource("namespace.bin");
        byte[] withZero = appendToObject(ns, new byte[] {(byte) (9 << 3), 0});
        byte[] withValue = appendToObject(ns, new byte[] {(byte) (9 << 3), 5});

        assertThat(Protobuf.decode(withZero).path("metadata").path("name").asString()).isEqualTo("pbtest");
        assertThatThrownBy(() -> Protobuf.decode(withValue)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status().getCode()).isEqualTo(415));
    }

    @Test
    void garbageIsABadRequest() {
        assertThatThrownBy(() -> Protobuf.decode(new byte[] {'k', '8', 's', 0, 18, 100, 1}))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().getCode()).isEqualTo(400));
        assertThatThrownBy(() -> Protobuf.decode("{}".getBytes()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().getCode()).isEqualTo(400));
    }

    /**
     * The envelope with extra bytes at the end of the object: 'k8s\0', field 1 (type meta), field 2 (the object),
     * then the rest; every length here fits a one-byte varint.
     */
    private static byte[] appendToObject(byte[] body, byte[] extra) {
        int rawTag = 4 + 2 + body[5];
        int rawLength = body[rawTag + 1];
        int rawEnd = rawTag + 2 + rawLength;
        byte[] out = new byte[body.length + extra.length];
        System.arraycopy(body, 0, out, 0, rawEnd);
        out[rawTag + 1] = (byte) (rawLength + extra.length);
        System.arraycopy(extra, 0, out, rawEnd, extra.length);
        System.arraycopy(body, rawEnd, out, rawEnd + extra.length, body.length - rawEnd);
        return out;
    }

    private static JsonNode omitEmpty(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> drop = new ArrayList<>();
            o.properties().forEach(e -> {
                JsonNode v = omitEmpty(e.getValue());
                if (v.isNull() || v.isObject() && v.isEmpty()) {
                    drop.add(e.getKey());
                }
            });
            o.remove(drop);
        } else if (node.isArray()) {
            node.forEach(ProtobufTest::omitEmpty);
        }
        return node;
    }
}
