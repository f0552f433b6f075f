package io.kubesim.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Authentication by bearer token (token file), authorization: the admin may do everything, the viewer only read,
 * and node identities (system:node:n1, n2) only write their own Node, their Lease and the pods bound to them, with
 * the NodeRestriction admission's messages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityTest {

    private static final String UNAUTHORIZED = "{'apiVersion':'v1','kind':'Status','metadata':{},'status':'Failure',"
            + "'message':'Unauthorized','reason':'Unauthorized','code':401}";

    private final GatewayHarness cluster = GatewayHarness.shared();
    private String ns;

    @BeforeAll
    void pods() {
        ns = cluster.namespace("security");
        cluster.kubectl().runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: on-n1}
                spec:
                  containers: [{name: web, image: nginx:1.27}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: on-n2}
                spec:
                  containers: [{name: web, image: nginx:1.27}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: gone-by-n1}
                spec:
                  containers: [{name: web, image: nginx:1.27}]
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers: [{name: web, image: nginx:1.27}]
                """, "apply", "-n", ns, "-f", "-").assertOk();
        cluster.bind(ns, "on-n1", "n1");
        cluster.bind(ns, "on-n2", "n2");
        cluster.bind(ns, "gone-by-n1", "n1");
    }

    Stream<Arguments> withoutAValidToken() {
        return Stream.of(
                Arguments.of("no token on the core group", null, "/api/v1/namespaces/default/pods"),
                Arguments.of("no token on discovery", null, "/apis"),
                Arguments.of("no token on OpenAPI", null, "/openapi/v3"),
                Arguments.of("a token nobody has", "0123456789abcdef", "/api/v1/nodes"),
                Arguments.of("an empty token", "", "/api/v1/nodes"));
    }

    @ParameterizedTest(name = "{0} is 401 Unauthorized")
    @MethodSource("withoutAValidToken")
    void requestsWithoutAValidTokenAreUnauthorized(String what, String token, String path) {
        Api api = cluster.api().as(token);

        Api.Response r = api.get(path);

        assertThat(r.code()).isEqualTo(401);
        assertThat(r.json()).isEqualTo(Api.json(UNAUTHORIZED));
    }

    @Test
    void aWriteWithoutATokenIsUnauthorizedAndChangesNothing() {
        Api.Response r = cluster.api().as(null).post("/api/v1/namespaces/" + ns + "/pods", Api.json(
                "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'anonymous'},"
                        + "'spec':{'containers':[{'name':'web','image':'nginx'}]}}").toString());

        assertThat(r.code()).isEqualTo(401);
        assertThat(cluster.api().get("/api/v1/namespaces/" + ns + "/pods/anonymous").code()).isEqualTo(404);
    }

    @Test
    void versionAndHealthNeedNoToken() {
        assertThat(cluster.api().as(null).get("/version").code()).isEqualTo(200);
        assertThat(cluster.api().as(null).get("/healthz").body()).isEqualTo("ok");
    }

    @Test
    void theViewerReads() {
        assertThat(Output.table(cluster.kubectl("viewer").run("get", "pod", "on-n2", "-n", ns).assertOk().out()))
                .isEqualTo("""
                        NAME | READY | STATUS | RESTARTS | AGE
                        on-n2 | 0/1 | Pending | 0 | <age>
                        """);
        assertThat(cluster.api("viewer").get("/api/v1/nodes/n1").code()).isEqualTo(200);
    }

    Stream<Arguments> viewerWrites() {
        return Stream.of(
                Arguments.of("label a pod", new String[] {"label", "pod", "on-n1", "-n", "{ns}", "x=y"},
                        "pods \"on-n1\" is forbidden: User \"viewer\" cannot patch resource \"pods\" in API group "
                                + "\"\" in the namespace \"{ns}\""),
                Arguments.of("delete a pod", new String[] {"delete", "pod", "on-n1", "-n", "{ns}"},
                        "pods \"on-n1\" is forbidden: User \"viewer\" cannot delete resource \"pods\" in API group "
                                + "\"\" in the namespace \"{ns}\""),
                Arguments.of("scale a deployment", new String[] {"scale", "deployment", "web", "-n", "{ns}",
                        "--replicas=2"}, "deployments.apps \"web\" is forbidden: User \"viewer\" cannot patch "
                                + "resource \"deployments/scale\" in API group \"apps\" in the namespace \"{ns}\""),
                Arguments.of("run a pod", new String[] {"run", "viewer-pod", "--image=nginx", "-n", "{ns}"},
                        "pods is forbidden: User \"viewer\" cannot create resource \"pods\" in API group \"\" in "
                                + "the namespace \"{ns}\""));
    }

    @ParameterizedTest(name = "the viewer may not {0}")
    @MethodSource("viewerWrites")
    void theViewerMayNotWrite(String what, String[] args, String message) {
        String[] a = Stream.of(args).map(s -> s.replace("{ns}", ns)).toArray(String[]::new);

        Kubectl.Result r = cluster.kubectl("viewer").run(a);

        assertThat(r).isEqualTo(new Kubectl.Result(1, "", "Error from server (Forbidden): "
                + message.replace("{ns}", ns) + "\n"));
    }

    @Test
    void theViewerMayNotCordon() {
        assertThat(cluster.kubectl("viewer").run("cordon", "n1")).isEqualTo(new Kubectl.Result(0, "",
                "error: unable to cordon node \"n1\": nodes \"n1\" is forbidden: User \"viewer\" cannot patch "
                        + "resource \"nodes\" in API group \"\" at the cluster scope\n"));
    }

    @Test
    void theViewersForbiddenIsTheUpstreamStatus() {
        Api.Response r = cluster.api("viewer").delete("/api/v1/namespaces/" + ns + "/pods/on-n1", null);

        assertThat(r.code()).isEqualTo(403);
        assertThat(r.json()).isEqualTo(Api.json("""
                {'apiVersion':'v1','kind':'Status','metadata':{},'status':'Failure',
                 'message':'pods \\"on-n1\\" is forbidden: User \\"viewer\\" cannot delete resource \\"pods\\" in API group \\"\\" in the namespace \\"%s\\"',
                 'reason':'Forbidden','details':{'name':'on-n1','kind':'pods'},'code':403}""".formatted(ns)));
        assertThat(cluster.api().get("/api/v1/namespaces/" + ns + "/pods/on-n1").code()).isEqualTo(200);
    }

    @Test
    void aNodeLabelsItselfButNotAnotherNode() {
        Kubectl n1 = cluster.kubectl("system:node:n1");

        assertThat(n1.run("label", "node", "n1", "own=yes", "--overwrite"))
                .isEqualTo(new Kubectl.Result(0, "node/n1 labeled\n", ""));
        assertThat(n1.run("label", "node", "n2", "own=no")).isEqualTo(new Kubectl.Result(1, "",
                "Error from server (Forbidden): nodes \"n2\" is forbidden: node \"n1\" is not allowed to modify node "
                        + "\"n2\"\n"));
        assertThat(n1.run("delete", "node", "n2")).isEqualTo(new Kubectl.Result(1, "",
                "Error from server (Forbidden): nodes \"n2\" is forbidden: node \"n1\" is not allowed to modify node "
                        + "\"n2\"\n"));
    }

    @Test
    void aNodeWritesTheStatusOfItsOwnPodsOnly() {
        Api n1 = cluster.api("system:node:n1");
        String running = "{\"status\":{\"phase\":\"Running\"}}";

        Api.Response own = n1.patch("/api/v1/namespaces/" + ns + "/pods/on-n1/status",
                "application/merge-patch+json", running);
        Api.Response other = n1.patch("/api/v1/namespaces/" + ns + "/pods/on-n2/status",
                "application/merge-patch+json", running);
        Api.Response spec = n1.patch("/api/v1/namespaces/" + ns + "/pods/on-n1", "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}");

        assertThat(own.code()).isEqualTo(200);
        assertThat(own.json().path("status").path("phase").asString()).isEqualTo("Running");
        assertThat(other.code()).isEqualTo(403);
        assertThat(other.json().path("message").asString()).isEqualTo("pods \"on-n2\" is forbidden: node \"n1\" can "
                + "only update pod status for pods with spec.nodeName set to itself");
        assertThat(spec.code()).isEqualTo(403);
        assertThat(spec.json().path("message").asString()).isEqualTo("pods \"on-n1\" is forbidden: User "
                + "\"system:node:n1\" cannot patch resource \"pods\" in API group \"\" in the namespace \"" + ns
                + "\"");
    }

    @Test
    void aNodeDeletesItsOwnPodsOnly() {
        Kubectl n1 = cluster.kubectl("system:node:n1");

        assertThat(n1.run("delete", "pod", "on-n2", "-n", ns)).isEqualTo(new Kubectl.Result(1, "",
                "Error from server (Forbidden): pods \"on-n2\" is forbidden: node \"n1\" can only delete pods with "
                        + "spec.nodeName set to itself\n"));
        assertThat(n1.run("delete", "pod", "gone-by-n1", "-n", ns, "--grace-period=0", "--force").exitCode())
                .isZero();
        assertThat(cluster.api().get("/api/v1/namespaces/" + ns + "/pods/gone-by-n1").code()).isEqualTo(404);
        assertThat(cluster.api().get("/api/v1/namespaces/" + ns + "/pods/on-n2").code()).isEqualTo(200);
    }

    @Test
    void aNodeMayNotCreatePodsOrWorkloads() {
        Kubectl n1 = cluster.kubectl("system:node:n1");

        assertThat(n1.run("run", "by-node", "--image=nginx", "-n", ns)).isEqualTo(new Kubectl.Result(1, "",
                "Error from server (Forbidden): pods \"by-node\" is forbidden: pod does not have "
                        + "\"kubernetes.io/config.mirror\" annotation, node \"n1\" can only create mirror pods\n"));
        assertThat(n1.runWithInput("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: by-node}
                spec:
                  selector: {matchLabels: {app: x}}
                  template:
                    metadata: {labels: {app: x}}
                    spec:
                      containers: [{name: web, image: nginx}]
                """, "create", "-n", ns, "-f", "-")).isEqualTo(new Kubectl.Result(1, "",
                "Error from server (Forbidden): error when creating \"STDIN\": deployments.apps is forbidden: User "
                        + "\"system:node:n1\" cannot create resource \"deployments\" in API group \"apps\" in the "
                        + "namespace \"" + ns + "\"\n"));
    }

    @Test
    void aNodeWritesItsOwnLeaseOnly() {
        Api n2 = cluster.api("system:node:n2");
        String lease = "{'apiVersion':'coordination.k8s.io/v1','kind':'Lease','metadata':{'name':'%s'},"
                + "'spec':{'holderIdentity':'%s','leaseDurationSeconds':40}}";

        Api.Response own = n2.post("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases",
                Api.json(lease.formatted("n2", "n2")).toString());
        Api.Response renewed = n2.patch("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n2",
                "application/merge-patch+json", "{\"spec\":{\"renewTime\":\"2026-01-01T00:00:00.000000Z\"}}");
        Api.Response other = n2.put("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n1",
                Api.json(lease.formatted("n1", "n1")).toString());
        Api.Response elsewhere = n2.post("/apis/coordination.k8s.io/v1/namespaces/" + ns + "/leases",
                Api.json(lease.formatted("n2", "n2")).toString());

        assertThat(own.code()).isEqualTo(201);
        assertThat(renewed.code()).isEqualTo(200);
        assertThat(other.code()).isEqualTo(403);
        assertThat(other.json().path("message").asString()).isEqualTo("leases.coordination.k8s.io \"n1\" is "
                + "forbidden: can only access node lease with the same name as the requesting node");
        assertThat(elsewhere.code()).isEqualTo(403);
        assertThat(elsewhere.json().path("message").asString()).isEqualTo("leases.coordination.k8s.io \"n2\" is "
                + "forbidden: can only access leases in the \"kube-node-lease\" system namespace");
    }
}
