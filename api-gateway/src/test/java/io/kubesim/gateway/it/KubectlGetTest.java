package io.kubesim.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.json.KubeJson;

/**
 * {@code kubectl get} for every served kind, with the columns a real cluster prints (server-side Tables), wide output,
 * YAML/JSON, labels, label selectors (equality and set-based), field selectors, {@code -A} and {@code -n}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlGetTest {

    private final GatewayHarness cluster = GatewayHarness.shared();
    private String ns;
    private String other;
    private String amd;
    private String arm;

    @BeforeAll
    void createObjects() {
        ns = cluster.namespace("get");
        other = cluster.namespace("get-other");
        amd = cluster.unique("get-amd");
        arm = cluster.unique("get-arm");
        cluster.node(amd, "amd64", Map.of("node-role.kubernetes.io/control-plane", "", "disk", "ssd"));
        cluster.node(arm, "arm64", Map.of("disk", "hdd"));
        Kubectl kubectl = cluster.kubectl();
        kubectl.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web, labels: {app: web, tier: fe, suite: get}}
                spec:
                  containers: [{name: nginx, image: nginx:1.27}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: api, labels: {app: api, tier: be}}
                spec:
                  containers: [{name: api, image: busybox:1.36}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: db, labels: {app: db}}
                spec:
                  containers: [{name: pg, image: postgres:17}]
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: front}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: front}}
                  template:
                    metadata: {labels: {app: front}}
                    spec:
                      containers: [{name: nginx, image: nginx:1.27}]
                ---
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: front-5d8f9}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: front}}
                  template:
                    metadata: {labels: {app: front}}
                    spec:
                      containers: [{name: nginx, image: nginx:1.27}]
                ---
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: agent}
                spec:
                  selector: {matchLabels: {app: agent}}
                  template:
                    metadata: {labels: {app: agent}}
                    spec:
                      nodeSelector: {kubernetes.io/os: linux}
                      containers: [{name: agent, image: busybox:1.36}]
                ---
                apiVersion: batch/v1
                kind: Job
                metadata: {name: once}
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: once, image: busybox:1.36}]
                """, "apply", "-n", ns, "-f", "-").assertOk();
        kubectl.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: elsewhere, labels: {app: web, suite: get}}
                spec:
                  containers: [{name: nginx, image: nginx:1.27}]
                """, "apply", "-n", other, "-f", "-").assertOk();
        cluster.bind(ns, "web", amd);
        cluster.running(ns, "web", "nginx", "10.244.1.5");
        cluster.bind(ns, "api", arm);
        cluster.bind(other, "elsewhere", arm);
        cluster.running(other, "elsewhere", "nginx", "10.244.2.9");
        String uid = cluster.api().get("/api/v1/namespaces/" + ns + "/pods/db").json().path("metadata")
                .path("uid").asString();
        cluster.api().post("/api/v1/namespaces/" + ns + "/events", Api.json("""
                {'apiVersion':'v1','kind':'Event','metadata':{'name':'db.1','namespace':'%s'},
                 'involvedObject':{'apiVersion':'v1','kind':'Pod','namespace':'%s','name':'db','uid':'%s'},
                 'reason':'FailedScheduling','type':'Warning','count':1,
                 'message':'0/2 nodes are available: 2 Insufficient cpu.',
                 'source':{'component':'default-scheduler'},'reportingComponent':'default-scheduler',
                 'firstTimestamp':'2026-01-01T00:00:00Z','lastTimestamp':'2026-01-01T00:00:00Z'}
                """.formatted(ns, ns, uid)).toString()).assertOk();
    }

    Stream<Arguments> tables() {
        return Stream.of(
                Arguments.of("nodes show status, roles and version", List.of("get", "nodes", "{amd}", "{arm}"), """
                        NAME | STATUS | ROLES | AGE | VERSION
                        {amd} | Ready | control-plane | <age> | v1.32.4
                        {arm} | Ready | <none> | <age> | v1.32.4
                        """),
                Arguments.of("nodes -o wide add addresses, OS image, kernel and runtime",
                        List.of("get", "nodes", "{amd}", "-o", "wide"), """
                        NAME | STATUS | ROLES | AGE | VERSION | INTERNAL-IP | EXTERNAL-IP | OS-IMAGE | KERNEL-VERSION | CONTAINER-RUNTIME
                        {amd} | Ready | control-plane | <age> | v1.32.4 | 10.0.0.9 | <none> | Debian GNU/Linux 12 | 6.1.0 | containerd://1.7.24
                        """),
                Arguments.of("nodes --show-labels", List.of("get", "node", "{arm}", "--show-labels"), """
                        NAME | STATUS | ROLES | AGE | VERSION | LABELS
                        {arm} | Ready | <none> | <age> | v1.32.4 | disk=hdd,kubernetes.io/arch=arm64,kubernetes.io/hostname={arm},kubernetes.io/os=linux
                        """),
                Arguments.of("nodes by an equality label selector",
                        List.of("get", "nodes", "-l", "disk=ssd,kubernetes.io/hostname={amd}"), """
                        NAME | STATUS | ROLES | AGE | VERSION
                        {amd} | Ready | control-plane | <age> | v1.32.4
                        """),
                Arguments.of("pods in the namespace", List.of("get", "pods", "-n", "{ns}"), """
                        NAME | READY | STATUS | RESTARTS | AGE
                        api | 0/1 | Pending | 0 | <age>
                        db | 0/1 | Pending | 0 | <age>
                        web | 1/1 | Running | 0 | <age>
                        """),
                Arguments.of("pods -o wide show IP and node", List.of("get", "pods", "-n", "{ns}", "-o", "wide"), """
                        NAME | READY | STATUS | RESTARTS | AGE | IP | NODE | NOMINATED NODE | READINESS GATES
                        api | 0/1 | Pending | 0 | <age> | <none> | {arm} | <none> | <none>
                        db | 0/1 | Pending | 0 | <age> | <none> | <none> | <none> | <none>
                        web | 1/1 | Running | 0 | <age> | 10.244.1.5 | {amd} | <none> | <none>
                        """),
                Arguments.of("pods --show-labels", List.of("get", "pods", "-n", "{ns}", "--show-labels"), """
                        NAME | READY | STATUS | RESTARTS | AGE | LABELS
                        api | 0/1 | Pending | 0 | <age> | app=api,tier=be
                        db | 0/1 | Pending | 0 | <age> | app=db
                        web | 1/1 | Running | 0 | <age> | app=web,suite=get,tier=fe
                        """),
                Arguments.of("pods by an equality selector", List.of("get", "pods", "-n", "{ns}", "-l", "tier=fe"), """
                        NAME | READY | STATUS | RESTARTS | AGE
                        web | 1/1 | Running | 0 | <age>
                        """),
                Arguments.of("pods by an inequality selector", List.of("get", "pods", "-n", "{ns}", "-l", "app!=web"),
                        """
                        NAME | READY | STATUS | RESTARTS | AGE
                        api | 0/1 | Pending | 0 | <age>
                        db | 0/1 | Pending | 0 | <age>
                        """),
                Arguments.of("pods by a set-based selector with in and exists",
                        List.of("get", "pods", "-n", "{ns}", "-l", "app in (web,api),tier"), """
                        NAME | READY | STATUS | RESTARTS | AGE
                        api | 0/1 | Pending | 0 | <age>
                        web | 1/1 | Running | 0 | <age>
                        """),
                Arguments.of("pods by a set-based selector with notin and does-not-exist",
                        List.of("get", "pods", "-n", "{ns}", "-l", "app notin (web),!tier"), """
                        NAME | READY | STATUS | RESTARTS | AGE
                        db | 0/1 | Pending | 0 | <age>
                        """),
                Arguments.of("pods of a node in every namespace by field selector",
                        List.of("get", "pods", "-A", "--field-selector", "spec.nodeName={arm}"), """
                        NAMESPACE | NAME | READY | STATUS | RESTARTS | AGE
                        {ns} | api | 0/1 | Pending | 0 | <age>
                        {other} | elsewhere | 1/1 | Running | 0 | <age>
                        """),
                Arguments.of("pods by node and phase together",
                        List.of("get", "pods", "-A", "--field-selector", "spec.nodeName={arm},status.phase=Running"),
                        """
                        NAMESPACE | NAME | READY | STATUS | RESTARTS | AGE
                        {other} | elsewhere | 1/1 | Running | 0 | <age>
                        """),
                Arguments.of("pods by a negated phase and a label in one namespace",
                        List.of("get", "pods", "-n", "{ns}", "--field-selector", "status.phase!=Running", "-l", "tier"),
                        """
                        NAME | READY | STATUS | RESTARTS | AGE
                        api | 0/1 | Pending | 0 | <age>
                        """),
                Arguments.of("pods of every namespace selected by label",
                        List.of("get", "pods", "-A", "-l", "app=web,suite=get"), """
                        NAMESPACE | NAME | READY | STATUS | RESTARTS | AGE
                        {ns} | web | 1/1 | Running | 0 | <age>
                        {other} | elsewhere | 1/1 | Running | 0 | <age>
                        """),
                Arguments.of("deployments", List.of("get", "deployments", "-n", "{ns}"), """
                        NAME | READY | UP-TO-DATE | AVAILABLE | AGE
                        front | 0/3 | 0 | 0 | <age>
                        """),
                Arguments.of("deployments -o wide", List.of("get", "deploy", "-n", "{ns}", "-o", "wide"), """
                        NAME | READY | UP-TO-DATE | AVAILABLE | AGE | CONTAINERS | IMAGES | SELECTOR
                        front | 0/3 | 0 | 0 | <age> | nginx | nginx:1.27 | app=front
                        """),
                Arguments.of("replicasets -o wide", List.of("get", "rs", "-n", "{ns}", "-o", "wide"), """
                        NAME | DESIRED | CURRENT | READY | AGE | CONTAINERS | IMAGES | SELECTOR
                        front-5d8f9 | 2 | 0 | 0 | <age> | nginx | nginx:1.27 | app=front
                        """),
                Arguments.of("daemonsets", List.of("get", "daemonsets", "-n", "{ns}"), """
                        NAME | DESIRED | CURRENT | READY | UP-TO-DATE | AVAILABLE | NODE SELECTOR | AGE
                        agent | 0 | 0 | 0 | 0 | 0 | kubernetes.io/os=linux | <age>
                        """),
                Arguments.of("jobs", List.of("get", "jobs", "-n", "{ns}"), """
                        NAME | STATUS | COMPLETIONS | DURATION | AGE
                        once | Running | 0/1 | <age>
                        """),
                Arguments.of("events", List.of("get", "events", "-n", "{ns}"), """
                        LAST SEEN | TYPE | REASON | OBJECT | MESSAGE
                        <age> | Warning | FailedScheduling | pod/db | 0/2 nodes are available: 2 Insufficient cpu.
                        """),
                Arguments.of("events by involved object",
                        List.of("get", "events", "-A", "--field-selector", "involvedObject.name=db,reason=FailedScheduling"),
                        """
                        NAMESPACE | LAST SEEN | TYPE | REASON | OBJECT | MESSAGE
                        {ns} | <age> | Warning | FailedScheduling | pod/db | 0/2 nodes are available: 2 Insufficient cpu.
                        """),
                Arguments.of("namespaces", List.of("get", "namespaces", "{ns}", "default", "kube-system"), """
                        NAME | STATUS | AGE
                        {ns} | Active | <age>
                        default | Active | <age>
                        kube-system | Active | <age>
                        """),
                Arguments.of("several kinds at once", List.of("get", "deploy,rs", "-n", "{ns}"), """
                        NAME | READY | UP-TO-DATE | AVAILABLE | AGE
                        deployment.apps/front | 0/3 | 0 | 0 | <age>

                        NAME | DESIRED | CURRENT | READY | AGE
                        replicaset.apps/front-5d8f9 | 2 | 0 | 0 | <age>
                        """),
                Arguments.of("names only", List.of("get", "pods", "-n", "{ns}", "-o", "name"), """
                        pod/api
                        pod/db
                        pod/web
                        """),
                Arguments.of("custom columns from the objects",
                        List.of("get", "pods", "-n", "{ns}", "-o",
                                "custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,POLICY:.spec.restartPolicy"),
                        """
                        NAME | NODE | POLICY
                        api | {arm} | Always
                        db | <none> | Always
                        web | {amd} | Always
                        """));
    }

    @ParameterizedTest(name = "kubectl get {0}")
    @MethodSource("tables")
    void printsTheColumnsOfARealCluster(String what, List<String> args, String expected) {
        Kubectl.Result r = cluster.kubectl().run(args.stream().map(this::names).toArray(String[]::new));

        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(Output.table(r.out())).isEqualTo(names(expected));
    }

    @Test
    void anEmptyNamespaceSaysSo() {
        Kubectl.Result r = cluster.kubectl().run("get", "pods", "-n", ns, "-l", "app=nothing");

        assertThat(r).isEqualTo(new Kubectl.Result(0, "", "No resources found in " + ns + " namespace.\n"));
    }

    @Test
    void yamlIsTheStoredObject() {
        Kubectl.Result r = cluster.kubectl().run("get", "pod", "web", "-n", ns, "-o", "yaml").assertOk();
        JsonNode stored = cluster.api().get("/api/v1/namespaces/" + ns + "/pods/web").json();

        assertThat(KubeJson.readDocuments(r.out())).containsExactly(stored);
    }

    @Test
    void jsonListsAreLists() {
        Kubectl.Result r = cluster.kubectl().run("get", "pods", "-n", ns, "-l", "app=db", "-o", "json")
                .assertOk();
        JsonNode list = KubeJson.parse(r.out());

        assertThat(list.path("kind").asString()).isEqualTo("List");
        assertThat(list.path("items")).hasSize(1);
        assertThat(list.path("items").get(0).path("metadata").path("name").asString()).isEqualTo("db");
        assertThat(list.path("items").get(0).path("kind").asString()).isEqualTo("Pod");
    }

    @Test
    void jsonPathReadsFields() {
        Kubectl.Result r = cluster.kubectl().run("get", "pod", "web", "-n", ns, "-o",
                "jsonpath={.spec.nodeName} {.status.podIP} {.status.phase}");

        assertThat(r).isEqualTo(new Kubectl.Result(0, amd + " 10.244.1.5 Running", ""));
    }

    private String names(String s) {
        return s.replace("{other}", other).replace("{ns}", ns).replace("{amd}", amd).replace("{arm}", arm);
    }
}
