package io.kubesim.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.TopicNames;
import io.kubesim.model.command.BindPod;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.ReplaceObject;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.EventStream;
import io.kubesim.runtime.KafkaCommandBus;
import io.kubesim.state.log.CommandWriter;
import io.kubesim.state.log.LogRepository;
import io.kubesim.state.replay.Replayer;
import io.kubesim.state.store.LogRow;
import io.kubesim.testsupport.TestInfra;

/**
 * An export of this module's shared state-service imported into a second, new state-service (its own PostgreSQL
 * database and topics): the same rows at the same revisions, the same objects, the same state hash, published to
 * the second cluster's consumers; a malformed file or a log that is not empty writes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportTest extends StateServiceTestBase {

    /** The object under a key now: its newest log row, unless that is a deletion. */
    private static final String LATEST_OBJECT = "SELECT object FROM (SELECT object, type FROM log WHERE key = ? "
            + "ORDER BY revision DESC LIMIT 1) l WHERE type <> 'DELETED'";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ConfigurableApplicationContext fresh;
    private static TopicNames freshTopics;
    private static ClusterCache freshCache;
    private static EventStream freshStream;
    private static String exported;
    private static long exportedRevision;

    @Value("${local.server.port}")
    int port;

    @Autowired
    Replayer replayer;

    @Autowired
    LogRepository repository;

    @BeforeAll
    static void startANewCluster() {
        freshTopics = TestInfra.newTopics("import-target");
        TestInfra.TestDatabase db = TestInfra.newDatabase("import-target");
        fresh = new SpringApplication(StateServiceApplication.class).run(
                "--spring.datasource.url=" + db.jdbcUrl() + "?reWriteBatchedInserts=true",
                "--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
                "--kubesim.kafka.bootstrap-servers=" + TestInfra.kafkaBootstrap(),
                "--kubesim.topic-prefix=" + freshTopics.prefix(), "--server.port=0");
        CommandWriter writer = fresh.getBean(CommandWriter.class);
        await().atMost(PATIENCE).until(() -> writer.isReady() && writer.revision() > 0);
        // a consumer that has read the new cluster's bootstrap rows before the import, as every component has
        freshCache = new ClusterCache();
        freshStream = new EventStream(TestInfra.kafkaBootstrap(), freshTopics, freshCache, "import-test");
        freshStream.start();
        await().atMost(PATIENCE).until(() -> freshCache.isSynced() && freshCache.revision() == writer.revision());
    }

    @AfterAll
    static void stopTheNewCluster() {
        if (freshStream != null) {
            freshStream.close();
        }
        if (fresh != null) {
            fresh.close();
        }
    }

    @Test
    @Order(1)
    void exportAWholeLogWithCreationsBindingsRelabelsAndDeletions() throws Exception {
        List<CommandReply> created = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            created.add(ok(send(createPod("default", "import-" + i))));
        }
        for (int i = 0; i < 20; i += 2) {
            ok(send(new BindPod(Resources.PODS.ref("default", "import-" + i),
                    created.get(i).object().path("metadata").path("uid").asString(), "node-" + (i % 3),
                    "decision-import-" + i, WriteOptions.DEFAULT)));
        }
        for (int i = 1; i < 20; i += 4) {
            ObjectNode pod = (ObjectNode) KubeJson.parse(jdbc.queryForObject(LATEST_OBJECT,
                    String.class, "/pods/default/import-" + i));
            ((ObjectNode) pod.get("metadata")).withObjectProperty("annotations").put("note",
                    "a\tb \\ \"quoted\" é\nnext line");
            ok(send(new ReplaceObject(Resources.PODS.ref("default", "import-" + i), pod, WriteOptions.DEFAULT)));
        }
        for (int i = 3; i < 20; i += 5) {
            ok(send(DeleteObject.now(Resources.PODS.ref("default", "import-" + i), null)));
        }
        ok(send(createPod("default", "import-3")));
        exportedRevision = writer.revision();

        HttpResponse<String> export = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/kubesim/v1/export?toRevision=" + exportedRevision)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(export.statusCode()).isEqualTo(200);
        exported = export.body();
        assertThat(exported.lines().count()).isEqualTo(logRowsUpTo(exportedRevision));
    }

    static Stream<Arguments> malformedImports() {
        return Stream.of(
                Arguments.of("a line that is not JSON", edit(3, l -> "{\"revision\": 3, "), "line 3 "),
                Arguments.of("a row without its object", edit(2, l -> l.substring(0, l.indexOf(",\"object\":")) + "}"),
                        "field object is missing"),
                Arguments.of("a row with an unknown field", edit(2, l -> "{\"colour\":\"red\"," + l.substring(1)),
                        "unknown field \"colour\""),
                Arguments.of("a change type that does not exist", edit(4, l -> l.replace("\"type\":\"ADDED\"",
                        "\"type\":\"CREATED\"")), "type must be ADDED, MODIFIED or DELETED"),
                Arguments.of("a revision that does not increase", edit(5, l -> l.replaceFirst("\"revision\":\\d+",
                        "\"revision\":2")), "revision 2 follows revision 4"),
                Arguments.of("a second creation of an existing key", (UnaryOperator<String>) text -> text + text
                        .lines().filter(l -> l.contains("\"/pods/default/import-0\"")).findFirst().orElseThrow()
                        .replaceFirst("\"revision\":\\d+", "\"revision\":" + (exportedRevision + 1)) + "\n",
                        "adds /pods/default/import-0, which exists since revision"),
                Arguments.of("an export that starts after revision 1", (UnaryOperator<String>) text -> text
                        .substring(text.indexOf('\n') + 1), "only an export of the whole log can be imported"),
                Arguments.of("an empty body", (UnaryOperator<String>) text -> "", "nothing to import"));
    }

    @Order(2)
    @ParameterizedTest(name = "{0} is refused with 422 and writes nothing")
    @MethodSource("malformedImports")
    void aMalformedImportIsRefusedWithInvalidAndWritesNothing(String name, UnaryOperator<String> damage,
            String because) throws Exception {
        List<LogRow> before = rows(fresh.getBean(LogRepository.class), Long.MAX_VALUE);

        HttpResponse<String> response = post(freshPort(), damage.apply(exported));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        JsonNode status = KubeJson.parse(response.body());
        assertThat(status.path("message").asString()).contains(because).endsWith("; nothing was imported");
        assertThat(status).isEqualTo(KubeJson.parse("""
                {"apiVersion":"v1","kind":"Status","metadata":{},"status":"Failure","message":%s,
                 "reason":"Invalid","code":422}""".formatted(KubeJson.write(status.path("message").asString()))));
        assertThat(rows(fresh.getBean(LogRepository.class), Long.MAX_VALUE)).isEqualTo(before);
    }

    /**
     * A client that stalls halfway through its upload holds neither the writer nor the log: commands are answered
     * meanwhile, and when the client gives up, nothing is imported.
     */
    @Test
    @Order(2)
    void aClientThatStallsHalfwayHoldsNeitherTheWriterNorTheLog() throws Exception {
        List<LogRow> before = rows(fresh.getBean(LogRepository.class), Long.MAX_VALUE);
        byte[] body = exported.getBytes(StandardCharsets.UTF_8);
        ObjectNode nameless = pod("default", "x", "nginx");
        ((ObjectNode) nameless.get("metadata")).remove("name");
        CommandReply answered;
        try (Socket socket = new Socket("127.0.0.1", freshPort());
                KafkaCommandBus bus = new KafkaCommandBus(TestInfra.kafkaBootstrap(), freshTopics, "test-user",
                        Duration.ofSeconds(30))) {
            sendImport(socket, body.length, Arrays.copyOf(body, body.length / 2));
            // the import has read the half that was sent (into its temporary file), and waits for the rest
            await().atMost(PATIENCE).until(() -> spooled() == body.length / 2);

            // refused by validation, so that the log stays empty for the import below
            answered = bus.submit(new CreateObject(new ObjectRef("pods", "default", null), nameless,
                    WriteOptions.DEFAULT)).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(answered.code()).as("answered while the upload stalls: %s", answered).isEqualTo(422);
        await().atMost(PATIENCE).until(() -> spooled() < 0); // the client is gone: its import ends
        assertThat(rows(fresh.getBean(LogRepository.class), Long.MAX_VALUE)).isEqualTo(before);
    }

    /** An upload cut off after whole lines (the client half-closes early) is refused: no first part of a log. */
    @Test
    @Order(2)
    void anUploadCutOffAfterWholeLinesIsRefusedAndImportsNothing() throws Exception {
        List<LogRow> before = rows(fresh.getBean(LogRepository.class), Long.MAX_VALUE);
        byte[] body = exported.getBytes(StandardCharsets.UTF_8);
        String firstLines = String.join("\n", exported.lines().limit(20).toList()) + "\n";
        String answer;
        try (Socket socket = new Socket("127.0.0.1", freshPort())) {
            socket.setSoTimeout(30_000);
            sendImport(socket, body.length, firstLines.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        // Tomcat answers this one itself (its read fails), with Spring's error document rather than a Status
        assertThat(answer).startsWith("HTTP/1.1 400 ");
        assertThat(rows(fresh.getBean(LogRepository.class), Long.MAX_VALUE)).isEqualTo(before);
    }

    @Test
    @Order(3)
    void importingTheExportIntoANewClusterGivesTheSameRowsObjectsAndStateHash() throws Exception {
        HttpResponse<String> response = post(freshPort(), exported);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Replayer freshReplayer = fresh.getBean(Replayer.class);
        LogRepository freshRepository = fresh.getBean(LogRepository.class);
        TreeMap<String, Replayer.Version> original = replayer.stateAt(exportedRevision);
        assertThat(KubeJson.parse(response.body())).isEqualTo(KubeJson.parse("""
                {"kind":"Import","rows":%d,"objects":%d,"revision":%d,"replacedBootstrapRows":6,"millis":%d}"""
                .formatted(logRowsUpTo(exportedRevision), original.size(), exportedRevision,
                        KubeJson.parse(response.body()).path("millis").asLong())));
        assertThat(rows(freshRepository, Long.MAX_VALUE)).isEqualTo(rows(repository, exportedRevision));
        // the fresh writer's live state (loaded from the imported log) is the exported cluster's state
        Map<String, LogRepository.StoredText> objects = new TreeMap<>();
        CommandWriter.LiveState live = fresh.getBean(CommandWriter.class).liveState();
        live.snapshot().close();
        live.objects().forEach((k, v) -> objects.put(k, new LogRepository.StoredText(v.revision(), v.text())));
        Map<String, LogRepository.StoredText> expected = new TreeMap<>();
        original.forEach((k, v) -> expected.put(k, new LogRepository.StoredText(v.revision(), v.object())));
        assertThat(objects).isEqualTo(expected);
        Replayer.Verification verification = freshReplayer.verify();
        assertThat(verification.mismatches()).isEmpty();
        assertThat(verification.stateHash()).isEqualTo(Replayer.hash(original));

        CommandWriter freshWriter = fresh.getBean(CommandWriter.class);
        assertThat(freshWriter.revision()).isEqualTo(exportedRevision);
        await().atMost(PATIENCE).until(() -> freshCache.revision() == exportedRevision);
        Map<String, JsonNode> cached = new TreeMap<>();
        freshCache.list("/pods/").forEach(e -> cached.put(e.key(), e.json()));
        Map<String, JsonNode> pods = new TreeMap<>();
        original.subMap("/pods/", "/pods0").forEach((k, v) -> pods.put(k, KubeJson.parse(v.object())));
        assertThat(cached).isEqualTo(pods);
    }

    @Test
    @Order(4)
    void theImportedClusterGoesOnFromTheLastImportedRevision() throws Exception {
        CommandWriter freshWriter = fresh.getBean(CommandWriter.class);
        CommandReply reply;
        try (KafkaCommandBus bus = new KafkaCommandBus(TestInfra.kafkaBootstrap(), freshTopics, "test-user",
                Duration.ofSeconds(30))) {
            reply = bus.submit(createPod("default", "after-import")).get(30, TimeUnit.SECONDS);
        }

        assertThat(reply.code()).isEqualTo(201);
        assertThat(reply.revision()).isEqualTo(exportedRevision + 1);
        assertThat(freshWriter.revision()).isEqualTo(exportedRevision + 1);
        assertThat(fresh.getBean(Replayer.class).verify().mismatches()).isEmpty();
    }

    @Test
    @Order(5)
    void importingIntoALogThatIsNotEmptyIsAConflictAndWritesNothing() throws Exception {
        long rowsBefore = logRows();

        HttpResponse<String> response = post(port, exported);

        assertThat(response.statusCode()).isEqualTo(409);
        JsonNode status = KubeJson.parse(response.body());
        assertThat(status.path("message").asString()).startsWith("the log is not empty: it holds ")
                .endsWith("an export can only be imported into a new cluster");
        assertThat(status).isEqualTo(KubeJson.parse("""
                {"apiVersion":"v1","kind":"Status","metadata":{},"status":"Failure","message":%s,
                 "reason":"Conflict","code":409}""".formatted(KubeJson.write(status.path("message").asString()))));
        assertThat(logRows()).isEqualTo(rowsBefore);
        assertThat(post(freshPort(), exported).statusCode()).as("a second import").isEqualTo(409);
    }

    @Order(6)
    @ParameterizedTest(name = "a refused import of {0} MB gets its 409 after the rest of the body is read")
    @ValueSource(ints = {3, 24})
    void aRefusedImportIsAnsweredHoweverLargeItsBody(int megabytes) throws Exception {
        long rowsBefore = logRows();
        StringBuilder body = new StringBuilder(megabytes << 20);
        while (body.length() < megabytes << 20) {
            body.append(exported);
        }

        String answer = postOnOwnSocket(port, body.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(answer).startsWith("HTTP/1.1 409 ");
        JsonNode status = KubeJson.parse(answer.substring(answer.indexOf('{'), answer.lastIndexOf('}') + 1));
        assertThat(status.path("reason").asString() + ": " + status.path("message").asString())
                .startsWith("Conflict: the log is not empty: it holds ");
        assertThat(logRows()).isEqualTo(rowsBefore);
    }

    // ---------------------------------------------------------------- helpers

    /** Replaces line {@code n} (1-based) of the export. */
    private static UnaryOperator<String> edit(int n, UnaryOperator<String> change) {
        return text -> {
            List<String> lines = new ArrayList<>(text.lines().toList());
            lines.set(n - 1, change.apply(lines.get(n - 1)));
            return String.join("\n", lines) + "\n";
        };
    }

    private static CommandReply ok(CommandReply reply) {
        assertThat(reply.code()).as("reply %s", reply).isBetween(200, 299);
        return reply;
    }

    private long logRowsUpTo(long revision) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM log WHERE revision <= ?", Long.class, revision);
        return n == null ? 0 : n;
    }

    private static List<LogRow> rows(LogRepository repository, long upTo) {
        List<LogRow> out = new ArrayList<>();
        repository.streamRows(0, upTo, out::add);
        return out;
    }

    private static int freshPort() {
        return Integer.parseInt(fresh.getEnvironment().getProperty("local.server.port"));
    }

    /**
     * The whole answer to an import written on a socket of its own: the whole body first, then the answer read to
     * the end. A server that closes with unread bytes resets the connection, which fails here every time (a client
     * that reads while it sends loses the answer only now and then).
     */
    private static String postOnOwnSocket(int port, byte[] body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            sendImport(socket, body.length, body);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The size of the import's temporary file, -1 if there is none (this JVM runs the new cluster). */
    private static long spooled() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            List<Path> spools = files.filter(f -> f.getFileName().toString().startsWith("kubesim-import-upload-")
                    && f.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(f)).toList();
            long size = -1;
            for (Path f : spools) {
                try {
                    size = Math.max(size, Files.size(f));
                } catch (IOException gone) {
                    // removed meanwhile
                }
            }
            return size;
        }
    }

    /** Writes an import's request head declaring {@code length} bytes of body, then {@code sent} (all or a part). */
    private static void sendImport(Socket socket, long length, byte[] sent) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /kubesim/v1/import HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/jsonl\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(sent);
        out.flush();
    }

    private static HttpResponse<String> post(int port, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/kubesim/v1/import"))
                .header("Content-Type", "application/jsonl").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
