package io.kubesim.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kubesim.infra.cluster.ClusterConfig;
import io.kubesim.infra.cluster.Ports;
import io.kubesim.model.cluster.ClusterSpec;

/** The audit command against a stand-in state-service on loopback: requests it makes and what it prints. */
class AuditCommandTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @TempDir
    Path home;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Answers each request with the first response whose path-and-query prefix matches. */
    private String serve(Map<String, Response> responses) throws IOException {
        return serve(responses, new ArrayList<>());
    }

    /** As {@link #serve(Map)}, keeping each request's body. */
    private String serve(Map<String, Response> responses, List<String> bodies) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            requests.add(target);
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Response r = responses.get(target);
            reply(exchange, r == null ? new Response(404, "{\"kind\":\"Status\",\"message\":\"no route " + target + "\"}") : r);
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void reply(HttpExchange exchange, Response r) throws IOException {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(r.code(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    record Response(int code, String body) {
        static Response ok(String body) {
            return new Response(200, body.replace('\'', '"'));
        }
    }

    record Run(int code, String out, String err) {
    }

    private Run audit(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AuditCommand.run(List.of(args), home, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void historyAsksForTheObjectsKeyAndFollowsContinueUntilTheLastPage() throws IOException {
        String url = serve(Map.of(
                "GET /kubesim/v1/history?key=%2Fpods%2Fshop%2Fweb&actor=admin", Response.ok("""
                        {'kind':'History','revision':90,'continue':'41','items':[{'revision':41,'time':'T1',
                         'type':'ADDED','key':'/pods/shop/web','actor':'admin','patch':[{'op':'add','path':''}]}]}"""),
                "GET /kubesim/v1/history?key=%2Fpods%2Fshop%2Fweb&actor=admin&continue=41", Response.ok("""
                        {'kind':'History','revision':91,'items':[{'revision':52,'time':'T2','type':'DELETED',
                         'key':'/pods/shop/web','actor':'admin','patch':[]}]}""")));

        Run run = audit("--state-url", url, "history", "po/web", "-n", "shop", "--actor", "admin");

        assertThat(run).isEqualTo(new Run(0, """
                REVISION   TIME   TYPE      ACTOR   CHANGE
                41         T1     ADDED     admin   (whole object)
                52         T2     DELETED   admin   -
                """, ""));
        assertThat(requests).containsExactly(
                "GET /kubesim/v1/history?key=%2Fpods%2Fshop%2Fweb&actor=admin",
                "GET /kubesim/v1/history?key=%2Fpods%2Fshop%2Fweb&actor=admin&continue=41");
    }

    @Test
    void historyInJsonIsEveryPageInOneHistoryAnswer() throws IOException {
        String url = serve(Map.of(
                "GET /kubesim/v1/history?resource=nodes&fromRevision=3&toRevision=9", Response.ok("""
                        {'kind':'History','revision':20,'continue':'4','items':[{'revision':4}]}"""),
                "GET /kubesim/v1/history?resource=nodes&fromRevision=3&toRevision=9&continue=4", Response.ok("""
                        {'kind':'History','revision':21,'items':[{'revision':8}]}""")));

        Run run = audit("history", "no", "--from", "3", "--to", "9", "-o", "json", "--state-url", url);

        assertThat(run).isEqualTo(new Run(0,
                "{\"kind\":\"History\",\"items\":[{\"revision\":4},{\"revision\":8}],\"revision\":21}\n", ""));
    }

    @Test
    void aTimeWithAnOffsetIsSentUrlEncoded() throws IOException {
        String url = serve(Map.of("GET /kubesim/v1/state?time=2026-12-07T13%3A00%3A00%2B01%3A00&prefix=%2Fpods%2F",
                Response.ok("{'revision':7,'items':[]}")));

        Run run = audit("at", "--time", "2026-12-07T13:00:00+01:00", "--prefix", "/pods/", "--state-url", url);

        assertThat(run).isEqualTo(new Run(0, "state at revision 7\nno objects\n", ""));
    }

    @Test
    void aStatusFromStateServiceIsPrintedAsKubesimMessageWithExitCodeOne() throws IOException {
        String url = serve(Map.of("GET /kubesim/v1/diff?from=9&to=3", new Response(400, """
                {"kind":"Status","apiVersion":"v1","status":"Failure","message":"from (9) must not be after to (3)",\
                "reason":"BadRequest","code":400}""")));

        assertThat(audit("--state-url", url, "diff", "9", "3"))
                .isEqualTo(new Run(1, "", "kubesim: from (9) must not be after to (3)\n"));
    }

    @Test
    void anUnreachableStateServiceIsNamedWithTheAdviceToStartTheCluster() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }

        assertThat(audit("--state-url", "http://127.0.0.1:" + port, "verify")).isEqualTo(new Run(1, "",
                "kubesim: cannot reach state-service at http://127.0.0.1:" + port + " (connection refused); is the "
                + "cluster running? Start it with ./kubesim up, or point --state-url or KUBESIM_STATE_URL at a "
                + "state-service\n"));
    }

    @Test
    void verifyWithAMismatchExitsWithOne() throws IOException {
        String url = serve(Map.of("POST /kubesim/v1/verify", Response.ok("""
                {'rows':9,'keys':2,'liveKeys':3,'mismatches':['/pods/default/x: live only'],'millis':1,
                 'stateHash':'cd34'}""")));

        assertThat(audit("verify", "--state-url", url)).isEqualTo(new Run(1, """
                MISMATCH /pods/default/x: live only
                replayed 9 log rows into 2 objects (live projection: 3) in 1 ms: 1 mismatch(es)
                state hash cd34
                """, ""));
    }

    @Test
    void whyAsksForThePodsHistoryAndItsDecisionsByStorageKey() throws IOException {
        String url = serve(Map.of(
                "GET /kubesim/v1/history?key=%2Fpods%2Fdefault%2Fweb", Response.ok("""
                        {'kind':'History','revision':50,'items':[
                          {'revision':41,'time':'2026-12-07T12:00:00Z','type':'ADDED','actor':'admin',
                           'patch':[{'op':'add','path':''}]},
                          {'revision':43,'time':'2026-12-07T12:00:01Z','type':'MODIFIED','decisionId':'d1',
                           'actor':'system:kube-scheduler','patch':[{'op':'add','path':'/spec/nodeName','value':'n1'}]}]}"""),
                "GET /kubesim/v1/decisions?pod=%2Fpods%2Fdefault%2Fweb", Response.ok("""
                        {'pod':'/pods/default/web','items':[{'id':'d1','time':'2026-12-07T12:00:00.5Z','attempt':1,
                         'profile':'default-scheduler','outcome':'Scheduled','numNodes':1,'feasibleNodes':1,
                         'chosenNode':'n1','topNodes':[{'node':'n1','total':100}]}]}""")));

        assertThat(audit("why", "pod/web", "--state-url", url)).isEqualTo(new Run(0, """
                REVISION   TIME                     TYPE       ACTOR                   CHANGE
                41         2026-12-07T12:00:00Z     ADDED      admin                   (whole object)
                -          2026-12-07T12:00:00.5Z   DECISION   default-scheduler       Scheduled on n1 (attempt 1, \
                1/1 nodes feasible; top: n1 100)
                43         2026-12-07T12:00:01Z     MODIFIED   system:kube-scheduler   spec.nodeName=n1
                """, ""));
    }

    @Test
    void exportToAFileWritesTheLinesAsTheyCameAndReportsOnStderr() throws IOException {
        String lines = "{\"revision\":1,\"key\":\"/nodes/a\"}\n{\"revision\":2,\"key\":\"/nodes/b\"}\n";
        String url = serve(Map.of("GET /kubesim/v1/export?fromRevision=1&toRevision=2", new Response(200, lines)));
        Path file = home.resolve("log.jsonl");

        Run run = audit("export", "--from", "1", "--to", "2", "-o", file.toString(), "--state-url", url);

        assertThat(Files.readString(file)).isEqualTo(lines);
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).matches("exported 2 rows \\(64 bytes\\) to " + java.util.regex.Pattern.quote(file.toString())
                + " in \\d+\\.\\d s\n");
        assertThat(audit("export", "--state-url", url, "--from", "1", "--to", "2")).isEqualTo(new Run(0, lines, ""));
    }

    @Test
    void importPostsTheFileAsItIsAndPrintsWhatWasImported() throws IOException {
        String lines = "{\"revision\":1,\"key\":\"/nodes/a\"}\n{\"revision\":2,\"key\":\"/nodes/b\"}\n";
        Path file = home.resolve("log.jsonl");
        Files.writeString(file, lines);
        List<String> bodies = new CopyOnWriteArrayList<>();
        String url = serve(Map.of("POST /kubesim/v1/import", new Response(201, "{\"kind\":\"Import\",\"rows\":2,"
                + "\"objects\":2,\"revision\":2,\"replacedBootstrapRows\":6,\"millis\":12}")), bodies);

        Run run = audit("import", file.toString(), "--state-url", url);

        assertThat(bodies).containsExactly(lines);
        assertThat(run).isEqualTo(new Run(0, "imported 2 log rows up to revision 2 (2 objects) in 12 ms, in place of "
                + "the cluster's 6 bootstrap rows\n", ""));
    }

    @Test
    void anImportIntoALogThatIsNotEmptyPrintsStateServicesMessageWithExitCodeOne() throws IOException {
        Path file = home.resolve("log.jsonl");
        Files.writeString(file, "{}\n");
        String url = serve(Map.of("POST /kubesim/v1/import", new Response(409, "{\"kind\":\"Status\",\"code\":409,"
                + "\"reason\":\"Conflict\",\"message\":\"the log is not empty\"}")));

        assertThat(List.of(audit("import", file.toString(), "--state-url", url),
                audit("import", home.resolve("missing.jsonl").toString(), "--state-url", url),
                audit("import", "--state-url", url)))
                .containsExactly(new Run(1, "", "kubesim: the log is not empty\n"),
                        new Run(1, "", "kubesim: cannot read " + home.resolve("missing.jsonl")
                                + ": no such file\n"),
                        new Run(2, "", "kubesim: import needs one file: audit import FILE (an export)\n"));
    }

    @Test
    void theStateUrlIsTheFlagElseTheEnvironmentElseTheRecordedClustersPortElseTheDefault() {
        assertThat(AuditCommand.stateUrl(null, Map.of(), home)).isEqualTo("http://127.0.0.1:18080");

        Ports ports = new Ports(7443, 7081, 7080, 7082, 7083, 7090, 7092, 7093, 7432);
        new ClusterConfig(home, ports, new ClusterSpec(List.of()), List.of(), 0L, 1.0, "", true, null, home).save();

        List<String> urls = new ArrayList<>();
        urls.add(AuditCommand.stateUrl(null, Map.of(), home));
        urls.add(AuditCommand.stateUrl(null, Map.of("KUBESIM_STATE_URL", "http://10.0.0.1:1"), home));
        urls.add(AuditCommand.stateUrl("http://10.0.0.2:2", Map.of("KUBESIM_STATE_URL", "http://10.0.0.1:1"), home));
        assertThat(urls).containsExactly("http://127.0.0.1:7080", "http://10.0.0.1:1", "http://10.0.0.2:2");
    }

    @Test
    void aBadCommandLineIsAUsageErrorWithExitCodeTwo() {
        assertThat(List.of(audit("--state-url", "http://127.0.0.1:1", "history", "pod/web", "--bogus"),
                audit("--state-url", "http://127.0.0.1:1", "at"),
                audit("--state-url", "http://127.0.0.1:1", "why", "node/n1"),
                audit("--state-url", "http://127.0.0.1:1", "rewind")))
                .containsExactly(
                        new Run(2, "", "kubesim: unknown option --bogus for audit history\n"),
                        new Run(2, "", "kubesim: at needs --revision N or --time T (one of them)\n"),
                        new Run(2, "", "kubesim: why explains pods (pod/<name>), not nodes\n"),
                        new Run(2, "", "kubesim: unknown audit subcommand rewind (history, at, diff, why, verify, "
                                + "export, import)\n"));
    }
}
