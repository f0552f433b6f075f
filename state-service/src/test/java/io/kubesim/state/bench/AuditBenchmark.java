package io.kubesim.state.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import io.kubesim.model.TopicNames;
import io.kubesim.model.json.KubeJson;
import io.kubesim.state.StateServiceApplication;
import io.kubesim.state.log.CommandWriter;
import io.kubesim.state.log.LogRepository;
import io.kubesim.state.replay.Replayer;
import io.kubesim.testsupport.TestInfra;

/**
 * The audit reads on a big log: fills a new database with N events (COPY, straight into the log, as the writer
 * would have left it: pods of about 1.5 KB with several revisions each, some deleted and created
 * again, and volatile Lease renewals), starts a real state-service on it and measures over HTTP, as the CLI calls
 * it, verify (replay of the whole log, in events/s) and the state at a revision in the middle of the log. A
 * benchmark that prints figures, not a test:
 *
 * <pre>./mvnw -q -pl state-service test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.kubesim.state.bench.AuditBenchmark [-Dexec.args="1000000 50000"]</pre>
 *
 * (arguments: events, pod keys; default 1,000,000 and 50,000; the database is dropped at the end unless the
 * environment has KEEP_DB).
 */
public final class AuditBenchmark {

    private static final int LEASES = 500;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int pods = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        TestInfra.TestDatabase db = TestInfra.newDatabase("audit-benchmark");
        TopicNames topics = TestInfra.newTopics("audit-benchmark");
        Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).load().migrate();

        long t0 = System.nanoTime();
        Fill fill = fill(db, events, pods);
        System.out.printf("filled %,d events (%,d pod keys, %d leases; %,d objects live; %.0f MB of object JSON, "
                + "%,d bytes per pod on average) in %.1f s%n", events, pods, LEASES, fill.live(),
                fill.bytes() / 1e6, fill.podBytes() / Math.max(1, fill.podRows()), (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE log");
        }
        System.out.printf("VACUUM ANALYZE in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        ConfigurableApplicationContext ctx = new SpringApplication(StateServiceApplication.class).run(
                "--spring.datasource.url=" + db.jdbcUrl() + "?reWriteBatchedInserts=true",
                "--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
                "--kubesim.kafka.bootstrap-servers=" + TestInfra.kafkaBootstrap(),
                "--kubesim.topic-prefix=" + topics.prefix(), "--server.port=0", "--logging.level.root=WARN");
        CommandWriter writer = ctx.getBean(CommandWriter.class);
        while (!writer.isReady()) {
            Thread.sleep(50);
        }
        String base = "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");

        for (int i = 1; i <= 3; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/kubesim/v1/verify"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            double seconds = (System.nanoTime() - start) / 1e9;
            JsonNode v = KubeJson.parse(r.body());
            System.out.printf("verify %d: %,d rows, %,d keys, %d mismatches, %.2f s over HTTP (%d ms in "
                    + "state-service): %,.0f events/s%n", i, v.path("rows").asLong(), v.path("keys").asLong(),
                    v.path("mismatches").size(), seconds, v.path("millis").asLong(), v.path("rows").asLong()
                            / seconds);
        }
        long middle = events / 2;
        Replayer replayer = ctx.getBean(Replayer.class);
        LogRepository repository = ctx.getBean(LogRepository.class);
        for (int i = 1; i <= 3; i++) {
            long start = System.nanoTime();
            long[] objects = {0};
            repository.stateAt(Long.MAX_VALUE, "", (key, v) -> objects[0]++);
            System.out.printf("for comparison, the live state read as state-service loads it when it starts: %,d "
                    + "objects in %.2f s%n", objects[0], (System.nanoTime() - start) / 1e9);
        }
        for (int i = 1; i <= 3; i++) {
            long start = System.nanoTime();
            int objects = replayer.stateAt(middle).size();
            System.out.printf("state at revision %,d read in state-service's process (Replayer.stateAt, no HTTP): "
                    + "%,d objects in %.2f s%n", middle, objects, (System.nanoTime() - start) / 1e9);
        }
        for (int i = 1; i <= 3; i++) {
            // the answer's last byte, read as it streams in (as `./kubesim audit at -o json > file` would)
            long start = System.nanoTime();
            HttpResponse<java.io.InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(base
                    + "/kubesim/v1/state?revision=" + middle)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            long bytes = 0;
            try (java.io.InputStream in = r.body()) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    bytes += n;
                }
            }
            System.out.printf("at --revision %,d, whole state (%d): HTTP %d, %.0f MB, last byte after %.2f s%n",
                    middle, i, r.statusCode(), bytes / 1e6, (System.nanoTime() - start) / 1e9);
        }
        for (String prefix : new String[] {"/", "/pods/ns-7/"}) {
            for (int i = 1; i <= 3; i++) {
                long start = System.nanoTime();
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/kubesim/v1/state?revision="
                        + middle + "&prefix=" + prefix)).GET().build());
                double seconds = (System.nanoTime() - start) / 1e9;
                int items = KubeJson.parse(r.body()).path("items").size();
                System.out.printf("at --revision %,d --prefix %s (%d): HTTP %d, %,d objects, %.0f MB, %.2f s%n",
                        middle, prefix, i, r.statusCode(), items, r.body().length() / 1e6, seconds);
            }
        }
        ctx.close();
        // the database takes some GB: dropped unless KEEP_DB is set
        if (System.getenv("KEEP_DB") == null) {
            TestInfra.dropDatabase(db);
        }
        System.exit(0);
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    record Fill(long live, long bytes, long podBytes, long podRows) {
    }

    /** Random changes: 5 % Lease renewals (volatile), else a pod created, modified or (4 %) deleted. */
    private static Fill fill(TestInfra.TestDatabase db, int events, int pods) throws SQLException {
        SplittableRandom random = new SplittableRandom(42);
        Map<String, String[]> live = new HashMap<>(); // key -> {revision, object, uid}
        Instant origin = Instant.parse("2026-12-01T00:00:00Z");
        long bytes = 0;
        long podBytes = 0;
        long podRows = 0;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            c.setAutoCommit(false);
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY log (revision, key, type, object, "
                    + "prev_revision, actor, command_id, decision_id, reply_code, time, volatile) FROM STDIN");
            StringBuilder buffer = new StringBuilder(1 << 21);
            for (long revision = 1; revision <= events; revision++) {
                boolean lease = random.nextInt(100) < 5;
                String key;
                String object;
                String type;
                String actor;
                String[] current;
                String uid = "";
                Instant time = origin.plusMillis(revision * 3);
                if (lease) {
                    int n = random.nextInt(LEASES);
                    key = "/leases/kube-node-lease/node-" + n;
                    current = live.get(key);
                    uid = "lease";
                    object = lease("node-" + n, revision, time);
                    type = current == null ? "ADDED" : "MODIFIED";
                    actor = "system:node:node-" + n;
                } else {
                    int n = random.nextInt(pods);
                    String ns = "ns-" + (n % 50);
                    String name = "pod-" + n;
                    key = "/pods/" + ns + "/" + name;
                    current = live.get(key);
                    uid = current == null ? UUID.randomUUID().toString() : current[2];
                    if (current != null && random.nextInt(100) < 4) {
                        type = "DELETED";
                        object = current[1];
                    } else {
                        type = current == null ? "ADDED" : "MODIFIED";
                        object = pod(ns, name, uid, revision, random.nextInt(1000), time);
                    }
                    actor = current == null ? "admin" : "system:node:node-" + random.nextInt(LEASES);
                    podBytes += object.length();
                    podRows++;
                }
                buffer.append(revision).append('\t').append(key).append('\t').append(type).append('\t')
                        .append(object).append('\t').append(current == null ? 0 : current[0]).append('\t')
                        .append(actor).append('\t').append(UUID.randomUUID()).append("\t\\N\t")
                        .append(type.equals("ADDED") ? 201 : 200).append('\t').append(time).append('\t')
                        .append(lease && current != null ? 't' : 'f').append('\n');
                bytes += object.length();
                if (type.equals("DELETED")) {
                    live.remove(key);
                } else {
                    live.put(key, new String[] {Long.toString(revision), object, uid});
                }
                if (buffer.length() >= 1 << 21) {
                    write(copy, buffer);
                }
            }
            write(copy, buffer);
            copy.endCopy();
            try (Statement s = c.createStatement()) {
                // as the writer leaves it: everything published, no command read yet
                s.executeUpdate("UPDATE writer_state SET published_revision = " + events + " WHERE id = 1");
            }
            c.commit();
        }
        return new Fill(live.size(), bytes, podBytes, podRows);
    }

    private static void write(CopyIn copy, StringBuilder buffer) throws SQLException {
        byte[] b = buffer.toString().getBytes(StandardCharsets.UTF_8);
        buffer.setLength(0);
        copy.writeToCopy(b, 0, b.length);
    }

    private static String lease(String node, long revision, Instant time) {
        return "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"" + node
                + "\",\"namespace\":\"kube-node-lease\",\"resourceVersion\":\"" + revision + "\",\"ownerReferences\":"
                + "[{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"" + node + "\"}]},\"spec\":{\"holderIdentity\":\""
                + node + "\",\"leaseDurationSeconds\":40,\"renewTime\":\"" + time + "\"}}";
    }

    /** A pod as the cluster stores it once scheduled and running: about 1.5 KB. */
    private static String pod(String ns, String name, String uid, long revision, int round, Instant time) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + ns
                + "\",\"uid\":\"" + uid + "\",\"resourceVersion\":\"" + revision + "\",\"creationTimestamp\":\""
                + time + "\",\"labels\":{\"app\":\"web\",\"pod-template-hash\":\"5d8f7c9b6\",\"round\":\"" + round
                + "\"},\"annotations\":{\"kubesim.io/note\":\"benchmark pod with a realistic size\"},"
                + "\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"web-5d8f7c9b6\","
                + "\"uid\":\"7d1f6a38-3f0e-4a53-9a8e-0c6f2b4d1e55\",\"controller\":true,\"blockOwnerDeletion\":true}]},"
                + "\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"registry.example/web:1." + round % 30
                + "\",\"ports\":[{\"containerPort\":8080,\"protocol\":\"TCP\"}],\"resources\":{\"requests\":{\"cpu\":"
                + "\"100m\",\"memory\":\"128Mi\"},\"limits\":{\"memory\":\"256Mi\"}},\"terminationMessagePath\":"
                + "\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\",\"imagePullPolicy\":\"IfNotPresent\"}],"
                + "\"restartPolicy\":\"Always\",\"terminationGracePeriodSeconds\":30,\"dnsPolicy\":\"ClusterFirst\","
                + "\"serviceAccountName\":\"default\",\"serviceAccount\":\"default\",\"nodeName\":\"node-" + round % 500
                + "\",\"securityContext\":{},\"schedulerName\":\"default-scheduler\",\"tolerations\":[{\"key\":"
                + "\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\","
                + "\"tolerationSeconds\":300},{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\","
                + "\"effect\":\"NoExecute\",\"tolerationSeconds\":300}],\"priority\":0,\"enableServiceLinks\":true,"
                + "\"preemptionPolicy\":\"PreemptLowerPriority\"},\"status\":{\"phase\":\"Running\",\"conditions\":["
                + "{\"type\":\"Initialized\",\"status\":\"True\",\"lastTransitionTime\":\"" + time + "\"},"
                + "{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":\"" + time + "\"},"
                + "{\"type\":\"ContainersReady\",\"status\":\"True\",\"lastTransitionTime\":\"" + time + "\"},"
                + "{\"type\":\"PodScheduled\",\"status\":\"True\",\"lastTransitionTime\":\"" + time + "\"}],"
                + "\"hostIP\":\"10.0." + round % 250 + ".1\",\"podIP\":\"10.244." + round % 250 + "." + round % 200
                + "\",\"startTime\":\"" + time + "\",\"containerStatuses\":[{\"name\":\"web\",\"state\":{\"running\":"
                + "{\"startedAt\":\"" + time + "\"}},\"ready\":true,\"restartCount\":0,\"image\":\"registry.example/web:1."
                + round % 30 + "\",\"imageID\":\"registry.example/web@sha256:0123456789abcdef\",\"started\":true}],"
                + "\"qosClass\":\"Burstable\"}}";
    }

    private AuditBenchmark() {
    }
}
