package io.kubesim.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/**
 * {@code kubectl create <kind>}: these commands use kubectl's typed clients, which send protobuf bodies; the gateway
 * reads them (the {@code Protobuf} decoder) and stores what the same command shows with
 * {@code --dry-run=client -o json}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlCreateKindsTest {

    private final GatewayHarness cluster = GatewayHarness.shared();
    private String ns;

    @BeforeAll
    void namespace() {
        ns = cluster.namespace("generators");
    }

    Stream<Arguments> kinds() {
        String created = cluster.unique("created-ns");
        return Stream.of(
                Arguments.of("namespace", List.of("create", "namespace", created), "namespace/" + created
                        + " created", "/api/v1/namespaces/" + created, "status.phase", "Active"),
                Arguments.of("deployment", List.of("create", "deployment", "web", "--image=nginx:1.27",
                        "--replicas=3", "--port=80"), "deployment.apps/web created",
                        "/apis/apps/v1/namespaces/{ns}/deployments/web", "spec.replicas "
                                + "spec.template.spec.containers[0].ports[0].containerPort "
                                + "spec.selector.matchLabels.app", "3 80 web"),
                Arguments.of("deployment with no replicas", List.of("create", "deployment", "none",
                        "--image=nginx:1.27", "--replicas=0"), "deployment.apps/none created",
                        "/apis/apps/v1/namespaces/{ns}/deployments/none", "spec.replicas", "0"),
                Arguments.of("configmap", List.of("create", "configmap", "settings", "--from-literal=mode=prod",
                        "--from-literal=level=3"), "configmap/settings created",
                        "/api/v1/namespaces/{ns}/configmaps/settings", "data.mode data.level", "prod 3"),
                Arguments.of("secret", List.of("create", "secret", "generic", "creds", "--from-literal=user=admin"),
                        "secret/creds created", "/api/v1/namespaces/{ns}/secrets/creds", "type data.user",
                        "Opaque YWRtaW4="),
                Arguments.of("job", List.of("create", "job", "once", "--image=busybox:1.36", "--", "echo", "hi"),
                        "job.batch/once created", "/apis/batch/v1/namespaces/{ns}/jobs/once",
                        "spec.template.spec.restartPolicy spec.template.spec.containers[0].command[1] "
                                + "spec.backoffLimit", "Never hi 6"),
                Arguments.of("serviceaccount", List.of("create", "serviceaccount", "robot"),
                        "serviceaccount/robot created", "/api/v1/namespaces/{ns}/serviceaccounts/robot",
                        "metadata.name", "robot"),
                Arguments.of("service", List.of("create", "service", "nodeport", "front", "--tcp=80:http",
                        "--node-port=30080"), "service/front created", "/api/v1/namespaces/{ns}/services/front",
                        "spec.type spec.ports[0].targetPort spec.ports[0].nodePort spec.selector.app",
                        "NodePort http 30080 front"),
                Arguments.of("priorityclass", List.of("create", "priorityclass", cluster.unique("batch-low"),
                        "--value=10", "--description=batch", "--preemption-policy=Never"),
                        "priorityclass.scheduling.k8s.io/{last} created", "/apis/scheduling.k8s.io/v1/"
                                + "priorityclasses/{last}", "value description preemptionPolicy", "10 batch Never"),
                Arguments.of("poddisruptionbudget", List.of("create", "poddisruptionbudget", "guard",
                        "--selector=app=web", "--max-unavailable=50%"), "poddisruptionbudget.policy/guard created",
                        "/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets/guard",
                        "spec.maxUnavailable spec.selector.matchLabels.app", "50% web"));
    }

    @ParameterizedTest(name = "kubectl create {0}")
    @MethodSource("kinds")
    void createsWhatTheCommandDescribes(String what, List<String> args, String stdout, String path, String fields,
            String values) {
        String last = args.get(2).equals("priorityclass") || args.get(1).equals("priorityclass")
                ? args.get(2) : "";
        List<String> all = new java.util.ArrayList<>(args);
        if (!args.get(1).equals("namespace") && !args.get(1).equals("priorityclass")) {
            all.addAll(1, List.of("-n", ns)); // before a "--" that starts the container's command
        }

        Kubectl.Result r = cluster.kubectl().run(all.toArray(String[]::new));

        assertThat(r).isEqualTo(new Kubectl.Result(0, stdout.replace("{last}", last) + "\n", ""));
        JsonNode stored = cluster.api().get(path.replace("{ns}", ns).replace("{last}", last)).assertOk().json();
        List<String> got = Stream.of(fields.split(" ")).map(f -> at(stored, f)).toList();
        assertThat(String.join(" ", got)).isEqualTo(values);
    }

    /** A field by a path like {@code spec.ports[0].nodePort}. */
    private static String at(JsonNode node, String path) {
        JsonNode n = node;
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            if (bracket >= 0) {
                n = n.path(part.substring(0, bracket)).path(Integer.parseInt(part.substring(bracket + 1,
                        part.length() - 1)));
            } else {
                n = n.path(part);
            }
        }
        return n.asString();
    }
}
