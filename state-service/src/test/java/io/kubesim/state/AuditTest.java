package io.kubesim.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.command.BindPod;
import io.kubesim.model.command.Command;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.ReplaceObject;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;
import io.kubesim.state.audit.JsonPatchApplier;

/** The log read by an auditor over state-service's HTTP API: history, diff, state at a time, export. */
class AuditTest extends StateServiceTestBase {

    /** The object under a key now: its newest log row, unless that is a deletion. */
    private static final String LATEST_OBJECT = "SELECT object FROM (SELECT object, type FROM log WHERE key = ? "
            + "ORDER BY revision DESC LIMIT 1) l WHERE type <> 'DELETED'";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Test
    void theHistoryOfOnePodIsItsCreationBindingAndDeletionInRevisionOrderWithThePatchOfEach() {
        CommandReply created = ok(send(createPod("default", "audit-web")));
        CommandReply bound = ok(send(new BindPod(Resources.PODS.ref("default", "audit-web"),
                created.object().path("metadata").path("uid").asString(), "node-a", "decision-audit-web",
                WriteOptions.DEFAULT)));
        CommandReply deleted = ok(send(DeleteObject.now(Resources.PODS.ref("default", "audit-web"), null)));

        JsonNode history = getJson("/kubesim/v1/history?key=" + enc("/pods/default/audit-web"));

        List<JsonNode> items = list(history.path("items"));
        assertThat(items).extracting(e -> e.path("type").asString()).containsExactly("ADDED", "MODIFIED", "DELETED");
        assertThat(items).extracting(e -> e.path("revision").asLong())
                .containsExactly(created.revision(), bound.revision(), deleted.revision());
        assertThat(history.has("continue")).isFalse();
        JsonNode added = items.get(0);
        assertThat(added.path("key").asString()).isEqualTo("/pods/default/audit-web");
        assertThat(added.path("actor").asString()).isEqualTo("test-user");
        assertThat(added.path("commandId").asString()).isEqualTo(created.commandId());
        assertThat(Instant.parse(added.path("time").asString())).isEqualTo(timeOf(created.revision()));
        assertThat(added.path("patch")).isEqualTo(KubeJson.json().createArrayNode().add(
                KubeJson.json().createObjectNode().put("op", "add").put("path", "").set("value", created.object())));

        JsonNode binding = items.get(1);
        assertThat(binding.path("decisionId").asString()).isEqualTo("decision-audit-web");
        assertThat(binding.path("commandId").asString()).isEqualTo(bound.commandId());
        assertThat(paths(binding.path("patch")))
                .containsExactly("/metadata/resourceVersion", "/spec/nodeName", "/status/conditions");
        assertThat(binding.path("patch").get(1)).isEqualTo(KubeJson.parse(
                "{\"op\":\"add\",\"path\":\"/spec/nodeName\",\"value\":\"node-a\"}"));
        assertThat(binding.path("patch").get(0)).isEqualTo(KubeJson.json().createObjectNode().put("op", "replace")
                .put("path", "/metadata/resourceVersion").put("value", String.valueOf(bound.revision())));

        JsonNode deletion = items.get(2);
        assertThat(deletion.path("commandId").asString()).isEqualTo(deleted.commandId());
        assertThat(apply(apply(created.object(), binding.path("patch")), deletion.path("patch")))
                .isEqualTo(objectAt(deleted.revision()));
    }

    @Test
    void theActorAndKindFiltersReturnOnlyThatActorsChangesOfThatKind() {
        List<Long> alice = new ArrayList<>();
        alice.add(ok(send("audit-alice", createPod("default", "audit-alice-1"))).revision());
        long bob = ok(send("audit-bob", createPod("default", "audit-bob-1"))).revision();
        alice.add(ok(send("audit-alice", createPod("default", "audit-alice-2"))).revision());
        alice.add(ok(send("audit-alice", relabel("audit-bob-1", "seen-by-alice"))).revision());

        List<JsonNode> ofAlice = list(getJson("/kubesim/v1/history?actor=audit-alice").path("items"));
        assertThat(ofAlice).extracting(e -> e.path("revision").asLong()).containsExactlyElementsOf(alice);
        assertThat(ofAlice).extracting(e -> e.path("key").asString()).containsExactly("/pods/default/audit-alice-1",
                "/pods/default/audit-alice-2", "/pods/default/audit-bob-1");
        assertThat(ofAlice).allSatisfy(e -> assertThat(e.path("actor").asString()).isEqualTo("audit-alice"));
        assertThat(list(getJson("/kubesim/v1/history?actor=audit-bob").path("items")))
                .extracting(e -> e.path("revision").asLong()).containsExactly(bob);

        assertThat(list(getJson("/kubesim/v1/history?actor=audit-alice&kind=Pod").path("items")))
                .isEqualTo(ofAlice);
        assertThat(list(getJson("/kubesim/v1/history?actor=audit-alice&resource=pods").path("items")))
                .isEqualTo(ofAlice);
        assertThat(list(getJson("/kubesim/v1/history?actor=audit-alice&kind=Node").path("items"))).isEmpty();
        assertThat(list(getJson("/kubesim/v1/history?actor=audit-alice&fromRevision=" + (alice.get(0) + 1)
                + "&toRevision=" + alice.get(1)).path("items")))
                .extracting(e -> e.path("revision").asLong()).containsExactly(alice.get(1));
    }

