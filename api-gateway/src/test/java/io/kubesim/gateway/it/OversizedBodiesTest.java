package io.kubesim.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.json.KubeJson;

/**
 * A body over the 3 MiB limit gets its 413 {@code Status} (apiserver handlers/rest.go limitedReadBody), and the
 * client can read it: the gateway reads the rest of a body up to 64 MB before it closes the connection. A connection closed with unread bytes is reset by the kernel, and a
 * client still sending then loses the answer (java.net.http: "header parser received no bytes", 6 requests in 1,000
 * of 5 MB while Tomcat swallowed only 4 MB). Each request here goes over its own socket, which writes the whole body
 * and then reads to the end, so a reset fails it every time rather than now and then.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OversizedBodiesTest {

    private final GatewayHarness cluster = GatewayHarness.shared();
    private String ns;

    @BeforeAll
    void victim() {
        ns = cluster.namespace("oversized");
        cluster.api().post("/api/v1/namespaces/" + ns + "/pods", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"victim"},
                 "spec":{"containers":[{"name":"web","image":"nginx"}]}}""").assertOk();
    }

    @ParameterizedTest(name = "a {0} of {1} bytes is refused with 413 and the connection ends in order")
    @CsvSource({
            "POST,    3500000",
            "PUT,     5000000",
            "PUT,    16000000",
            "PATCH,  40000000",
    })
    void isRefusedAndTheAnswerArrives(String method, int size) {
        String path = "/api/v1/namespaces/" + ns + "/pods" + (method.equals("POST") ? "" : "/victim");
        String type = method.equals("PATCH") ? "application/merge-patch+json" : "application/json";
        byte[] body = ("{\"metadata\":{\"annotations\":{\"blob\":\"" + "x".repeat(size) + "\"}}}")
                .getBytes(StandardCharsets.UTF_8);

        Api.Response r = cluster.api().sendOnOwnSocket(method, path, type, body, Map.of("Accept", "application/json"));

        assertThat(r.code()).isEqualTo(413);
        JsonNode status = KubeJson.parse(r.body());
        assertThat(status.path("reason").asString() + " " + status.path("code").asInt() + ": "
                + status.path("message").asString())
                .isEqualTo("RequestEntityTooLarge 413: Request entity too large: limit is 3145728");
        assertThat(cluster.api().get(path.endsWith("victim") ? path : path + "/victim").assertOk().json()
                .path("metadata").path("annotations").has("blob")).isFalse();
    }
}
