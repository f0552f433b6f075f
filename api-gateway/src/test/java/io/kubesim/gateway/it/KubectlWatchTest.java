package io.kubesim.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import tools.jackson.databind.JsonNode;

/**
 * Watches: {@code kubectl get -w} prints every transition of a pod's life; raw watches resume from a
 * resourceVersion, end with an {@code Expired} (410) ERROR event when it is too old, send bookmarks when allowed,
 * and send the initial events with an end marker when asked. A second gateway with a short history (100 changes)
 * and a one-second bookmark interval shows expiry and bookmarks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlWatchTest {

    private final GatewayHarness cluster = GatewayHarness.shared();
    private GatewayHarness.Gateway shortHistory;
    private String ns;
    private String node;

    @BeforeAll
    void setUp() {
        ns = cluster.namespace("watch");
        node = cluster.unique("watch-node");
        cluster.node(node, "arm64", Map.of());
        shortHistory = cluster.gateway("short-history", Map.of("kubesim.gateway.watch-history", "100",
                "kubesim.gateway.bookmark-interval", "1s"));
    }

    private static String pod(String name) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, labels: {app: watched}}
                spec:
                  containers: [{name: web, image: nginx:1.27}]
                """.formatted(name);
    }

    @Test
    void kubectlGetWatchPrintsEveryTransition() throws Exception {
        String ns = cluster.namespace("watch-life");
        cluster.kubectl().runWithInput(pod("life"), "create", "-n", ns, "-f", "-").assertOk();
        Process watch = cluster.kubectl().start("get", "pods", "-w", "-n", ns);
        BlockingQueue<String> lines = lines(watch);
        try {
            List<String> seen = new ArrayList<>();
            seen.add(next(lines, seen));
            seen.add(next(lines, seen));

            cluster.bind(ns, "life", node);
            seen.add(next(lines, seen));
            cluster.api().patch("/api/v1/namespaces/" + ns + "/pods/life/status",
                    "application/strategic-merge-patch+json", Api.json("""
                            {'status':{'phase':'Pending','containerStatuses':[{'name':'web','ready':false,
                             'restartCount':0,'image':'nginx:1.27','imageID':'',
                             'state':{'waiting':{'reason':'ContainerCreating'}}}]}}""").toString()).assertOk();
            seen.add(next(lines, seen));
            cluster.running(ns, "life", "web", "10.244.3.3");
            seen.add(next(lines, seen));
            cluster.kubectl().run("delete", "pod", "life", "-n", ns, "--wait=false").assertOk();
            seen.add(next(lines, seen));
            cluster.api().patch("/api/v1/namespaces/" + ns + "/pods/life/status",
                    "application/strategic-merge-patch+json", Api.json("""
                            {'status':{'containerStatuses':[{'name':'web','ready':false,'started':false,
                             'restartCount':0,'image':'nginx:1.27','imageID':'',
                             'state':{'terminated':{'exitCode':0,'reason':'Completed',
                              'startedAt':'2026-01-01T00:00:00Z','finishedAt':'2026-01-01T00:01:00Z'}}}]}}""")
                            .toString()).assertOk();
            seen.add(next(lines, seen));
            cluster.finishDeletion(ns, "life");
            seen.add(next(lines, seen));

            assertThat(Output.table(String.join("\n", seen))).isEqualTo("""
                    NAME | READY | STATUS | RESTARTS | AGE
                    life | 0/1 | Pending | 0 | <age>
                    life | 0/1 | Pending | 0 | <age>
                    life | 0/1 | ContainerCreating | 0 | <age>
                    life | 1/1 | Running | 0 | <age>
                    life | 1/1 | Terminating | 0 | <age>
                    life | 0/1 | Terminating | 0 | <age>
                    life | 0/1 | Terminating | 0 | <age>
                    """);
            assertThat(watch.isAlive()).isTrue();
        } finally {
            watch.destroy();
        }
    }

    @Test
    void aWatchResumesAfterTheResourceVersionItWasGiven() {
        Api api = cluster.api();
        String created = api.post("/api/v1/namespaces/" + ns + "/pods", Api.json(
                "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'resume','labels':{'app':'r'}},"
                        + "'spec':{'containers':[{'name':'web','image':'nginx:1.27'}]}}").toString())
                .json().path("metadata").path("resourceVersion").asString();
        String second = label(api, "resume", "1");
        String third = label(api, "resume", "2");

        List<JsonNode> events = api.watch("/api/v1/namespaces/" + ns + "/pods?watch=true&resourceVersion="
                + created + "&labelSelector=app%3Dr", 2, Duration.ofSeconds(10));

        assertThat(events.stream().map(e -> e.path("type").asString() + " "
                + e.path("object").path("metadata").path("resourceVersion").asString() + " "
                + e.path("object").path("metadata").path("labels").path("step").asString()).toList())
                .containsExactly("MODIFIED " + second + " 1", "MODIFIED " + third + " 2");
    }

    @Test
    void aWatchWithoutAResourceVersionStartsWithTheCurrentObjects() {
        cluster.kubectl().runWithInput(pod("current-a") + "---\n" + pod("current-b"), "create", "-n", ns, "-f", "-")
                .assertOk();

        List<JsonNode> events = cluster.api().watch("/api/v1/namespaces/" + ns
                + "/pods?watch=true&fieldSelector=metadata.name%3Dcurrent-b", 1, Duration.ofSeconds(10));

        assertThat(events).hasSize(1);
        assertThat(events.getFirst().path("type").asString()).isEqualTo("ADDED");
        assertThat(events.getFirst().path("object").path("metadata").path("name").asString()).isEqualTo("current-b");
    }

    @Test
    void aTooOldResourceVersionEndsTheWatchWithAnExpiredStatus() {
        Api api = shortHistory.api("admin");
        String first = api.post("/api/v1/namespaces/" + ns + "/configmaps", Api.json(
                "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'churn'},'data':{'n':'0'}}").toString())
                .json().path("metadata").path("resourceVersion").asString();
        String last = first;
        for (int i = 1; i <= 101; i++) {
            last = api.patch("/api/v1/namespaces/" + ns + "/configmaps/churn", "application/merge-patch+json",
                    "{\"data\":{\"n\":\"" + i + "\"}}").json().path("metadata").path("resourceVersion").asString();
        }
        long oldestKept = Long.parseLong(last) - 99;

        List<JsonNode> events = api.watch("/api/v1/namespaces/" + ns + "/configmaps?watch=true&resourceVersion="
                + first, 2, Duration.ofSeconds(5));

        assertThat(events).containsExactly(Api.json("""
                {'type':'ERROR','object':{'apiVersion':'v1','kind':'Status','metadata':{},'status':'Failure',
                 'message':'too old resource version: %s (%d)','reason':'Expired','code':410}}
                """.formatted(first, oldestKept - 1)));
        assertThat(api.watch("/api/v1/namespaces/" + ns + "/configmaps?watch=true&resourceVersion="
                + (oldestKept - 1), 100, Duration.ofSeconds(5))).hasSize(100);
    }

    @Test
    void aWatchThatAllowsBookmarksGetsThem() {
        Api api = shortHistory.api("admin");
        String rv = api.post("/api/v1/namespaces/" + ns + "/configmaps", Api.json(
                "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'marked'}}").toString())
                .json().path("metadata").path("resourceVersion").asString();

        List<JsonNode> events = api.watch("/api/v1/namespaces/" + ns + "/pods?watch=true&allowWatchBookmarks=true"
                + "&resourceVersion=" + rv, 1, Duration.ofSeconds(5));

        assertThat(events).containsExactly(Api.json("""
                {'type':'BOOKMARK','object':{'kind':'Pod','apiVersion':'v1','metadata':{'resourceVersion':'%s'}}}
                """.formatted(rv)));
    }

    @Test
    void initialEventsEndWithAnAnnotatedBookmark() {
        cluster.kubectl().runWithInput(pod("initial"), "create", "-n", ns, "-f", "-").assertOk();

        List<JsonNode> events = cluster.api().watch("/api/v1/namespaces/" + ns + "/pods?watch=true"
                + "&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true"
                + "&fieldSelector=metadata.name%3Dinitial", 2, Duration.ofSeconds(10));

        assertThat(events).hasSize(2);
        assertThat(events.get(0).path("type").asString()).isEqualTo("ADDED");
        assertThat(events.get(0).path("object").path("metadata").path("name").asString()).isEqualTo("initial");
        assertThat(events.get(1).path("type").asString()).isEqualTo("BOOKMARK");
        assertThat(events.get(1).path("object").path("metadata").path("annotations"))
                .isEqualTo(Api.json("{'k8s.io/initial-events-end':'true'}"));
    }

    @Test
    void initialEventsWithoutBookmarksAreInvalid() {
        Api.Response r = cluster.api().get("/api/v1/namespaces/" + ns + "/pods?watch=true&sendInitialEvents=true"
                + "&resourceVersionMatch=NotOlderThan");

        assertThat(r.code()).isEqualTo(422);
        assertThat(r.json()).isEqualTo(Api.json("""
                {'apiVersion':'v1','kind':'Status','metadata':{},'status':'Failure',
                 'message':'ListOptions.meta.k8s.io \\"\\" is invalid: allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true',
                 'reason':'Invalid','details':{'group':'meta.k8s.io','kind':'ListOptions','name':'',
                  'causes':[{'reason':'FieldValueForbidden','message':'Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true','field':'allowWatchBookmarks'}]},
                 'code':422}
                """));
    }

    private String label(Api api, String pod, String step) {
        return api.patch("/api/v1/namespaces/" + ns + "/pods/" + pod, "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"step\":\"" + step + "\"}}}").assertOk().json().path("metadata")
                .path("resourceVersion").asString();
    }

    private static BlockingQueue<String> lines(Process p) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    q.add(line);
                }
            } catch (IOException e) {
                // process ended
            }
        });
        return q;
    }

    private static String next(BlockingQueue<String> lines, List<String> seen) throws InterruptedException {
        String line = lines.poll(20, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("kubectl get -w printed nothing more after:\n" + String.join("\n", seen));
        }
        return line;
    }
}
