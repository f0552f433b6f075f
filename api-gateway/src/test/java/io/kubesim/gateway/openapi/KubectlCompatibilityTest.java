package io.kubesim.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real kubectl 1.32 ({@code /usr/bin/kubectl}, which pins 1.32 from the server's {@code /version}) against a stub
 * server serving this module's discovery documents, OpenAPI documents and Tables; each command gets a fresh cache
 * directory so that nothing is read from an earlier run.
 */
class KubectlCompatibilityTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final String CONTAINER = "'containers':[{'name':'app','image':'nginx'}]";

    private static StubApiServer aggregated;
    private static StubApiServer legacy;

    @TempDir
    static Path home;

    @BeforeAll
    static void startServers() throws IOException {
        Map<ResourceType, List<ObjectNode>> objects = Map.of(Resources.PODS, pods(), Resources.NODES, nodes());
        aggregated = new StubApiServer(objects, CLOCK, true);
        legacy = new StubApiServer(objects, CLOCK, false);
    }

    @AfterAll
    static void stopServers() {
        aggregated.close();
        legacy.close();
    }

    @Test
    void getPodsWideShowsTheServerSideColumns() throws Exception {
        Result result = kubectl(aggregated, "get", "pods", "-o", "wide");

        assertThat(result).isEqualTo(new Result(0, """
                NAME         READY   STATUS             RESTARTS      AGE     IP           NODE       NOMINATED NODE   READINESS GATES
                web          1/1     Running            0             5m      10.244.1.5   worker-1   <none>           <none>
                pending      0/1     Pending            0             45s     <none>       <none>     <none>           <none>
                init         0/1     Init:0/2           0             3m20s   <none>       worker-1   <none>           <none>
                crash        0/1     CrashLoopBackOff   5 (30s ago)   5h      10.244.1.6   worker-2   <none>           <none>
                wrong-arch   0/1     ImagePullBackOff   0             2d3h    <none>       worker-2   <none>           <none>
                done         0/1     Completed          0             75d     <none>       worker-1   <none>           <none>
                leaving      1/1     Terminating        0             5m      10.244.1.7   worker-1   <none>           <none>
                """, ""));
    }

    @Test
    void getPodsWithoutWideHidesThePriorityOneColumns() throws Exception {
        Result result = kubectl(aggregated, "get", "pods");

        assertThat(result.stdout().lines().findFirst()).contains("NAME         READY   STATUS             "
                + "RESTARTS      AGE");
    }

    @Test
    void getNodesWatchPrintsTheListThenOneRowPerTableEvent() throws Exception {
        Result result = kubectl(aggregated, "get", "nodes", "--watch");

        assertThat(result).isEqualTo(new Result(0, """
                NAME       STATUS                     ROLES           AGE    VERSION
                cp         Ready                      control-plane   75d    v1.32.4
                worker-1   Ready                      <none>          2d3h   v1.32.4
                worker-2   NotReady                   <none>          2d3h   v1.32.4
                worker-3   Ready,SchedulingDisabled   <none>          5h     v1.32.4
                cp         Ready                      control-plane   75d    v1.32.4
                worker-1   Ready                      <none>          2d3h   v1.32.4
                worker-2   NotReady                   <none>          2d3h   v1.32.4
                worker-3   Ready,SchedulingDisabled   <none>          5h     v1.32.4
                """, ""));
        assertThat(aggregated.requests()).contains("GET /api/v1/nodes?resourceVersion=1000&watch=true");
    }

    @Test
    void getNodesWideShowsStatusRolesAndNodeInfo() throws Exception {
        Result result = kubectl(aggregated, "get", "nodes", "-o", "wide");

        assertThat(result).isEqualTo(new Result(0, """
                NAME       STATUS                     ROLES           AGE    VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE           KERNEL-VERSION     CONTAINER-RUNTIME
                cp         Ready                      control-plane   75d    v1.32.4   10.0.0.10     <none>        Ubuntu 24.04 LTS   6.8.0-45-generic   containerd://1.7.24
                worker-1   Ready                      <none>          2d3h   v1.32.4   10.0.0.11     <none>        Ubuntu 24.04 LTS   6.8.0-45-generic   containerd://1.7.24
                worker-2   NotReady                   <none>          2d3h   v1.32.4   10.0.0.12     <none>        Ubuntu 24.04 LTS   6.8.0-45-generic   containerd://1.7.24
                worker-3   Ready,SchedulingDisabled   <none>          5h     v1.32.4   10.0.0.13     <none>        Ubuntu 24.04 LTS   6.8.0-45-generic   containerd://1.7.24
                """, ""));
    }

    @ParameterizedTest(name = "kubectl api-resources lists the catalog, aggregated discovery {0}")
    @ValueSource(booleans = {true, false})
    void apiResourcesListsTheCatalog(boolean aggregatedDiscovery) throws Exception {
        Result result = kubectl(aggregatedDiscovery ? aggregated : legacy, "api-resources");

        assertThat(result).isEqualTo(new Result(0, """
                NAME                   SHORTNAMES   APIVERSION               NAMESPACED   KIND
                configmaps             cm           v1                       true         ConfigMap
                events                 ev           v1                       true         Event
                namespaces             ns           v1                       false        Namespace
                nodes                  no           v1                       false        Node
                pods                   po           v1                       true         Pod
                secrets                             v1                       true         Secret
                serviceaccounts        sa           v1                       true         ServiceAccount
                services               svc          v1                       true         Service
                daemonsets             ds           apps/v1                  true         DaemonSet
                deployments            deploy       apps/v1                  true         Deployment
                replicasets            rs           apps/v1                  true         ReplicaSet
                jobs                                batch/v1                 true         Job
                leases                              coordination.k8s.io/v1   true         Lease
                poddisruptionbudgets   pdb          policy/v1                true         PodDisruptionBudget
                priorityclasses        pc           scheduling.k8s.io/v1     false        PriorityClass
                """, ""));
    }

    @Test
    void explainPrintsTheTolerationFields() throws Exception {
        Result result = kubectl(aggregated, "explain", "pod.spec.tolerations");

        assertThat(result).isEqualTo(new Result(0, """
                KIND:       Pod
                VERSION:    v1

                FIELD: tolerations <[]Toleration>


                DESCRIPTION:
                    The taints the pod tolerates. A pod can only be scheduled onto (and, for
                    NoExecute taints, keep running on) a node whose taints it all tolerates.
                    A pod with a toleration tolerates any taint that matches the triple
                    <key,value,effect> under the operator <operator>.
                   \s
                FIELDS:
                  effect\t<string>
                  enum: NoExecute, NoSchedule, PreferNoSchedule
                    The taint effect to match; empty matches every effect.

                  key\t<string>
                    The taint key the toleration applies to; empty matches every key, and then
                    operator must be Exists.

                  operator\t<string>
                  enum: Equal, Exists
                    How the key relates to the value: Exists matches any value (a wildcard),
                    Equal requires the same value. Defaults to Equal.

                  tolerationSeconds\t<integer>
                    For NoExecute only: how long the pod stays bound to the node after the taint
                    appears, after which it is evicted. Unset means forever; zero or less means
                    evict at once.

                  value\t<string>
                    The taint value to match; empty when the operator is Exists.


                """, ""));
    }

    @Test
    void createLeavesValidationToTheServerWithFieldValidationStrict() throws Exception {
        Path manifest = Files.writeString(home.resolve("pod.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                spec:
                  containers:
                  - name: c
                    image: nginx
                """);

        Result result = kubectl(aggregated, "create", "-f", manifest.toString(), "--dry-run=server");

        assertThat(result).isEqualTo(new Result(0, "pod/p created (server dry run)\n", ""));
        assertThat(aggregated.requests()).contains("POST /api/v1/namespaces/default/pods?dryRun=All"
                + "&fieldManager=kubectl-create&fieldValidation=Strict");
    }

    private static Result kubectl(StubApiServer server, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("/usr/bin/kubectl", "--server", server.url(), "--cache-dir",
                Files.createTempDirectory(home, "cache").toString()));
        args.addAll(Arrays.asList(command));
        ProcessBuilder builder = new ProcessBuilder(args);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("KUBECONFIG", home.resolve("no-kubeconfig").toString());
        builder.environment().keySet().removeIf(key -> key.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy"));
        Process process = builder.start();
        byte[] stdout = process.getInputStream().readAllBytes();
        byte[] stderr = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                new String(stderr, StandardCharsets.UTF_8));
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    private static List<ObjectNode> pods() {
        return List.of(
                pod("web", "2025-06-01T11:55:00Z", "'nodeName':'worker-1'," + CONTAINER,
                        "'phase':'Running','podIP':'10.244.1.5','containerStatuses':[{'name':'app','ready':true,"
                                + "'restartCount':0,'state':{'running':{}}}]"),
                pod("pending", "2025-06-01T11:59:15Z", CONTAINER, "'phase':'Pending'"),
                pod("init", "2025-06-01T11:56:40Z", "'nodeName':'worker-1','initContainers':[{'name':'a','image':"
                                + "'busybox'},{'name':'b','image':'busybox'}]," + CONTAINER,
                        "'phase':'Pending','initContainerStatuses':[{'name':'a','ready':false,'restartCount':0,"
                                + "'state':{'running':{}}}]"),
                pod("crash", "2025-06-01T07:00:00Z", "'nodeName':'worker-2'," + CONTAINER,
                        "'phase':'Running','podIP':'10.244.1.6','containerStatuses':[{'name':'app','ready':false,"
                                + "'restartCount':5,'state':{'waiting':{'reason':'CrashLoopBackOff'}},'lastState':"
                                + "{'terminated':{'exitCode':1,'reason':'Error','finishedAt':'2025-06-01T11:59:30Z'}}}]"),
                pod("wrong-arch", "2025-05-30T09:00:00Z", "'nodeName':'worker-2'," + CONTAINER,
                        "'phase':'Pending','containerStatuses':[{'name':'app','ready':false,'restartCount':0,"
                                + "'state':{'waiting':{'reason':'ImagePullBackOff'}}}]"),
                pod("done", "2025-03-18T12:00:00Z", "'nodeName':'worker-1'," + CONTAINER,
                        "'phase':'Succeeded','containerStatuses':[{'name':'app','ready':false,'restartCount':0,"
                                + "'state':{'terminated':{'exitCode':0,'reason':'Completed'}}}]"),
                json("{'metadata':{'name':'leaving','namespace':'default','creationTimestamp':'2025-06-01T11:55:00Z',"
                        + "'deletionTimestamp':'2025-06-01T12:00:30Z'},'spec':{'nodeName':'worker-1'," + CONTAINER
                        + "},'status':{'phase':'Running','podIP':'10.244.1.7','containerStatuses':[{'name':'app',"
                        + "'ready':true,'restartCount':0,'state':{'running':{}}}]}}"));
    }

    private static List<ObjectNode> nodes() {
        return List.of(
                node("cp", "2025-03-18T12:00:00Z", "'node-role.kubernetes.io/control-plane':''", "", "True",
                        "10.0.0.10"),
                node("worker-1", "2025-05-30T09:00:00Z", "", "", "True", "10.0.0.11"),
                node("worker-2", "2025-05-30T09:00:00Z", "", "", "Unknown", "10.0.0.12"),
                node("worker-3", "2025-06-01T07:00:00Z", "", "'unschedulable':true", "True", "10.0.0.13"));
    }

    private static ObjectNode pod(String name, String created, String spec, String status) {
        return json("{'metadata':{'name':'" + name + "','namespace':'default','creationTimestamp':'" + created
                + "'},'spec':{" + spec + "},'status':{" + status + "}}");
    }

    private static ObjectNode node(String name, String created, String labels, String spec, String ready,
            String ip) {
        return json("{'metadata':{'name':'" + name + "','creationTimestamp':'" + created + "','labels':{" + labels
                + "}},'spec':{" + spec + "},'status':{'conditions':[{'type':'Ready','status':'" + ready + "'}],"
                + "'addresses':[{'type':'InternalIP','address':'" + ip + "'}],'nodeInfo':{'kubeletVersion':'v1.32.4',"
                + "'osImage':'Ubuntu 24.04 LTS','kernelVersion':'6.8.0-45-generic','containerRuntimeVersion':"
                + "'containerd://1.7.24'}}}");
    }

    private static ObjectNode json(String singleQuoted) {
        return (ObjectNode) KubeJson.parse(singleQuoted.replace('\'', '"'));
    }
}
