package io.kubesim.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;

/**
 * A corpus of malformed and hostile requests ({@code hostile-requests.txt} beside this class, one per line) sent over
 * HTTPS: each gets the expected 4xx as a Kubernetes {@code Status} in JSON (never a 5xx, never an HTML page), and
 * the stored state — every object of every served resource — is the same afterwards as before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsTest {

    private final GatewayHarness cluster = GatewayHarness.shared();
    private String ns;
    private Map<String, JsonNode> before;

    /** One line of the corpus. */
    record Case(int line, int code, String user, String method, String path, String contentType, String body,
            String what) {
        @Override
        public String toString() {
            return what;
        }
    }

    @BeforeAll
    void victims() {
        ns = cluster.namespace("hostile");
        cluster.kubectl().runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: victim, labels: {app: victim}}
                spec:
                  containers: [{name: web, image: nginx:1.27}]
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers: [{name: web, image: nginx:1.27}]
                """, "apply", "-n", ns, "-f", "-").assertOk();
        before = everything();
    }

    @AfterAll
    void nothingChanged() {
        assertThat(everything()).isEqualTo(before);
    }

    static Stream<Case> corpus() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = HostileRequestsTest.class.getResourceAsStream("hostile-requests.txt")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" \\| ", -1);
                if (f.length != 7) {
                    throw new IllegalStateException("line " + (i + 1) + " has " + f.length + " fields: " + line);
                }
                cases.add(new Case(i + 1, Integer.parseInt(f[0].trim()), f[1].trim(), f[2].trim(), f[3].trim(),
                        f[4].trim(), f[5], f[6].trim()));
            }
        }
        return cases.stream();
    }

    @Test
    void theCorpusHasMoreThanAHundredCases() throws IOException {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(100);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRefusedWithAStatus(Case c) {
        Api api = switch (c.user()) {
            case "admin" -> cluster.api();
            case "viewer" -> cluster.api("viewer");
            case "node" -> cluster.api("system:node:n1");
            case "none" -> cluster.api().as(null);
            case "bad" -> cluster.api().as("not-a-token-of-anyone");
            default -> throw new IllegalArgumentException(c.user());
        };
        String path = placeholders(c.path());
        String contentType = c.contentType().equals("-") ? null : c.contentType();
        if (contentType != null && contentType.contains("?")) {
            path += (path.contains("?") ? "&" : "?") + contentType.substring(contentType.indexOf('?') + 1);
            contentType = contentType.substring(0, contentType.indexOf('?'));
        }

        Api.Response r = api.send(c.method(), path, contentType, body(c.body()), Map.of("Accept", "application/json"));

        String where = "line " + c.line() + " (" + c.what() + "): " + r.body();
        assertThat(r.code()).as(where).isEqualTo(c.code());
        assertThat(r.contentType()).as(where).isEqualTo("application/json");
        JsonNode status = KubeJson.parse(r.body());
        assertThat(status.path("kind").asString()).as(where).isEqualTo("Status");
        assertThat(status.path("apiVersion").asString()).as(where).isEqualTo("v1");
        assertThat(status.path("status").asString()).as(where).isEqualTo("Failure");
        assertThat(status.path("code").asInt()).as(where).isEqualTo(c.code());
        assertThat(status.path("reason").asString()).as(where).isNotEmpty();
        assertThat(status.path("message").asString()).as(where).isNotEmpty();
    }

    private String placeholders(String path) {
        String p = path.replace("{ns}", ns).replace("{pod}", "victim").replace("{deploy}", "web");
        int at = p.indexOf("@long:");
        if (at >= 0) {
            int end = at + 6;
            while (end < p.length() && Character.isDigit(p.charAt(end))) {
                end++;
            }
            p = p.substring(0, at) + "x".repeat(Integer.parseInt(p.substring(at + 6, end))) + p.substring(end);
        }
        return p;
    }

    /** The body a corpus line describes (see the header of the file). */
    private byte[] body(String spec) {
        if (spec.equals("-")) {
            return null;
        }
        if (!spec.startsWith("@")) {
            return spec.replace("\\n", "\n").replace("\\t", "\t").getBytes(StandardCharsets.UTF_8);
        }
        String[] g = spec.substring(1).split(":");
        if (g[0].equals("hex")) {
            return HexFormat.of().parseHex(g[1]);
        }
        int n = Integer.parseInt(g[1]);
        String text = switch (g[0]) {
            case "json-array-depth" -> "[".repeat(n) + "]".repeat(n);
            case "json-object-depth" -> "{\"a\":".repeat(n) + "1" + "}".repeat(n);
            case "yaml-depth" -> "a: " + "[".repeat(n) + "]".repeat(n);
            case "big-pod" -> pod("big", Map.of(), Map.of("blob", "x".repeat(n)));
            case "big-annotation" -> "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"annotated\","
                    + "\"annotations\":{\"blob\":\"" + "x".repeat(n) + "\"}}}";
            case "big-patch" -> "{\"metadata\":{\"annotations\":{\"blob\":\"" + "x".repeat(n) + "\"}}}";
            case "labels" -> pod("labelled", Map.of("k", "v".repeat(Integer.parseInt(g[2]))), Map.of());
            case "long-label-key" -> pod("keyed", Map.of("example.com/" + "k".repeat(n - 12), "v"), Map.of());
            case "laughs" -> laughs(n);
            case "long-name" -> pod("n".repeat(n), Map.of(), Map.of());
            case "long-ns-name" -> "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
                    + "n".repeat(n) + "\"}}";
            default -> throw new IllegalArgumentException("unknown generator " + spec);
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A YAML "billion laughs": n levels of aliases, each repeating the one before ten times. */
    private static String laughs(int levels) {
        StringBuilder y = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i <= levels; i++) {
            y.append("a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 10; k++) {
                y.append(k == 0 ? "" : ",").append("*a").append(i - 1);
            }
            y.append("]\n");
        }
        return y.toString();
    }

    private static String pod(String name, Map<String, String> labels, Map<String, String> annotations) {
        ObjectNode pod = Api.json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'" + name + "'},"
                + "'spec':{'containers':[{'name':'web','image':'nginx'}]}}");
        ObjectNode meta = (ObjectNode) pod.get("metadata");
        labels.forEach((k, v) -> meta.withObjectProperty("labels").put(k, v));
        annotations.forEach((k, v) -> meta.withObjectProperty("annotations").put(k, v));
        return pod.toString();
    }

    /** Every stored object of every served resource, by path (list metadata left out). */
    private Map<String, JsonNode> everything() {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        for (ResourceType t : Resources.all()) {
            String path = t.groupVersionPath() + "/" + t.plural();
            JsonNode list = cluster.api().get(path).assertOk().json();
            all.put(path, list.path("items"));
        }
        return all;
    }
}
