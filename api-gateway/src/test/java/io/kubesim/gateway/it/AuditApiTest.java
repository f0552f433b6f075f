package io.kubesim.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.json.KubeJson;

/**
 * The log's audit API through the gateway (forwarded to state-service): authenticated, readable by the admin and the
 * viewer, closed to node identities, answers and errors passed on unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditApiTest {

    private final GatewayHarness cluster = GatewayHarness.shared();
    private String ns;

    @BeforeAll
    void aPodThatIsCreatedAndBound() {
        ns = cluster.namespace("audit");
        cluster.api().post("/api/v1/namespaces/" + ns + "/pods", Api.json("{'apiVersion':'v1','kind':'Pod',"
                + "'metadata':{'name':'web'},'spec':{'containers':[{'name':'web','image':'nginx'}]}}").toString())
                .assertOk();
        cluster.bind(ns, "web", "n1");
    }

    @ParameterizedTest(name = "the {0} reads the history of a pod: its creation, then its binding")
    @CsvSource({"admin", "viewer"})
    void theAdminAndTheViewerReadAPodsHistory(String user) {
        Api.Response r = cluster.api(user).get("/kubesim/v1/history?key=/pods/" + ns + "/web");

        assertThat(r.code()).as(r.body()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (JsonNode entry : r.json().path("items")) {
            types.add(entry.path("type").asString());
            if (entry.path("type").asString().equals("MODIFIED")) {
                entry.path("patch").forEach(op -> paths.add(op.path("path").asString()));
            }
        }
        assertThat(types).containsExactly("ADDED", "MODIFIED");
        assertThat(paths).contains("/spec/nodeName");
    }

    @Test
    void theStateAtTheRevisionOfTheBindingHasThePodOnItsNode() {
        JsonNode history = cluster.api("viewer").get("/kubesim/v1/history?key=/pods/" + ns + "/web").assertOk()
                .json();
        long bound = history.path("items").get(1).path("revision").asLong();

        JsonNode before = cluster.api("viewer").get("/kubesim/v1/state?revision=" + (bound - 1) + "&prefix=/pods/"
                + ns + "/").assertOk().json();
        JsonNode at = cluster.api("viewer").get("/kubesim/v1/state?revision=" + bound + "&prefix=/pods/" + ns + "/")
                .assertOk().json();

        assertThat(before.path("items").get(0).path("spec").path("nodeName").asString("")).isEmpty();
        assertThat(at.path("items").get(0).path("spec").path("nodeName").asString()).isEqualTo("n1");
    }

    @Test
    void theKubernetesListApiShowsThePastWithAnExactResourceVersion() {
        JsonNode history = cluster.api().get("/kubesim/v1/history?key=/pods/" + ns + "/web").assertOk().json();
        long created = history.path("items").get(0).path("revision").asLong();
        long bound = history.path("items").get(1).path("revision").asLong();

        JsonNode before = cluster.api("viewer").get("/api/v1/namespaces/" + ns + "/pods?resourceVersion=" + created
                + "&resourceVersionMatch=Exact").assertOk().json();
        JsonNode after = KubeJson.parse(cluster.kubectl("viewer").run("get", "--raw", "/api/v1/namespaces/" + ns
                + "/pods?resourceVersion=" + bound + "&resourceVersionMatch=Exact").assertOk().out());

        assertThat(before.path("metadata").path("resourceVersion").asString()).isEqualTo(String.valueOf(created));
        assertThat(before.path("items").get(0).path("spec").path("nodeName").asString("")).isEmpty();
        assertThat(after.path("metadata").path("resourceVersion").asString()).isEqualTo(String.valueOf(bound));
        assertThat(after.path("items").get(0).path("spec").path("nodeName").asString()).isEqualTo("n1");
    }

    @Test
    void verifyReplaysTheLogAndFindsNoMismatch() {
        Api.Response r = cluster.api("viewer").post("/kubesim/v1/verify", "");

        assertThat(r.code()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("mismatches").size()).as(r.body()).isZero();
    }

    @Test
    void aPodsDecisionRecordsHaveTheirOwnPath() {
        Api.Response r = cluster.api("viewer").get("/kubesim/v1/decisions/" + ns + "/web");

        assertThat(r.code()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("pod").asString()).isEqualTo("/pods/" + ns + "/web");
        assertThat(r.json().path("items").isArray()).isTrue(); // no scheduler runs here: bound by the harness
    }

    @Test
    void aBadParameterIsStateServicesBadRequestStatus() {
        Api.Response r = cluster.api().get("/kubesim/v1/history?since=yesterday");

        assertThat(r.code()).isEqualTo(400);
        assertThat(r.json()).isEqualTo(Api.json("{'apiVersion':'v1','kind':'Status','metadata':{},'code':400,"
                + "'message':'since must be an RFC 3339 time such as 2026-12-07T12:00:00Z, not \\\"yesterday\\\"',"
                + "'reason':'BadRequest','status':'Failure'}"));
    }

    @Test
    void theViewerMayNotImportALog() {
        Api.Response r = cluster.api("viewer").post("/kubesim/v1/import", "{}\n");

        assertThat(r.code()).isEqualTo(403);
        assertThat(r.json()).isEqualTo(Api.json("{'apiVersion':'v1','kind':'Status','metadata':{},'status':'Failure',"
                + "'message':'forbidden: User \\\"viewer\\\" cannot post path \\\"/kubesim/v1/import\\\"',"
                + "'reason':'Forbidden','code':403}"));
    }

    @Test
    void theAdminsImportIntoALogThatIsNotEmptyIsStateServicesConflictStatus() {
        String export = cluster.api().get("/kubesim/v1/export?toRevision=3").assertOk().body();

        Api.Response r = cluster.api().post("/kubesim/v1/import", export);

        assertThat(r.code()).as(r.body()).isEqualTo(409);
        assertThat(r.json().path("reason").asString()).isEqualTo("Conflict");
        assertThat(r.json().path("message").asString()).startsWith("the log is not empty");
    }

    @Test
    void withoutATokenItIsUnauthorized() {
        assertThat(cluster.api().as(null).get("/kubesim/v1/history").code()).isEqualTo(401);
    }

    @Test
    void aNodeIdentityIsForbidden() {
        Api.Response r = cluster.api("system:node:n1").get("/kubesim/v1/export");

        assertThat(r.code()).isEqualTo(403);
        assertThat(r.json()).isEqualTo(Api.json("{'apiVersion':'v1','kind':'Status','metadata':{},'status':'Failure',"
                + "'message':'forbidden: User \\\"system:node:n1\\\" cannot get path \\\"/kubesim/v1/export\\\"',"
                + "'reason':'Forbidden','code':403}"));
    }

    @Test
    void anUnknownAuditPathIsNotFound() {
        assertThat(cluster.api().get("/kubesim/v1/secrets").code()).isEqualTo(404);
    }
}
