package io.kubesim.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/**
 * Admission and defaults, proved through the API: the namespaces every cluster has, NamespaceLifecycle (a missing
 * namespace is NotFound, a terminating one Forbidden), DefaultTolerationSeconds, and the pod defaults
 * (pkg/apis/core/v1/defaults.go): restartPolicy, dnsPolicy, schedulerName, terminationGracePeriodSeconds,
 * imagePullPolicy by image tag.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdmissionTest {

    private final GatewayHarness cluster = GatewayHarness.shared();
    private String ns;

    @BeforeAll
    void namespace() {
        ns = cluster.namespace("admission");
    }

    private JsonNode create(String namespace, String podJson) {
        Api.Response r = cluster.api().post("/api/v1/namespaces/" + namespace + "/pods", Api.json(podJson).toString());
        assertThat(r.code()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    @Test
    void theSystemNamespacesExistFromTheStart() {
        assertThat(Output.table(cluster.kubectl().run("get", "namespaces", "default", "kube-system",
                "kube-node-lease", "kube-public").assertOk().out())).isEqualTo("""
                NAME | STATUS | AGE
                default | Active | <age>
                kube-system | Active | <age>
                kube-node-lease | Active | <age>
                kube-public | Active | <age>
                """);
        for (String namespace : List.of("default", "kube-system", "kube-node-lease")) {
            String name = cluster.unique("sys");
            assertThat(create(namespace, "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'" + name + "'},"
                    + "'spec':{'containers':[{'name':'web','image':'nginx'}]}}").path("metadata").path("namespace")
                    .asString()).isEqualTo(namespace);
            cluster.api().delete("/api/v1/namespaces/" + namespace + "/pods/" + name, null).assertOk();
        }
    }

    @Test
    void aPodInAMissingNamespaceIsNotFound() {
        Api.Response r = cluster.api().post("/api/v1/namespaces/nowhere/pods", Api.json(
                "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'lost'},"
                        + "'spec':{'containers':[{'name':'web','image':'nginx'}]}}").toString());

        assertThat(r.code()).isEqualTo(404);
        assertThat(r.json()).isEqualTo(Api.json("""
                {'apiVersion':'v1','kind':'Status','metadata':{},'status':'Failure',
                 'message':'namespaces \\"nowhere\\" not found','reason':'NotFound',
                 'details':{'name':'nowhere','kind':'namespaces'},'code':404}"""));
    }

    @Test
    void aTerminatingNamespaceTakesNoNewObjects() {
        String doomed = cluster.namespace("doomed");
        create(doomed, "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'stays'},"
                + "'spec':{'containers':[{'name':'web','image':'nginx'}]}}");

        assertThat(cluster.kubectl().run("delete", "namespace", doomed, "--wait=false"))
                .isEqualTo(new Kubectl.Result(0, "namespace \"" + doomed + "\" deleted\n", ""));
        Api.Response r = cluster.api().post("/api/v1/namespaces/" + doomed + "/pods", Api.json(
                "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'late'},"
                        + "'spec':{'containers':[{'name':'web','image':'nginx'}]}}").toString());

        assertThat(r.code()).isEqualTo(403);
        assertThat(r.json().path("message").asString()).isEqualTo("pods \"late\" is forbidden: unable to create new "
                + "content in namespace " + doomed + " because it is being terminated");
        assertThat(Output.table(cluster.kubectl().run("get", "namespace", doomed).assertOk().out()))
                .isEqualTo("NAME | STATUS | AGE\n" + doomed + " | Terminating | <age>\n");
    }

    @Test
    void defaultTolerationSecondsAddsTheNotReadyAndUnreachableTolerations() {
        JsonNode plain = create(ns, "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'tolerant'},"
                + "'spec':{'containers':[{'name':'web','image':'nginx'}]}}");
        JsonNode own = create(ns, "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'own-toleration'},"
                + "'spec':{'containers':[{'name':'web','image':'nginx'}],'tolerations':[{'key':"
                + "'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute','tolerationSeconds':10}]}}");
        JsonNode all = create(ns, "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'tolerates-all'},"
                + "'spec':{'containers':[{'name':'web','image':'nginx'}],'tolerations':[{'operator':'Exists'}]}}");

        assertThat(plain.path("spec").path("tolerations")).isEqualTo(Api.tree("""
                [{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute','tolerationSeconds':300},
                 {'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':'NoExecute','tolerationSeconds':300}]
                """));
        assertThat(own.path("spec").path("tolerations")).isEqualTo(Api.tree("""
                [{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute','tolerationSeconds':10},
                 {'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':'NoExecute','tolerationSeconds':300}]
                """));
        assertThat(all.path("spec").path("tolerations")).isEqualTo(Api.tree("[{'operator':'Exists'}]"));
    }

    Stream<Arguments> pullPolicies() {
        return Stream.of(
                Arguments.of("an image without a tag is pulled Always", "nginx", null, "Always"),
                Arguments.of("the latest tag is pulled Always", "nginx:latest", null, "Always"),
                Arguments.of("a fixed tag is pulled IfNotPresent", "nginx:1.27", null, "IfNotPresent"),
                Arguments.of("a digest is pulled IfNotPresent", "nginx@sha256:" + "a".repeat(64), null,
                        "IfNotPresent"),
                Arguments.of("a registry port is not a tag", "registry.local:5000/web", null, "Always"),
                Arguments.of("an explicit Never stays", "nginx:latest", "Never", "Never"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pullPolicies")
    void imagePullPolicyDependsOnTheTag(String what, String image, String policy, String expected) {
        String name = cluster.unique("pull");
        JsonNode pod = create(ns, "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'" + name + "'},"
                + "'spec':{'containers':[{'name':'web','image':'" + image + "'"
                + (policy == null ? "" : ",'imagePullPolicy':'" + policy + "'") + "}]}}");

        assertThat(pod.path("spec").path("containers").get(0).path("imagePullPolicy").asString()).isEqualTo(expected);
    }

    @Test
    void aPodGetsTheUpstreamDefaults() {
        JsonNode spec = create(ns, "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'defaulted'},"
                + "'spec':{'containers':[{'name':'web','image':'nginx:1.27'}]}}").path("spec");

        assertThat(spec.path("restartPolicy").asString()).isEqualTo("Always");
        assertThat(spec.path("dnsPolicy").asString()).isEqualTo("ClusterFirst");
        assertThat(spec.path("schedulerName").asString()).isEqualTo("default-scheduler");
        assertThat(spec.path("terminationGracePeriodSeconds").asLong()).isEqualTo(30);
        assertThat(spec.path("enableServiceLinks").asBoolean()).isTrue();
        assertThat(spec.path("securityContext")).isEqualTo(Api.json("{}"));
        assertThat(spec.path("containers").get(0)).isEqualTo(Api.json("""
                {'name':'web','image':'nginx:1.27','resources':{},'terminationMessagePath':'/dev/termination-log',
                 'terminationMessagePolicy':'File','imagePullPolicy':'IfNotPresent'}"""));
    }

    @Test
    void givenValuesAreNotOverwritten() {
        JsonNode spec = create(ns, "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'explicit'},"
                + "'spec':{'restartPolicy':'Never','dnsPolicy':'Default','schedulerName':'arch-aware',"
                + "'terminationGracePeriodSeconds':5,'containers':[{'name':'web','image':'nginx:1.27'}]}}")
                .path("spec");

        assertThat(List.of(spec.path("restartPolicy").asString(), spec.path("dnsPolicy").asString(),
                spec.path("schedulerName").asString(), spec.path("terminationGracePeriodSeconds").asString()))
                .isEqualTo(List.of("Never", "Default", "arch-aware", "5"));
    }
}
