package io.kubesim.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import tools.jackson.databind.JsonNode;

/**
 * What an operator does to nodes with kubectl: label (add, overwrite, remove), annotate, taint and untaint, cordon
 * and uncordon, drain (eviction subresource, PodDisruptionBudget retries), describe.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlNodeTest {

    private final GatewayHarness cluster = GatewayHarness.shared();
    private String ns;

    @BeforeAll
    void namespace() {
        ns = cluster.namespace("nodes");
    }

    private Kubectl kubectl() {
        return cluster.kubectl();
    }

    private JsonNode node(String name) {
        return cluster.api().get("/api/v1/nodes/" + name).json();
    }

    @Test
    void labelAddsOverwritesAndRemoves() {
        String n = cluster.unique("label");
        cluster.node(n, "amd64", Map.of());

        assertThat(kubectl().run("label", "node", n, "disk=ssd"))
                .isEqualTo(new Kubectl.Result(0, "node/" + n + " labeled\n", ""));
        assertThat(kubectl().run("label", "node", n, "disk=hdd")).isEqualTo(new Kubectl.Result(1, "",
                "error: 'disk' already has a value (ssd), and --overwrite is false\n"));
        assertThat(kubectl().run("label", "node", n, "disk=hdd", "--overwrite"))
                .isEqualTo(new Kubectl.Result(0, "node/" + n + " labeled\n", ""));
        assertThat(node(n).path("metadata").path("labels").path("disk").asString()).isEqualTo("hdd");
        assertThat(kubectl().run("label", "node", n, "disk-"))
                .isEqualTo(new Kubectl.Result(0, "node/" + n + " unlabeled\n", ""));
        assertThat(node(n).path("metadata").path("labels").has("disk")).isFalse();
        assertThat(kubectl().run("label", "node", n, "bad key=x")).isEqualTo(new Kubectl.Result(1, "",
                "The Node \"" + n + "\" is invalid: metadata.labels: Invalid value: \"bad key\": name part must "
                        + "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                        + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
                        + "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n"));
    }

    @Test
    void aLabelTheServerRefusesIsInvalid() {
        String n = cluster.unique("badlabel");
        cluster.node(n, "amd64", Map.of());
        String longValue = "v".repeat(64);

        assertThat(kubectl().run("label", "node", n, "size=" + longValue)).isEqualTo(new Kubectl.Result(1, "",
                "error: invalid label value: \"size=" + longValue + "\": must be no more than 63 characters\n"));
        assertThat(kubectl().run("patch", "node", n, "-p", "{\"metadata\":{\"labels\":{\"size\":\"" + longValue
                + "\"}}}")).isEqualTo(new Kubectl.Result(1, "", "The Node \"" + n + "\" is invalid: metadata.labels: "
                        + "Invalid value: \"" + longValue + "\": must be no more than 63 characters\n"));
    }

    @Test
    void annotateAddsAndRemoves() {
        String n = cluster.unique("annotate");
        cluster.node(n, "amd64", Map.of());

        assertThat(kubectl().run("annotate", "node", n, "owner=team-a"))
                .isEqualTo(new Kubectl.Result(0, "node/" + n + " annotated\n", ""));
        assertThat(node(n).path("metadata").path("annotations")).isEqualTo(Api.json("{'owner':'team-a'}"));
        assertThat(kubectl().run("annotate", "node", n, "owner-"))
                .isEqualTo(new Kubectl.Result(0, "node/" + n + " annotated\n", ""));
        assertThat(node(n).path("metadata").path("annotations").has("owner")).isFalse();
    }

    @Test
    void taintAndUntaint() {
        String n = cluster.unique("taint");
        cluster.node(n, "amd64", Map.of());

        assertThat(kubectl().run("taint", "node", n, "dedicated=gpu:NoSchedule"))
                .isEqualTo(new Kubectl.Result(0, "node/" + n + " tainted\n", ""));
        assertThat(kubectl().run("taint", "node", n, "spot=true:PreferNoSchedule"))
                .isEqualTo(new Kubectl.Result(0, "node/" + n + " tainted\n", ""));
        assertThat(node(n).path("spec").path("taints")).isEqualTo(Api.tree("""
                [{'effect':'PreferNoSchedule','key':'spot','value':'true'},
                 {'effect':'NoSchedule','key':'dedicated','value':'gpu'},
                 {'effect':'NoSchedule','key':'node.kubernetes.io/not-ready'}]"""));
        assertThat(kubectl().run("taint", "node", n, "dedicated=gpu:NoSchedule")).isEqualTo(new Kubectl.Result(1,
                "", "error: node " + n + " already has dedicated taint(s) with same effect(s) and --overwrite is "
                        + "false\n"));
        assertThat(kubectl().run("taint", "node", n, "dedicated=gpu:NoSchedule-"))
                .isEqualTo(new Kubectl.Result(0, "node/" + n + " untainted\n", ""));
        assertThat(kubectl().run("taint", "node", n, "spot-"))
                .isEqualTo(new Kubectl.Result(0, "node/" + n + " untainted\n", ""));
        assertThat(node(n).path("spec").path("taints")).isEqualTo(Api.tree(
                "[{'effect':'NoSchedule','key':'node.kubernetes.io/not-ready'}]"));
    }

    /** Upstream's ValidateNode reports taints under metadata (validation.go: fldPath.Child("taints")). */
    @Test
    void aTaintEffectTheServerDoesNotKnowIsInvalid() {
        String n = cluster.unique("badtaint");
        cluster.node(n, "amd64", Map.of());

        assertThat(kubectl().run("patch", "node", n, "--type=merge", "-p",
                "{\"spec\":{\"taints\":[{\"key\":\"k\",\"value\":\"v\",\"effect\":\"Sometimes\"}]}}"))
                .isEqualTo(new Kubectl.Result(1, "", "The Node \"" + n + "\" is invalid: metadata.taints[0].effect: "
                        + "Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", "
                        + "\"NoExecute\"\n"));
    }

    @Test
    void cordonAndUncordon() {
        String n = cluster.unique("cordon");
        cluster.node(n, "amd64", Map.of());

        assertThat(kubectl().run("cordon", n)).isEqualTo(new Kubectl.Result(0, "node/" + n + " cordoned\n", ""));
        assertThat(kubectl().run("cordon", n))
                .isEqualTo(new Kubectl.Result(0, "node/" + n + " already cordoned\n", ""));
        assertThat(Output.table(kubectl().run("get", "node", n).assertOk().out())).isEqualTo("""
                NAME | STATUS | ROLES | AGE | VERSION
                %s | Ready,SchedulingDisabled | <none> | <age> | v1.32.4
                """.formatted(n));
        assertThat(kubectl().run("uncordon", n)).isEqualTo(new Kubectl.Result(0, "node/" + n + " uncordoned\n", ""));
        assertThat(node(n).path("spec").has("unschedulable")).isFalse();
        assertThat(kubectl().run("uncordon", n))
                .isEqualTo(new Kubectl.Result(0, "node/" + n + " already uncordoned\n", ""));
    }

    @Test
    void drainEvictsThroughTheEvictionSubresourceAndRetriesWhileABudgetForbids() throws Exception {
        String n = cluster.unique("drain");
        cluster.node(n, "amd64", Map.of());
        kubectl().runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: lone}
                spec:
                  containers: [{name: web, image: nginx:1.27}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: guarded, labels: {app: guarded}}
                spec:
                  containers: [{name: web, image: nginx:1.27}]
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: guard}
                spec:
                  minAvailable: 1
                  selector: {matchLabels: {app: guarded}}
                ---
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: agent}
                spec:
                  selector: {matchLabels: {app: agent}}
                  template:
                    metadata: {labels: {app: agent}}
                    spec:
                      containers: [{name: agent, image: busybox:1.36}]
                """, "apply", "-n", ns, "-f", "-").assertOk();
        String dsUid = cluster.api().get("/apis/apps/v1/namespaces/" + ns + "/daemonsets/agent").json()
                .path("metadata").path("uid").asString();
        cluster.api().post("/api/v1/namespaces/" + ns + "/pods", Api.json("""
                {'apiVersion':'v1','kind':'Pod','metadata':{'name':'agent-x1','labels':{'app':'agent'},
                 'ownerReferences':[{'apiVersion':'apps/v1','kind':'DaemonSet','name':'agent','uid':'%s',
                  'controller':true,'blockOwnerDeletion':true}]},
                 'spec':{'containers':[{'name':'agent','image':'busybox:1.36'}]}}""".formatted(dsUid)).toString())
                .assertOk();
        for (String pod : List.of("lone", "guarded", "agent-x1")) {
            cluster.bind(ns, pod, n);
            cluster.running(ns, pod, pod.startsWith("agent") ? "agent" : "web", "10.244.9.9");
        }
        setBudget(0);

        AtomicBoolean kubeletRunning = new AtomicBoolean(true);
        Thread kubelet = Thread.ofVirtual().start(() -> finishDeletionsOn(n, kubeletRunning));
        Process drain = kubectl().start("drain", n, "--ignore-daemonsets", "--force");
        awaitLine(drain, "error when evicting");
        setBudget(1);
        boolean finished = drain.waitFor(60, TimeUnit.SECONDS);
        kubeletRunning.set(false);
        kubelet.join();

        assertThat(finished).isTrue();
        String out = output.toString() + new String(drain.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> lines = out.lines().toList();
        assertThat(drain.exitValue()).as(out).isZero();
        assertThat(lines.getFirst()).isEqualTo("node/" + n + " cordoned");
        // kubectl joins its warning groups by iterating a Go map (PodDeleteList.Warnings in
        // k8s.io/kubectl/pkg/drain/filters.go), so the order of the two groups differs from run to run.
        assertThat(lines.get(1)).startsWith("Warning: ");
        assertThat(lines.get(1).substring("Warning: ".length()).split("; ")).containsExactlyInAnyOrder(
                "ignoring DaemonSet-managed Pods: " + ns + "/agent-x1",
                "deleting Pods that declare no controller: " + ns + "/guarded, " + ns + "/lone");
        assertThat(lines.getLast()).isEqualTo("node/" + n + " drained");
        assertThat(new TreeSet<>(lines)).containsExactlyInAnyOrderElementsOf(new TreeSet<>(List.of(
                "node/" + n + " cordoned",
                lines.get(1),
                "evicting pod " + ns + "/lone",
                "evicting pod " + ns + "/guarded",
                "error when evicting pods/\"guarded\" -n \"" + ns + "\" (will retry after 5s): Cannot evict pod as "
                        + "it would violate the pod's disruption budget.",
                "pod/lone evicted",
                "pod/guarded evicted",
                "node/" + n + " drained")));
        assertThat(node(n).path("spec").path("unschedulable").asBoolean()).isTrue();
        assertThat(cluster.api().get("/api/v1/namespaces/" + ns + "/pods/agent-x1").code()).isEqualTo(200);
        assertThat(cluster.api().get("/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets/guard").json()
                .path("status").path("disruptionsAllowed").asInt()).isZero();
    }

    @Test
    void evictionUnderABudgetIsTooManyRequests() {
        kubectl().runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: kept, labels: {app: kept}}
                spec:
                  containers: [{name: web, image: nginx:1.27}]
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: keep}
                spec:
                  maxUnavailable: 0
                  selector: {matchLabels: {app: kept}}
                """, "apply", "-n", ns, "-f", "-").assertOk();
        String n = cluster.unique("evict");
        cluster.node(n, "amd64", Map.of());
        cluster.bind(ns, "kept", n);
        cluster.running(ns, "kept", "web", "10.244.9.10");
        cluster.api().patch("/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets/keep/status",
                "application/merge-patch+json", Api.json("{'status':{'observedGeneration':1,'disruptionsAllowed':0,"
                        + "'currentHealthy':1,'desiredHealthy':1,'expectedPods':1}}").toString()).assertOk();

        Api.Response r = cluster.api().post("/api/v1/namespaces/" + ns + "/pods/kept/eviction", Api.json(
                "{'apiVersion':'policy/v1','kind':'Eviction','metadata':{'name':'kept','namespace':'" + ns + "'}}")
                .toString());

        assertThat(r.code()).isEqualTo(429);
        assertThat(r.json()).isEqualTo(Api.json("""
                {'apiVersion':'v1','kind':'Status','metadata':{},'status':'Failure',
                 'message':'Cannot evict pod as it would violate the pod\\'s disruption budget.',
                 'reason':'TooManyRequests','details':{'causes':[{'reason':'DisruptionBudget',
                  'message':'The disruption budget keep needs 1 healthy pods and has 1 currently'}]},'code':429}
                """.replace("\\'", "\\u0027")));
    }

    @Test
    void describeNodeShowsLabelsTaintsConditionsResourcesAndEvents() {
        String n = cluster.unique("describe");
        cluster.node(n, "arm64", Map.of("zone", "a"));
        kubectl().run("taint", "node", n, "dedicated=db:NoExecute").assertOk();
        kubectl().runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: sized}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    resources:
                      requests: {cpu: 500m, memory: 1Gi}
                      limits: {cpu: "1", memory: 2Gi}
                  tolerations: [{key: dedicated, operator: Exists}]
                """, "apply", "-n", ns, "-f", "-").assertOk();
        cluster.bind(ns, "sized", n);
        String nodeUid = node(n).path("metadata").path("uid").asString();
        cluster.api().post("/api/v1/namespaces/default/events", Api.json("""
                {'apiVersion':'v1','kind':'Event','metadata':{'name':'%1$s.1','namespace':'default'},
                 'involvedObject':{'kind':'Node','name':'%1$s','uid':'%1$s'},
                 'reason':'NodeReady','type':'Normal','count':1,'message':'Node %1$s status is now: NodeReady',
                 'source':{'component':'kubelet','host':'%1$s'},
                 'firstTimestamp':'2026-01-01T00:00:00Z','lastTimestamp':'2026-01-01T00:00:00Z'}
                """.formatted(n)).toString()).assertOk();
        assertThat(nodeUid).isNotEmpty();

        Kubectl.Result r = kubectl().run("describe", "node", n);

        assertThat(r.err()).isEmpty();
        assertThat(Output.table(dates(r.out()))).isEqualTo(Output.table(dates("""
                Name:               %1$s
                Roles:              <none>
                Labels:             kubernetes.io/arch=arm64
                                    kubernetes.io/hostname=%1$s
                                    kubernetes.io/os=linux
                                    zone=a
                Annotations:        <none>
                CreationTimestamp:  <date>
                Taints:             dedicated=db:NoExecute
                                    node.kubernetes.io/not-ready:NoSchedule
                Unschedulable:      false
                Lease:              Failed to get lease: leases.coordination.k8s.io "%1$s" not found
                Conditions:
                  Type    Status  LastHeartbeatTime                 LastTransitionTime                Reason         Message
                  ----    ------  -----------------                 ------------------                ------         -------
                  Ready   True    <date>   <date>   KubeletReady   kubelet is posting ready status
                Addresses:
                  InternalIP:  10.0.0.9
                  Hostname:    %1$s
                Capacity:
                  cpu:     4
                  memory:  8Gi
                  pods:    110
                Allocatable:
                  cpu:     4
                  memory:  8Gi
                  pods:    110
                System Info:
                  Machine ID:                 m
                  System UUID:                s
                  Boot ID:                    b
                  Kernel Version:             6.1.0
                  OS Image:                   Debian GNU/Linux 12
                  Operating System:           linux
                  Architecture:               arm64
                  Container Runtime Version:  containerd://1.7.24
                  Kubelet Version:            v1.32.4
                  Kube-Proxy Version:         v1.32.4
                Non-terminated Pods:          (1 in total)
                  Namespace                   Name     CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
                  ---------                   ----     ------------  ----------  ---------------  -------------  ---
                  %2$s                    sized    500m (12%%)    1 (25%%)      1Gi (12%%)        2Gi (25%%)       1s
                Allocated resources:
                  (Total limits may be over 100 percent, i.e., overcommitted.)
                  Resource           Requests    Limits
                  --------           --------    ------
                  cpu                500m (12%%)  1 (25%%)
                  memory             1Gi (12%%)   2Gi (25%%)
                  ephemeral-storage  0 (0%%)      0 (0%%)
                Events:
                  Type    Reason     Age   From     Message
                  ----    ------     ----  ----     -------
                  Normal  NodeReady  1s    kubelet  Node %1$s status is now: NodeReady
                """.formatted(n, ns))));
    }

    @Test
    void describeNodeShowsItsLease() {
        String n = cluster.unique("leased");
        cluster.node(n, "amd64", Map.of());
        cluster.api().post("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases",
                Api.json("{'apiVersion':'coordination.k8s.io/v1','kind':'Lease','metadata':{'name':'" + n + "'},"
                        + "'spec':{'holderIdentity':'" + n + "','leaseDurationSeconds':40,"
                        + "'renewTime':'2026-01-01T00:00:10.000000Z'}}").toString()).assertOk();

        String out = kubectl().run("describe", "node", n).assertOk().out();

        assertThat(out).contains("""
                Lease:
                  HolderIdentity:  %s
                  AcquireTime:     <unset>
                  RenewTime:       Thu, 01 Jan 2026 00:00:10 +0000
                """.formatted(n));
    }

    private final StringBuilder output = new StringBuilder();

    private void awaitLine(Process p, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        var in = p.getInputStream();
        StringBuilder line = new StringBuilder();
        while (System.nanoTime() < deadline) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            output.append((char) c);
            if (c == '\n') {
                if (line.toString().contains(text)) {
                    return;
                }
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        throw new AssertionError("kubectl never printed " + text + ":\n" + output);
    }

    private void setBudget(int allowed) {
        cluster.api().patch("/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets/guard/status",
                "application/merge-patch+json", Api.json("{'status':{'observedGeneration':1,'disruptionsAllowed':"
                        + allowed + ",'currentHealthy':1,'desiredHealthy':1,'expectedPods':1}}").toString())
                .assertOk();
    }

    /** The kubelet's part of an eviction: pods of the node with a deletionTimestamp are removed. */
    private void finishDeletionsOn(String nodeName, AtomicBoolean running) {
        while (running.get()) {
            JsonNode pods = cluster.api().get("/api/v1/pods?fieldSelector=spec.nodeName%3D" + nodeName).json();
            for (JsonNode p : pods.path("items")) {
                if (p.path("metadata").has("deletionTimestamp")) {
                    cluster.finishDeletion(p.path("metadata").path("namespace").asString(),
                            p.path("metadata").path("name").asString());
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String dates(String text) {
        return text.replaceAll("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}", "<date>");
    }
}