    @Test
    void theTimeFilterReturnsTheChangesCommittedFromSinceToUntilInclusive() throws InterruptedException {
        List<Long> revisions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                Thread.sleep(30);
            }
            revisions.add(ok(send("audit-clock", createPod("default", "audit-clock-" + i))).revision());
        }
        List<Instant> times = revisions.stream().map(this::timeOf).toList();
        assertThat(times).isSortedAccordingTo(Instant::compareTo).doesNotHaveDuplicates();

        String since = enc(times.get(1).toString());
        String until = enc(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                times.get(2).atOffset(ZoneOffset.ofHours(-5))));
        List<JsonNode> between = list(getJson("/kubesim/v1/history?actor=audit-clock&since=" + since + "&until="
                + until).path("items"));

        assertThat(between).extracting(e -> e.path("revision").asLong())
                .containsExactly(revisions.get(1), revisions.get(2));
        assertThat(list(getJson("/kubesim/v1/history?actor=audit-clock&since=" + enc(times.get(3).toString()))
                .path("items"))).extracting(e -> e.path("revision").asLong()).containsExactly(revisions.get(3));
        assertThat(list(getJson("/kubesim/v1/history?actor=audit-clock&until="
                + enc(times.get(0).minusNanos(1000).toString())).path("items"))).isEmpty();
    }

    @Test
    void pagingThroughTheHistoryReturnsEveryEntryExactlyOnceInOrder() {
        List<Long> written = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            written.add(ok(send("audit-pager", createPod("default", "audit-page-" + i))).revision());
        }
        written.add(ok(send("audit-pager", relabel("audit-page-3", "again"))).revision());

        List<Long> paged = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = getJson("/kubesim/v1/history?actor=audit-pager&limit=3"
                    + (token == null ? "" : "&continue=" + enc(token)));
            List<JsonNode> items = list(page.path("items"));
            pageSizes.add(items.size());
            items.forEach(e -> paged.add(e.path("revision").asLong()));
            token = page.has("continue") ? page.path("continue").asString() : null;
        } while (token != null && pageSizes.size() < 10);

        assertThat(paged).isEqualTo(written);
        assertThat(pageSizes).containsExactly(3, 3, 2);
        assertThat(list(getJson("/kubesim/v1/history?actor=audit-pager").path("items")))
                .extracting(e -> e.path("revision").asLong()).isEqualTo(written);
    }

    @Test
    void theDiffBetweenTwoRevisionsListsExactlyTheObjectsAddedRemovedAndModified() {
        long gone = ok(send(createPod("default", "audit-diff-gone"))).revision();
        long unchanged = ok(send(createPod("default", "audit-diff-changed"))).revision();
        long from = ok(send(createPod("default", "audit-diff-untouched"))).revision();

        long added = ok(send(createPod("default", "audit-diff-new"))).revision();
        long removed = ok(send(DeleteObject.now(Resources.PODS.ref("default", "audit-diff-gone"), null))).revision();
        ok(send(relabel("audit-diff-changed", "first")));
        long changed = ok(send(relabel("audit-diff-changed", "second"))).revision();
        ok(send(createPod("default", "audit-diff-transient")));
        long to = ok(send(DeleteObject.now(Resources.PODS.ref("default", "audit-diff-transient"), null))).revision();

        JsonNode diff = getJson("/kubesim/v1/diff?from=" + from + "&to=" + to);

        assertThat(diff.path("from").asLong()).isEqualTo(from);
        assertThat(diff.path("to").asLong()).isEqualTo(to);
        assertThat(diff.path("added")).isEqualTo(KubeJson.parse(
                "[{\"key\":\"/pods/default/audit-diff-new\",\"revision\":" + added + "}]"));
        assertThat(diff.path("removed")).isEqualTo(KubeJson.parse(
                "[{\"key\":\"/pods/default/audit-diff-gone\",\"revision\":" + gone + "}]"));
        assertThat(removed).isGreaterThan(from);
        List<JsonNode> modified = list(diff.path("modified"));
        assertThat(modified).extracting(m -> m.path("key").asString())
                .containsExactly("/pods/default/audit-diff-changed");
        JsonNode m = modified.getFirst();
        assertThat(m.path("fromRevision").asLong()).isEqualTo(unchanged);
        assertThat(m.path("toRevision").asLong()).isEqualTo(changed);
        assertThat(m.path("patch")).isEqualTo(KubeJson.parse("""
                [{"op":"add","path":"/metadata/labels/round","value":"second"},
                 {"op":"replace","path":"/metadata/resourceVersion","value":"%d"}]""".formatted(changed)));
        assertThat(apply(objectAt(unchanged), m.path("patch"))).isEqualTo(objectAt(changed));

        JsonNode none = getJson("/kubesim/v1/diff?from=" + to + "&to=" + to);
        assertThat(list(none.path("added")).size() + list(none.path("removed")).size()
                + list(none.path("modified")).size()).isZero();
    }

    @Test
    void theStateAtATimeIsTheStateAtTheLastRevisionCommittedAtOrBeforeIt() throws InterruptedException {
        ok(send(createPod("default", "audit-time-1")));
        Thread.sleep(50);
        long middle = ok(send(createPod("default", "audit-time-2"))).revision();
        Thread.sleep(50);
        ok(send(relabel("audit-time-1", "later")));
        Instant at = timeOf(middle);
        assertThat(timeOf(middle + 1)).isAfter(at);

        String prefix = "&prefix=" + enc("/pods/default/audit-time-");
        String inParis = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(ZoneOffset.ofHours(1)));
        JsonNode byTime = getJson("/kubesim/v1/state?time=" + enc(inParis) + prefix);
        JsonNode byRevision = getJson("/kubesim/v1/state?revision=" + middle + prefix);

        assertThat(byTime.path("revision").asLong()).isEqualTo(middle);
        assertThat(byTime).isEqualTo(byRevision);
        assertThat(list(byTime.path("items"))).extracting(o -> o.path("metadata").path("name").asString())
                .containsExactly("audit-time-1", "audit-time-2");
        assertThat(list(byTime.path("items")).getFirst().path("metadata").path("labels").has("round")).isFalse();

        JsonNode justBefore = getJson("/kubesim/v1/state?time=" + enc(at.minusNanos(1000).toString()) + prefix);
        assertThat(justBefore.path("revision").asLong()).isEqualTo(middle - 1);
        JsonNode beforeEverything = getJson("/kubesim/v1/state?time=1970-01-01T00:00:00Z");
        assertThat(beforeEverything).isEqualTo(KubeJson.parse("{\"revision\":0,\"items\":[]}"));
    }

    @Test
    void theExportIsOneJsonLinePerLogRowInRevisionOrder() throws Exception {
        long first = ok(send(createPod("default", "audit-export"))).revision();
        CommandReply created = send(createPod("default", "audit-export-bound"));
        ok(send(new BindPod(Resources.PODS.ref("default", "audit-export-bound"),
                created.object().path("metadata").path("uid").asString(), "node-b", "decision-audit-export",
                WriteOptions.DEFAULT)));
        long last = ok(send(DeleteObject.now(Resources.PODS.ref("default", "audit-export"), null))).revision();

        HttpResponse<String> response = get("/kubesim/v1/export?fromRevision=" + first + "&toRevision=" + last);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/jsonl");
        List<JsonNode> lines = response.body().lines().map(KubeJson::parse).toList();
        List<JsonNode> rows = jdbc.query("SELECT revision, key, type, object, prev_revision, actor, command_id, "
                + "decision_id, reply_code, time, volatile FROM log WHERE revision BETWEEN ? AND ? ORDER BY revision",
                (rs, i) -> {
                    ObjectNode o = KubeJson.json().createObjectNode();
                    o.put("revision", rs.getLong(1)).put("key", rs.getString(2)).put("type", rs.getString(3))
                            .put("prevRevision", rs.getLong(5)).put("actor", rs.getString(6))
                            .put("commandId", rs.getString(7));
                    if (rs.getString(8) != null) {
                        o.put("decisionId", rs.getString(8));
                    }
                    o.put("replyCode", rs.getInt(9)).put("time", rs.getTimestamp(10).toInstant().toString())
                            .put("volatile", rs.getBoolean(11)).set("object", KubeJson.parse(rs.getString(4)));
                    return KubeJson.parse(KubeJson.write(o)); // numbers as a reader of the line sees them
                }, first, last);
        assertThat(rows).hasSize((int) (last - first + 1));
        assertThat(lines).isEqualTo(rows);
        assertThat(lines).extracting(l -> l.path("decisionId").asString(""))
                .containsExactly("", "", "decision-audit-export", "");
    }

    @Test
    void theExportOfTheWholeLogIsEveryRowOnceInRevisionOrder() {
        long head = ok(send(createPod("default", "audit-export-all"))).revision();

        HttpResponse<String> response = get("/kubesim/v1/export?toRevision=" + head);

        assertThat(response.statusCode()).isEqualTo(200);
        List<Long> exported = response.body().lines().map(l -> KubeJson.parse(l).path("revision").asLong()).toList();
        assertThat(exported).isEqualTo(jdbc.queryForList("SELECT revision FROM log WHERE revision <= ? "
                + "ORDER BY revision", Long.class, head));
        assertThat(exported.getLast()).isEqualTo(head);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/kubesim/v1/history?fromRevision=abc",
            "/kubesim/v1/history?fromRevision=-1",
            "/kubesim/v1/history?fromRevision=5&toRevision=2",
            "/kubesim/v1/history?limit=0",
            "/kubesim/v1/history?limit=many",
            "/kubesim/v1/history?continue=not-a-token",
            "/kubesim/v1/history?since=yesterday",
            "/kubesim/v1/history?since=2026-12-07T12:00:00Z&until=2026-12-07T11:00:00Z",
            "/kubesim/v1/history?kind=Unicorn",
            "/kubesim/v1/history?resource=unicorns",
            "/kubesim/v1/history?kind=Pod&resource=pods",
            "/kubesim/v1/history?key=pods/default/web",
            "/kubesim/v1/diff?from=1",
            "/kubesim/v1/diff?from=x&to=2",
            "/kubesim/v1/diff?from=3&to=2",
            "/kubesim/v1/diff?from=1&to=999999999999",
            "/kubesim/v1/state?revision=-1",
            "/kubesim/v1/state?revision=999999999999",
            "/kubesim/v1/state?revision=one",
            "/kubesim/v1/state?time=2026-12-07",
            "/kubesim/v1/state?revision=1&time=2026-12-07T12:00:00Z",
            "/kubesim/v1/export?fromRevision=x",
            "/kubesim/v1/export?fromRevision=9&toRevision=2"})
    void aBadParameterIsAnsweredWithABadRequestStatus(String path) {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        ObjectNode status = (ObjectNode) KubeJson.parse(response.body());
        String message = status.path("message").asString();
        assertThat(message).isNotBlank();
        assertThat(status).isEqualTo(KubeJson.parse("""
                {"apiVersion":"v1","kind":"Status","metadata":{},"status":"Failure","message":%s,
                 "reason":"BadRequest","code":400}""".formatted(KubeJson.write(message))));
    }

    // ---------------------------------------------------------------- helpers

    private static CommandReply send(String actor, Command command) {
        try {
            return bus().submit(actor, command).get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no reply to " + command, e);
        }
    }

    private static CommandReply ok(CommandReply reply) {
        assertThat(reply.code()).as("reply %s", reply).isBetween(200, 299);
        return reply;
    }

    /** The pod as stored now, with the label {@code round} set. */
    private ReplaceObject relabel(String name, String round) {
        ObjectNode pod = (ObjectNode) KubeJson.parse(jdbc.queryForObject(LATEST_OBJECT,
                String.class, Resources.PODS.ref("default", name).key()));
        ((ObjectNode) pod.get("metadata")).withObjectProperty("labels").put("round", round);
        return new ReplaceObject(Resources.PODS.ref("default", name), pod, WriteOptions.DEFAULT);
    }

    private Instant timeOf(long revision) {
        return jdbc.queryForObject("SELECT time FROM log WHERE revision = ?", Timestamp.class, revision).toInstant();
    }

    private JsonNode objectAt(long revision) {
        return KubeJson.parse(jdbc.queryForObject("SELECT object FROM log WHERE revision = ?", String.class,
                revision));
    }

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + path, e);
        }
    }

    private JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return KubeJson.parse(response.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static List<String> paths(JsonNode patch) {
        return list(patch).stream().map(op -> op.path("path").asString()).toList();
    }

    private static JsonNode apply(JsonNode document, JsonNode patch) {
        return JsonPatchApplier.apply(document, patch);
    }
}
