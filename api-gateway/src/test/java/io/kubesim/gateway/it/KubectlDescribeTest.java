package io.kubesim.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code kubectl describe pod}: labels, node, IP, containers with their state, conditions, tolerations, node
 * selectors, and the pod's events (found by the field selector on involvedObject that describe sends).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlDescribeTest {

    private final GatewayHarness cluster = GatewayHarness.shared();
    private String ns;
    private String node;

    @BeforeAll
    void objects() {
        ns = cluster.namespace("describe");
        node = cluster.unique("describe-node");
        cluster.node(node, "arm64", Map.of());
        cluster.kubectl().runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  labels: {app: web, tier: fe}
                  annotations: {owner: team-a}
                spec:
                  nodeSelector: {kubernetes.io/arch: arm64}
                  tolerations: [{key: dedicated, operator: Equal, value: web, effect: NoSchedule}]
                  containers:
                  - name: nginx
                    image: nginx:1.27
                    ports: [{containerPort: 80, protocol: TCP}]
                    resources:
                      requests: {cpu: 250m, memory: 64Mi}
                      limits: {cpu: 500m, memory: 128Mi}
                    env: [{name: MODE, value: prod}]
                """, "create", "-n", ns, "-f", "-").assertOk();
        cluster.bind(ns, "web", node);
        cluster.running(ns, "web", "nginx", "10.244.5.5");
        String uid = cluster.api().get("/api/v1/namespaces/" + ns + "/pods/web").json().path("metadata")
                .path("uid").asString();
        String[][] events = {{"Scheduled", "default-scheduler", "Successfully assigned " + ns + "/web to " + node},
            {"Pulled", "kubelet", "Container image \"nginx:1.27\" already present on machine"},
            {"Started", "kubelet", "Started container nginx"}};
        for (int i = 0; i < events.length; i++) {
            String[] e = events[i];
            cluster.api().post("/api/v1/namespaces/" + ns + "/events", Api.json("""
                    {'apiVersion':'v1','kind':'Event','metadata':{'name':'web.%s','namespace':'%s'},
                     'involvedObject':{'apiVersion':'v1','kind':'Pod','namespace':'%s','name':'web','uid':'%s'},
                     'reason':'%s','type':'Normal','count':1,'message':'%s','source':{'component':'%s'},
                     'firstTimestamp':'2026-01-01T00:00:0%8$dZ','lastTimestamp':'2026-01-01T00:00:0%8$dZ'}
                    """.formatted(e[0].toLowerCase(), ns, ns, uid, e[0], e[2].replace("\"", "\\\""), e[1], i))
                    .toString()).assertOk();
        }
    }

    @Test
    void describePodShowsStateConditionsTolerationsAndEvents() {
        Kubectl.Result r = cluster.kubectl().run("describe", "pod", "web", "-n", ns);

        assertThat(r.err()).isEmpty();
        assertThat(Output.table(dates(r.out()))).isEqualTo(Output.table("""
                Name:             web
                Namespace:        %1$s
                Priority:         0
                Service Account:  default
                Node:             %2$s/10.0.0.9
                Start Time:       <date>
                Labels:           app=web
                                  tier=fe
                Annotations:      owner: team-a
                Status:           Running
                IP:               10.244.5.5
                IPs:              <none>
                Containers:
                  nginx:
                    Container ID:   containerd://1
                    Image:          nginx:1.27
                    Image ID:
                    Port:           80/TCP
                    Host Port:      0/TCP
                    State:          Running
                      Started:      <date>
                    Ready:          True
                    Restart Count:  0
                    Limits:
                      cpu:     500m
                      memory:  128Mi
                    Requests:
                      cpu:     250m
                      memory:  64Mi
                    Environment:
                      MODE:  prod
                    Mounts:  <none>
                Conditions:
                  Type              Status
                  Initialized       True
                  Ready             True
                  ContainersReady   True
                  PodScheduled      True
                Volumes:            <none>
                QoS Class:          Burstable
                Node-Selectors:     kubernetes.io/arch=arm64
                Tolerations:        dedicated=web:NoSchedule
                                    node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                                    node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
                Events:
                  Type    Reason     Age   From               Message
                  ----    ------     ----  ----               -------
                  Normal  Scheduled  1s    default-scheduler  Successfully assigned %1$s/web to %2$s
                  Normal  Pulled     1s    kubelet            Container image "nginx:1.27" already present on machine
                  Normal  Started    1s    kubelet            Started container nginx
                """.formatted(ns, node)));
    }

    @Test
    void describeFindsPodsByNamePrefix() {
        Kubectl.Result r = cluster.kubectl().run("describe", "pod", "we", "-n", ns);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Name:             web\n");
    }

    private static String dates(String text) {
        return text.replaceAll("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}", "<date>");
    }
}
