package io.kubesim.registry;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.function.Executable;
import io.fabric8.kubernetes.api.model.Status;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.status.ApiException;

/** Shared test helpers: a fixed clock, JSON written with single quotes, captured API errors. */
final class Fixtures {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    static final String DNS_LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
            + "or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
            + "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    static final String DNS_SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
            + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    static final String LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, "
            + "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
            + "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    static final String NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must "
            + "start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used "
            + "for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private Fixtures() {
    }

    static Registry registry() {
        return new Registry(CLOCK);
    }

    /** JSON written with single quotes instead of double quotes. */
    static ObjectNode json(String singleQuoted) {
        return (ObjectNode) KubeJson.parse(singleQuoted.replace('\'', '"'));
    }

    static JsonNode tree(String singleQuoted) {
        return KubeJson.parse(singleQuoted.replace('\'', '"'));
    }

    /** A pod named web in namespace default with the given spec. */
    static ObjectNode pod(String spec) {
        return json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'web','namespace':'default','uid':'u1',"
                + "'creationTimestamp':'2026-01-01T00:00:00Z'},'spec':" + spec + "}");
    }

    static Status status(Executable call) {
        return assertThrows(ApiException.class, call).status();
    }

    static String message(Executable call) {
        return status(call).getMessage();
    }

    static String write(Object value) {
        return KubeJson.write(value);
    }

    /** The value as a client reads it back (numbers re-typed from the text), for whole-object comparisons. */
    static JsonNode reparse(JsonNode value) {
        return KubeJson.parse(KubeJson.write(value));
    }
}
