package io.kubesim.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import tools.jackson.databind.JsonNode;

/**
 * A read after a write that answered resourceVersion N reflects at least N: the gateway answers a write only once
 * its cache has the revision, and a read that names a resourceVersion waits for it (on any gateway).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadAfterWriteTest {

    private final GatewayHarness cluster = GatewayHarness.shared();
    private String ns;

    @BeforeAll
    void namespace() {
        ns = cluster.namespace("raw");
    }

    private static long rv(JsonNode o) {
        return Long.parseLong(o.path("metadata").path("resourceVersion").asString());
    }

    private String createConfigMap(Api api, String name) {
        return api.post("/api/v1/namespaces/" + ns + "/configmaps", Api.json(
                "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'" + name + "'},'data':{'n':'0'}}")
                .toString()).assertOk().json().path("metadata").path("resourceVersion").asString();
    }

    @Test
    void everyGetAndListAfterAWriteSeesIt() {
        Api api = cluster.api();
        createConfigMap(api, "counter");
        for (int i = 1; i <= 40; i++) {
            JsonNode written = api.patch("/api/v1/namespaces/" + ns + "/configmaps/counter",
                    "application/merge-patch+json", "{\"data\":{\"n\":\"" + i + "\"}}").assertOk().json();
            JsonNode read = api.get("/api/v1/namespaces/" + ns + "/configmaps/counter").assertOk().json();
            JsonNode list = api.get("/api/v1/namespaces/" + ns + "/configmaps?fieldSelector=metadata.name%3Dcounter")
                    .assertOk().json();

            assertThat(rv(read)).isGreaterThanOrEqualTo(rv(written));
            assertThat(read.path("data").path("n").asString()).isEqualTo(String.valueOf(i));
            assertThat(rv(list)).isGreaterThanOrEqualTo(rv(written));
            assertThat(list.path("items").get(0).path("data").path("n").asString()).isEqualTo(String.valueOf(i));
        }
    }

    @Test
    void concurrentWritersEachReadTheirOwnWrite() throws Exception {
        Api api = cluster.api();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String name = "writer-" + t;
                results.add(pool.submit(() -> {
                    long lastSeen = Long.parseLong(createConfigMap(api, name));
                    for (int i = 1; i <= 10; i++) {
                        long written = rv(api.patch("/api/v1/namespaces/" + ns + "/configmaps/" + name,
                                "application/merge-patch+json", "{\"data\":{\"n\":\"" + i + "\"}}").assertOk().json());
                        JsonNode read = api.get("/api/v1/namespaces/" + ns + "/configmaps/" + name).json();
                        if (rv(read) < written || !read.path("data").path("n").asString().equals(String.valueOf(i))) {
                            throw new AssertionError(name + " wrote " + written + " but read " + read);
                        }
                        lastSeen = Math.max(lastSeen, written);
                    }
                    return lastSeen;
                }));
            }
            for (Future<Long> f : results) {
                assertThat(f.get()).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherGatewayWaitsForTheResourceVersionItIsAskedFor() {
        GatewayHarness.Gateway other = cluster.gateway("short-history", Map.of(
                "kubesim.gateway.watch-history", "100", "kubesim.gateway.bookmark-interval", "1s"));
        String written = createConfigMap(cluster.api(), "seen-elsewhere");

        JsonNode list = other.api("admin").get("/api/v1/namespaces/" + ns + "/configmaps?resourceVersion=" + written)
                .assertOk().json();
        JsonNode got = other.api("admin").get("/api/v1/namespaces/" + ns + "/configmaps/seen-elsewhere"
                + "?resourceVersion=" + written).assertOk().json();

        assertThat(rv(list)).isGreaterThanOrEqualTo(Long.parseLong(written));
        assertThat(list.path("items").findValuesAsString("name")).contains("seen-elsewhere");
        assertThat(rv(got)).isEqualTo(Long.parseLong(written));
    }

    @Test
    void aResourceVersionFromTheFutureIsTooLarge() {
        Api.Response r = cluster.api().get("/api/v1/namespaces/" + ns + "/configmaps?resourceVersion=999999999");

        assertThat(r.code()).isEqualTo(504);
        assertThat(r.json().path("reason").asString()).isEqualTo("Timeout");
        assertThat(r.json().path("message").asString()).startsWith("Too large resource version: 999999999, current: ");
        assertThat(r.json().path("details").path("causes").get(0).path("reason").asString())
                .isEqualTo("ResourceVersionTooLarge");
    }
}
