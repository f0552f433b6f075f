package io.kubesim.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of error a user meets, as kubectl prints it (the same lines a real cluster makes it print: kubectl
 * formats the {@code Status} the server sends), and the {@code Status} bodies themselves with upstream reasons,
 * codes, messages, details and causes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlErrorsTest {

    private final GatewayHarness cluster = GatewayHarness.shared();
    private String ns;

    @BeforeAll
    void objects() {
        ns = cluster.namespace("errors");
        cluster.kubectl().runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: taken}
                spec:
                  containers: [{name: web, image: nginx:1.27}]
                """, "create", "-n", ns, "-f", "-").assertOk();
    }

    /** Each case: what the user does, as whom, kubectl's arguments, its stdin, and what kubectl prints on stderr. */
    Stream<Arguments> errors() throws IOException {
        Path big = Files.createTempFile(cluster.dir(), "big-", ".yaml");
        Files.writeString(big, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: "
                + "x".repeat(3_200_000) + "\n");
        return Stream.of(
                Arguments.of("creating a pod that exists is AlreadyExists", "admin",
                        List.of("create", "-n", "{ns}", "-f", "-"), pod("taken", ""),
                        "Error from server (AlreadyExists): error when creating \"STDIN\": pods \"taken\" already "
                                + "exists\n"),
                Arguments.of("replacing from a stale resourceVersion is a Conflict", "admin",
                        List.of("replace", "-n", "{ns}", "-f", "-"), pod("taken", "  resourceVersion: \"1\"\n"),
                        "Error from server (Conflict): error when replacing \"STDIN\": Operation cannot be fulfilled "
                                + "on pods \"taken\": the object has been modified; please apply your changes to the "
                                + "latest version and try again\n"),
                Arguments.of("getting a missing pod is NotFound", "admin", List.of("get", "pod", "nope", "-n", "{ns}"),
                        null, "Error from server (NotFound): pods \"nope\" not found\n"),
                Arguments.of("deleting a missing node is NotFound", "admin", List.of("delete", "node", "nope"), null,
                        "Error from server (NotFound): nodes \"nope\" not found\n"),
                Arguments.of("describing a missing deployment is NotFound", "admin",
                        List.of("get", "deployment", "nope", "-n", "{ns}"), null,
                        "Error from server (NotFound): deployments.apps \"nope\" not found\n"),
                Arguments.of("a namespace that does not exist is NotFound", "admin",
                        List.of("run", "x", "--image=nginx", "-n", "no-such-namespace"), null,
                        "Error from server (NotFound): namespaces \"no-such-namespace\" not found\n"),
                Arguments.of("an invalid pod is Invalid with every cause", "admin",
                        List.of("create", "-n", "{ns}", "-f", "-"), """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: Bad_Name}
                        spec:
                          restartPolicy: Sometimes
                          containers: [{name: web, image: ""}]
                        """, """
                        The Pod "Bad_Name" is invalid:\s
                        * metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of \
                        lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric \
                        character (e.g. 'example.com', regex used for validation is \
                        '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')
                        * spec.containers[0].image: Required value
                        * spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", \
                        "OnFailure", "Never"
                        """),
                Arguments.of("an unknown field is a BadRequest under strict validation", "admin",
                        List.of("create", "-n", "{ns}", "-f", "-"), pod("strict", "").replace("spec:\n",
                                "spec:\n  foo: 1\n"),
                        "Error from server (BadRequest): error when creating \"STDIN\": Pod in version \"v1\" cannot "
                                + "be handled as a Pod: strict decoding error: unknown field \"spec.foo\"\n"),
                Arguments.of("a value of the wrong type is a BadRequest", "admin",
                        List.of("create", "-n", "{ns}", "--validate=false", "-f", "-"),
                        pod("typed", "").replace("spec:\n", "spec:\n  terminationGracePeriodSeconds: soon\n"),
                        "Error from server (BadRequest): error when creating \"STDIN\": Pod in version \"v1\" cannot "
                                + "be handled as a Pod: json: cannot unmarshal string into Go struct field "
                                + "PodSpec.spec.terminationGracePeriodSeconds of type int64\n"),
                Arguments.of("a wrong token is Unauthorized", "nobody", List.of("get", "pods", "-n", "{ns}"), null,
                        """
                        E "Unhandled Error" err="couldn't get current server API group list: the server has asked for the client to provide credentials"
                        E "Unhandled Error" err="couldn't get current server API group list: the server has asked for the client to provide credentials"
                        E "Unhandled Error" err="couldn't get current server API group list: the server has asked for the client to provide credentials"
                        E "Unhandled Error" err="couldn't get current server API group list: the server has asked for the client to provide credentials"
                        E "Unhandled Error" err="couldn't get current server API group list: the server has asked for the client to provide credentials"
                        error: You must be logged in to the server (the server has asked for the client to provide credentials)
                        """),
                Arguments.of("the viewer may not delete", "viewer", List.of("delete", "pod", "taken", "-n", "{ns}"),
                        null, "Error from server (Forbidden): pods \"taken\" is forbidden: User \"viewer\" cannot "
                                + "delete resource \"pods\" in API group \"\" in the namespace \"{ns}\"\n"),
                Arguments.of("the viewer may not create", "viewer", List.of("create", "-n", "{ns}", "-f", "-"),
                        pod("viewed", ""), "Error from server (Forbidden): error when creating \"STDIN\": pods is "
                                + "forbidden: User \"viewer\" cannot create resource \"pods\" in API group \"\" in "
                                + "the namespace \"{ns}\"\n"),
                Arguments.of("a node may not label another node", "system:node:n1",
                        List.of("label", "node", "n2", "x=y"), null,
                        "Error from server (Forbidden): nodes \"n2\" is forbidden: node \"n1\" is not allowed to modify "
                                + "node \"n2\"\n"),
                Arguments.of("a method a path does not have is MethodNotAllowed", "admin",
                        List.of("delete", "--raw", "/api/v1/namespaces"), null,
                        "Error from server (MethodNotAllowed): the server does not allow this method on the "
                                + "requested resource\n"),
                Arguments.of("a path that names nothing is NotFound", "admin", List.of("get", "--raw", "/api/v1/nope"),
                        null, "Error from server (NotFound): the server could not find the requested resource\n"),
                Arguments.of("a body over 3 MiB is RequestEntityTooLarge", "admin",
                        List.of("create", "-n", "{ns}", "-f", big.toString()), null,
                        "Error from server (RequestEntityTooLarge): error when creating \"" + big + "\": Request "
                                + "entity too large: limit is 3145728\n"),
                Arguments.of("annotations over 256 KiB are Invalid", "admin", List.of("create", "-n", "{ns}", "-f",
                        "-"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: annotated\n  annotations:\n    a: "
                                + "x".repeat(262_144) + "\n",
                        "The ConfigMap \"annotated\" is invalid: metadata.annotations: Too long: may not be more "
                                + "than 262144 bytes\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void kubectlPrintsWhatARealClusterMakesItPrint(String what, String user, List<String> args, String stdin,
            String stderr) {
        Kubectl kubectl = user.equals("nobody") ? cluster.kubectl() : cluster.kubectl(user);
        List<String> all = new java.util.ArrayList<>(args.stream().map(a -> a.replace("{ns}", ns)).toList());
        if (user.equals("nobody")) {
            all.addFirst("--token=not-a-token");
        }

        Kubectl.Result r = kubectl.run(stdin, Map.of(), all.toArray(String[]::new));

        // klog's prefix (E1122 04:30:12.802109   20596 memcache.go:265]) carries a time and a process id
        String err = r.err().replaceAll("(?m)^E\\d{4} [0-9:.]+ +\\d+ [a-z_.]+:\\d+\\] ", "E ");
        assertThat(new Kubectl.Result(r.exitCode(), r.out(), err))
                .isEqualTo(new Kubectl.Result(1, "", stderr.replace("{ns}", ns)));
    }

    @Test
    void anExpiredWatchPrintsItsStatusEvent() {
        GatewayHarness.Gateway shortHistory = cluster.gateway("short-history", Map.of(
                "kubesim.gateway.watch-history", "100", "kubesim.gateway.bookmark-interval", "1s"));
        Api api = shortHistory.api("admin");
        String first = api.post("/api/v1/namespaces/" + ns + "/configmaps", Api.json(
                "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'expiring'}}").toString())
                .json().path("metadata").path("resourceVersion").asString();
        for (int i = 0; i < 101; i++) {
            api.patch("/api/v1/namespaces/" + ns + "/configmaps/expiring", "application/merge-patch+json",
                    "{\"data\":{\"n\":\"" + i + "\"}}").assertOk();
        }

        Kubectl.Result r = shortHistory.kubectl().run("get", "--raw", "/api/v1/namespaces/" + ns
                + "/configmaps?watch=true&resourceVersion=" + first);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("{\"type\":\"ERROR\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Status\","
                + "\"metadata\":{},\"code\":410,\"message\":\"too old resource version: " + first + " (");
        assertThat(r.out()).endsWith("\",\"reason\":\"Expired\",\"status\":\"Failure\"}}\n");
    }

    @Test
    void invalidIsA422StatusWithCausesAndFieldPaths() {
        Api.Response r = cluster.api().post("/api/v1/namespaces/" + ns + "/pods", Api.json("""
                {'apiVersion':'v1','kind':'Pod','metadata':{'name':'causes'},
                 'spec':{'containers':[{'name':'web','image':'nginx','resources':{'requests':{'cpu':'2'},
                  'limits':{'cpu':'1'}}},{'name':'web','image':'nginx'}]}}""").toString());

        assertThat(r.code()).isEqualTo(422);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.json()).isEqualTo(Api.json("""
                {'apiVersion':'v1','kind':'Status','metadata':{},'status':'Failure',
                 'message':'Pod \\"causes\\" is invalid: [spec.containers[0].resources.requests: Invalid value: \\"2\\": must be less than or equal to cpu limit of 1, spec.containers[1].name: Duplicate value: \\"web\\"]',
                 'reason':'Invalid',
                 'details':{'name':'causes','kind':'Pod','causes':[
                  {'reason':'FieldValueInvalid','message':'Invalid value: \\"2\\": must be less than or equal to cpu limit of 1','field':'spec.containers[0].resources.requests'},
                  {'reason':'FieldValueDuplicate','message':'Duplicate value: \\"web\\"','field':'spec.containers[1].name'}]},
                 'code':422}"""));
    }

    @Test
    void conflictAndAlreadyExistsCarryTheirDetails() {
        Api api = cluster.api();
        Api.Response exists = api.post("/api/v1/namespaces/" + ns + "/pods", Api.json(
                "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'taken'},"
                        + "'spec':{'containers':[{'name':'web','image':'nginx'}]}}").toString());
        Api.Response conflict = api.put("/api/v1/namespaces/" + ns + "/pods/taken", Api.json(
                "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'taken','resourceVersion':'1'},"
                        + "'spec':{'containers':[{'name':'web','image':'nginx'}]}}").toString());

        assertThat(exists.code()).isEqualTo(409);
        assertThat(exists.json()).isEqualTo(Api.json("""
                {'apiVersion':'v1','kind':'Status','metadata':{},'status':'Failure',
                 'message':'pods \\"taken\\" already exists','reason':'AlreadyExists',
                 'details':{'name':'taken','kind':'pods'},'code':409}"""));
        assertThat(conflict.code()).isEqualTo(409);
        assertThat(conflict.json()).isEqualTo(Api.json("""
                {'apiVersion':'v1','kind':'Status','metadata':{},'status':'Failure',
                 'message':'Operation cannot be fulfilled on pods \\"taken\\": the object has been modified; please apply your changes to the latest version and try again',
                 'reason':'Conflict','details':{'name':'taken','kind':'pods'},'code':409}"""));
    }

    private static String pod(String name, String extraMeta) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                %sspec:
                  containers: [{name: web, image: nginx:1.27}]
                """.formatted(name, extraMeta);
    }
}
