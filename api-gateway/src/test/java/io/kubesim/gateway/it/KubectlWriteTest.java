package io.kubesim.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.json.KubeJson;

/**
 * The writing verbs of kubectl against the real gateway and state-service: create, apply (client-side and
 * server-side), multi-document files, delete (graceful and forced), replace, run (also dry runs), edit, and the patch
 * types (JSON merge, strategic merge, JSON patch) on the object and its status, binding and scale subresources.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlWriteTest {

    private final GatewayHarness cluster = GatewayHarness.shared();
    private String ns;
    private String node;

    @BeforeAll
    void namespaceAndNode() {
        ns = cluster.namespace("write");
        node = cluster.unique("write-node");
        cluster.node(node, "amd64", Map.of());
    }

    private static String pod(String name, String labels) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  labels: {%s}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                """.formatted(name, labels);
    }

    private Kubectl kubectl() {
        return cluster.kubectl();
    }

    private JsonNode stored(String path) {
        return cluster.api().get(path).json();
    }

    @Test
    void createThenCreateAgainIsAlreadyExists() {
        assertThat(kubectl().runWithInput(pod("created", "app: c"), "create", "-n", ns, "-f", "-"))
                .isEqualTo(new Kubectl.Result(0, "pod/created created\n", ""));

        assertThat(kubectl().runWithInput(pod("created", "app: c"), "create", "-n", ns, "-f", "-"))
                .isEqualTo(new Kubectl.Result(1, "", "Error from server (AlreadyExists): error when creating "
                        + "\"STDIN\": pods \"created\" already exists\n"));
    }

    @Test
    void applyCreatesThenLeavesUnchangedThenConfigures() {
        assertThat(kubectl().runWithInput(pod("applied", "app: a"), "apply", "-n", ns, "-f", "-"))
                .isEqualTo(new Kubectl.Result(0, "pod/applied created\n", ""));
        assertThat(kubectl().runWithInput(pod("applied", "app: a"), "apply", "-n", ns, "-f", "-"))
                .isEqualTo(new Kubectl.Result(0, "pod/applied unchanged\n", ""));
        assertThat(kubectl().runWithInput(pod("applied", "app: a, tier: fe"), "apply", "-n", ns, "-f", "-"))
                .isEqualTo(new Kubectl.Result(0, "pod/applied configured\n", ""));
        assertThat(kubectl().runWithInput(pod("applied", "tier: be"), "apply", "-n", ns, "-f", "-"))
                .isEqualTo(new Kubectl.Result(0, "pod/applied configured\n", ""));

        JsonNode pod = stored("/api/v1/namespaces/" + ns + "/pods/applied");
        assertThat(pod.path("metadata").path("labels")).isEqualTo(Api.json("{'tier':'be'}"));
        assertThat(KubeJson.parse(pod.path("metadata").path("annotations")
                .path("kubectl.kubernetes.io/last-applied-configuration").asString()))
                .isEqualTo(Api.json("""
                        {'apiVersion':'v1','kind':'Pod','metadata':{'annotations':{},'labels':{'tier':'be'},
                         'name':'applied','namespace':'%s'},
                         'spec':{'containers':[{'image':'nginx:1.27','name':'web'}]}}""".formatted(ns)));
    }

    @Test
    void serverSideApplyCreatesAndUpdates() {
        assertThat(kubectl().runWithInput(pod("ssa", "app: s"), "apply", "--server-side", "-n", ns, "-f", "-"))
                .isEqualTo(new Kubectl.Result(0, "pod/ssa serverside-applied\n", ""));
        assertThat(kubectl().runWithInput(pod("ssa", "app: s2"), "apply", "--server-side", "-n", ns, "-f", "-"))
                .isEqualTo(new Kubectl.Result(0, "pod/ssa serverside-applied\n", ""));

        assertThat(stored("/api/v1/namespaces/" + ns + "/pods/ssa").path("metadata").path("labels"))
                .isEqualTo(Api.json("{'app':'s2'}"));
    }

    @Test
    void aMultiDocumentFileAppliesEveryObject() {
        String file = pod("multi-a", "app: m") + "---\n" + pod("multi-b", "app: m") + """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: multi}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: multi}}
                  template:
                    metadata: {labels: {app: multi}}
                    spec:
                      containers: [{name: web, image: nginx:1.27}]
                """;

        assertThat(kubectl().runWithInput(file, "apply", "-n", ns, "-f", "-")).isEqualTo(new Kubectl.Result(0, """
                pod/multi-a created
                pod/multi-b created
                deployment.apps/multi created
                """, ""));
        assertThat(kubectl().runWithInput(file, "apply", "-n", ns, "-f", "-")).isEqualTo(new Kubectl.Result(0, """
                pod/multi-a unchanged
                pod/multi-b unchanged
                deployment.apps/multi unchanged
                """, ""));
        assertThat(kubectl().runWithInput(file.replace("replicas: 2", "replicas: 4"), "apply", "-n", ns, "-f", "-"))
                .isEqualTo(new Kubectl.Result(0, """
                        pod/multi-a unchanged
                        pod/multi-b unchanged
                        deployment.apps/multi configured
                        """, ""));
        assertThat(kubectl().run("delete", "-n", ns, "-f", write("multi.yaml", file).toString()))
                .isEqualTo(new Kubectl.Result(0, """
                        pod "multi-a" deleted
                        pod "multi-b" deleted
                        deployment.apps "multi" deleted
                        """, ""));
    }

    @Test
    void deletingAnUnboundPodIsImmediate() {
        kubectl().runWithInput(pod("unbound", "app: u"), "create", "-n", ns, "-f", "-").assertOk();

        assertThat(kubectl().run("delete", "pod", "unbound", "-n", ns))
                .isEqualTo(new Kubectl.Result(0, "pod \"unbound\" deleted\n", ""));
        assertThat(cluster.api().get("/api/v1/namespaces/" + ns + "/pods/unbound").code()).isEqualTo(404);
    }

    @Test
    void deletingABoundPodWaitsForItsKubeletToFinish() throws Exception {
        kubectl().runWithInput(pod("graceful", "app: g"), "create", "-n", ns, "-f", "-").assertOk();
        cluster.bind(ns, "graceful", node);
        cluster.running(ns, "graceful", "web", "10.244.7.7");

        Process delete = kubectl().start("delete", "pod", "graceful", "-n", ns);
        JsonNode terminating = awaitDeletionTimestamp("graceful");
        assertThat(delete.isAlive()).isTrue();
        assertThat(terminating.path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(30);
        assertThat(kubectl().run("get", "pod", "graceful", "-n", ns, "--no-headers").out())
                .matches("graceful +1/1 +Terminating +0 +\\d+s\n");

        cluster.finishDeletion(ns, "graceful");
        assertThat(delete.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(delete.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("pod \"graceful\" deleted\n");
        assertThat(delete.exitValue()).isZero();
    }

    @Test
    void forcedDeletionOfABoundPodIsImmediate() {
        kubectl().runWithInput(pod("forced", "app: f"), "create", "-n", ns, "-f", "-").assertOk();
        cluster.bind(ns, "forced", node);

        assertThat(kubectl().run("delete", "pod", "forced", "-n", ns, "--grace-period=0", "--force"))
                .isEqualTo(new Kubectl.Result(0, "pod \"forced\" force deleted\n", "Warning: Immediate deletion "
                        + "does not wait for confirmation that the running resource has been terminated. The resource "
                        + "may continue to run on the cluster indefinitely.\n"));
        assertThat(cluster.api().get("/api/v1/namespaces/" + ns + "/pods/forced").code()).isEqualTo(404);
    }

    @Test
    void deleteWithoutWaitingLeavesTheBoundPodTerminating() {
        kubectl().runWithInput(pod("nowait", "app: nw"), "create", "-n", ns, "-f", "-").assertOk();
        cluster.bind(ns, "nowait", node);

        assertThat(kubectl().run("delete", "pod", "nowait", "-n", ns, "--wait=false"))
                .isEqualTo(new Kubectl.Result(0, "pod \"nowait\" deleted\n", ""));
        assertThat(stored("/api/v1/namespaces/" + ns + "/pods/nowait").path("metadata").has("deletionTimestamp"))
                .isTrue();
        cluster.finishDeletion(ns, "nowait");
    }

    @Test
    void replaceWritesTheWholeObjectAndRefusesAStaleOne() {
        kubectl().runWithInput(pod("replaced", "app: r"), "create", "-n", ns, "-f", "-").assertOk();
        String yaml = kubectl().run("get", "pod", "replaced", "-n", ns, "-o", "yaml").assertOk().out();
        Path file = write("replaced.yaml", yaml.replace("app: r", "app: r2"));

        assertThat(kubectl().run("replace", "-f", file.toString()))
                .isEqualTo(new Kubectl.Result(0, "pod/replaced replaced\n", ""));
        assertThat(kubectl().run("replace", "-f", file.toString())).isEqualTo(new Kubectl.Result(1, "",
                "Error from server (Conflict): error when replacing \"" + file + "\": Operation cannot be fulfilled "
                        + "on pods \"replaced\": the object has been modified; please apply your changes to the "
                        + "latest version and try again\n"));
        assertThat(stored("/api/v1/namespaces/" + ns + "/pods/replaced").path("metadata").path("labels"))
                .isEqualTo(Api.json("{'app':'r2'}"));
    }

    @Test
    void runCreatesAPod() {
        assertThat(kubectl().run("run", "web", "--image=nginx", "-n", ns))
                .isEqualTo(new Kubectl.Result(0, "pod/web created\n", ""));

        assertThat(kubectl().run("get", "pod", "web", "-n", ns, "-o",
                "jsonpath={.metadata.labels.run} {.spec.containers[0].image} {.spec.containers[0].imagePullPolicy}"))
                .isEqualTo(new Kubectl.Result(0, "web nginx Always", ""));
    }

    @Test
    void runWithAClientDryRunPrintsTheManifestOnly() {
        assertThat(kubectl().run("run", "dry", "--image=nginx:1.27", "--labels=app=dry", "-n", ns,
                "--dry-run=client", "-o", "yaml")).isEqualTo(new Kubectl.Result(0, """
                apiVersion: v1
                kind: Pod
                metadata:
                  creationTimestamp: null
                  labels:
                    app: dry
                  name: dry
                  namespace: %s
                spec:
                  containers:
                  - image: nginx:1.27
                    name: dry
                    resources: {}
                  dnsPolicy: ClusterFirst
                  restartPolicy: Always
                status: {}
                """.formatted(ns), ""));
        assertThat(cluster.api().get("/api/v1/namespaces/" + ns + "/pods/dry").code()).isEqualTo(404);
    }

    @Test
    void runWithAServerDryRunAdmitsButStoresNothing() {
        assertThat(kubectl().run("run", "srvdry", "--image=nginx:1.27", "-n", ns, "--dry-run=server"))
                .isEqualTo(new Kubectl.Result(0, "pod/srvdry created (server dry run)\n", ""));
        Kubectl.Result yaml = kubectl().run("run", "srvdry", "--image=nginx:1.27", "-n", ns, "--dry-run=server",
                "-o", "jsonpath={.spec.schedulerName} {.spec.terminationGracePeriodSeconds} "
                        + "{.spec.containers[0].imagePullPolicy} {.status.phase}");

        assertThat(yaml).isEqualTo(new Kubectl.Result(0, "default-scheduler 30 IfNotPresent Pending", ""));
        assertThat(cluster.api().get("/api/v1/namespaces/" + ns + "/pods/srvdry").code()).isEqualTo(404);
    }

    @Test
    void editChangesTheObjectThroughTheEditor() throws IOException {
        kubectl().runWithInput("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: edited}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: edited}}
                  template:
                    metadata: {labels: {app: edited}}
                    spec:
                      containers: [{name: web, image: nginx:1.27}]
                """, "apply", "-n", ns, "-f", "-").assertOk();
        Path editor = write("editor.sh", "#!/bin/sh\nsed -i 's/image: nginx:1.27/image: nginx:1.28/' \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));

        assertThat(kubectl().run(null, Map.of("KUBE_EDITOR", editor.toString()), "edit", "deployment", "edited",
                "-n", ns)).isEqualTo(new Kubectl.Result(0, "deployment.apps/edited edited\n", ""));
        assertThat(kubectl().run(null, Map.of("KUBE_EDITOR", "true"), "edit", "deployment", "edited", "-n", ns))
                .isEqualTo(new Kubectl.Result(0, "", "Edit cancelled, no changes made.\n"));
        assertThat(stored("/apis/apps/v1/namespaces/" + ns + "/deployments/edited").path("spec").path("template")
                .path("spec").path("containers").get(0).path("image").asString()).isEqualTo("nginx:1.28");
    }

    @Test
    void everyPatchTypeReachesTheObject() {
        kubectl().runWithInput(pod("patched", "app: p"), "create", "-n", ns, "-f", "-").assertOk();

        assertThat(kubectl().run("patch", "pod", "patched", "-n", ns, "--type=merge", "-p",
                "{\"metadata\":{\"labels\":{\"merge\":\"1\"}}}"))
                .isEqualTo(new Kubectl.Result(0, "pod/patched patched\n", ""));
        assertThat(kubectl().run("patch", "pod", "patched", "-n", ns, "-p",
                "{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.28\"}]}}"))
                .isEqualTo(new Kubectl.Result(0, "pod/patched patched\n", ""));
        assertThat(kubectl().run("patch", "pod", "patched", "-n", ns, "--type=json", "-p",
                "[{\"op\":\"add\",\"path\":\"/metadata/labels/json\",\"value\":\"2\"},"
                        + "{\"op\":\"remove\",\"path\":\"/metadata/labels/app\"}]"))
                .isEqualTo(new Kubectl.Result(0, "pod/patched patched\n", ""));
        assertThat(kubectl().run("patch", "pod", "patched", "-n", ns, "--type=merge", "-p",
                "{\"metadata\":{\"labels\":{\"merge\":\"1\"}}}"))
                .isEqualTo(new Kubectl.Result(0, "pod/patched patched (no change)\n", ""));

        JsonNode pod = stored("/api/v1/namespaces/" + ns + "/pods/patched");
        assertThat(pod.path("metadata").path("labels")).isEqualTo(Api.json("{'merge':'1','json':'2'}"));
        assertThat(pod.path("spec").path("containers")).hasSize(1);
        assertThat(pod.path("spec").path("containers").get(0).path("image").asString()).isEqualTo("nginx:1.28");
        assertThat(pod.path("spec").path("containers").get(0).path("imagePullPolicy").asString())
                .isEqualTo("IfNotPresent");
    }

    /** Upstream's podStatusStrategy keeps the spec (and owner references); metadata like labels may change. */
    @Test
    void theStatusSubresourceLeavesTheSpecAlone() {
        kubectl().runWithInput(pod("status", "app: st"), "create", "-n", ns, "-f", "-").assertOk();

        assertThat(kubectl().run("patch", "pod", "status", "-n", ns, "--subresource=status", "--type=merge", "-p",
                "{\"spec\":{\"activeDeadlineSeconds\":5},\"status\":{\"phase\":\"Failed\"}}"))
                .isEqualTo(new Kubectl.Result(0, "pod/status patched\n", ""));

        JsonNode pod = stored("/api/v1/namespaces/" + ns + "/pods/status");
        assertThat(pod.path("status").path("phase").asString()).isEqualTo("Failed");
        assertThat(pod.path("spec").has("activeDeadlineSeconds")).isFalse();
    }

    @Test
    void theBindingSubresourceAssignsTheNodeOnce() {
        kubectl().runWithInput(pod("bound", "app: b"), "create", "-n", ns, "-f", "-").assertOk();
        String path = "/api/v1/namespaces/" + ns + "/pods/bound/binding";
        String binding = Api.json("{'apiVersion':'v1','kind':'Binding','metadata':{'name':'bound'},"
                + "'target':{'apiVersion':'v1','kind':'Node','name':'" + node + "'}}").toString();

        Api.Response first = cluster.api().post(path, binding);
        Api.Response second = cluster.api().post(path, binding);

        assertThat(first.code()).isEqualTo(201);
        assertThat(first.json()).isEqualTo(Api.json(
                "{'apiVersion':'v1','kind':'Status','metadata':{},'status':'Success','code':201}"));
        assertThat(second.code()).isEqualTo(409);
        assertThat(second.json()).isEqualTo(Api.json("""
                {'apiVersion':'v1','kind':'Status','metadata':{},'status':'Failure',
                 'message':'Operation cannot be fulfilled on pods/binding \\"bound\\": pod bound is already assigned to node \\"%s\\"',
                 'reason':'Conflict','details':{'name':'bound','kind':'pods/binding'},'code':409}
                """.formatted(node)));
        assertThat(kubectl().run("get", "pod", "bound", "-n", ns, "-o", "jsonpath={.spec.nodeName}").out())
                .isEqualTo(node);
    }

    @Test
    void scaleUsesTheScaleSubresource() {
        kubectl().runWithInput("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: scaled}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: scaled}}
                  template:
                    metadata: {labels: {app: scaled}}
                    spec:
                      containers: [{name: web, image: nginx:1.27}]
                """, "apply", "-n", ns, "-f", "-").assertOk();

        assertThat(kubectl().run("scale", "deployment", "scaled", "-n", ns, "--replicas=5"))
                .isEqualTo(new Kubectl.Result(0, "deployment.apps/scaled scaled\n", ""));
        assertThat(kubectl().run("scale", "deployment", "scaled", "-n", ns, "--replicas=2", "--current-replicas=3"))
                .isEqualTo(new Kubectl.Result(1, "", "error: Expected replicas to be 3, was 5\n"));

        JsonNode scale = stored("/apis/apps/v1/namespaces/" + ns + "/deployments/scaled/scale");
        assertThat(scale).isEqualTo(Api.json("""
                {'kind':'Scale','apiVersion':'autoscaling/v1','metadata':{'name':'scaled','namespace':'%s',
                 'uid':'%s','resourceVersion':'%s','creationTimestamp':'%s'},
                 'spec':{'replicas':5},'status':{'replicas':0,'selector':'app=scaled'}}
                """.formatted(ns, deploymentMeta("scaled", "uid"), deploymentMeta("scaled", "resourceVersion"),
                deploymentMeta("scaled", "creationTimestamp"))));
    }

    private String deploymentMeta(String name, String field) {
        return stored("/apis/apps/v1/namespaces/" + ns + "/deployments/" + name).path("metadata").path(field)
                .asString();
    }

    private JsonNode awaitDeletionTimestamp(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonNode pod = stored("/api/v1/namespaces/" + ns + "/pods/" + name);
            if (pod.path("metadata").has("deletionTimestamp")) {
                return pod;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " never got a deletionTimestamp");
    }

    private Path write(String name, String content) {
        try {
            Path file = Files.createTempFile(cluster.dir(), "write-", "-" + name);
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
