package io.kubesim.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upstream validation (pkg/apis/core/validation/validation.go, apimachinery's name and label rules), done by the
 * registry behind state-service, seen the way a user sees it: {@code kubectl create -f} and what it prints. Nothing
 * invalid is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlValidationTest {

    private static final String NODE_AFFINITY = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuring"
            + "Execution.nodeSelectorTerms[0].matchExpressions[0]";

    private final GatewayHarness cluster = GatewayHarness.shared();
    private String ns;

    @BeforeAll
    void namespace() {
        ns = cluster.namespace("validation");
    }

    /** A pod named {@code name}, with extra lines under {@code metadata:} and {@code spec:} and in its container. */
    private static String pod(String name, String meta, String spec, String container) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n" + meta + "spec:\n" + spec
                + "  containers:\n  - name: web\n    image: nginx:1.27\n" + container;
    }

    private static String affinity(String expression) {
        return "  affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: "
                + "[{matchExpressions: [" + expression + "]}]}}}\n";
    }

    Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("a pod name must be a DNS-1123 subdomain", pod("Bad_Name", "", "", ""),
                        "The Pod \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC "
                                + "1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
                                + "must start and end with an alphanumeric character (e.g. 'example.com', regex used "
                                + "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
                Arguments.of("a namespace name must be a DNS-1123 label",
                        "apiVersion: v1\nkind: Namespace\nmetadata: {name: my.ns}\n",
                        "The Namespace \"my.ns\" is invalid: metadata.name: Invalid value: \"my.ns\": must not contain "
                                + "dots"),
                Arguments.of("a node name must be a DNS-1123 subdomain",
                        "apiVersion: v1\nkind: Node\nmetadata: {name: Node_1}\n",
                        "The Node \"Node_1\" is invalid: metadata.name: Invalid value: \"Node_1\": a lowercase RFC 1123 "
                                + "subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
                                + "start and end with an alphanumeric character (e.g. 'example.com', regex used for "
                                + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
                Arguments.of("a container name must be a DNS-1123 label",
                        "apiVersion: v1\nkind: Pod\nmetadata: {name: v-cname}\nspec:\n  containers: [{name: Web_1, "
                                + "image: nginx}]\n",
                        "The Pod \"v-cname\" is invalid: spec.containers[0].name: Invalid value: \"Web_1\": a lowercase "
                                + "RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
                                + "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
                                + "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
                Arguments.of("a label key may not contain a space", pod("v-lkey", "  labels: {\"bad key\": x}\n", "",
                        ""), "The Pod \"v-lkey\" is invalid: metadata.labels: Invalid value: \"bad key\": name part "
                                + "must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
                                + "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
                                + "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
                Arguments.of("a label key has at most one prefix", pod("v-lprefix", "  labels: {\"a/b/c\": x}\n", "",
                        ""), "The Pod \"v-lprefix\" is invalid: metadata.labels: Invalid value: \"a/b/c\": a "
                                + "qualified name must consist of alphanumeric characters, '-', '_' or '.', and must "
                                + "start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
                                + "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') "
                                + "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
                Arguments.of("a label value starts and ends alphanumeric", pod("v-lvalue", "  labels: {k: \"-bad-\"}\n",
                        "", ""), "The Pod \"v-lvalue\" is invalid: metadata.labels: Invalid value: \"-bad-\": a valid "
                                + "label must be an empty string or consist of alphanumeric characters, '-', '_' or "
                                + "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
                                + "'my_value',  or '12345', regex used for validation is "
                                + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
                Arguments.of("a label value has at most 63 characters",
                        pod("v-llong", "  labels: {k: " + "v".repeat(64) + "}\n", "", ""),
                        "The Pod \"v-llong\" is invalid: metadata.labels: Invalid value: \"" + "v".repeat(64)
                                + "\": must be no more than 63 characters"),
                Arguments.of("a taint effect must be known",
                        "apiVersion: v1\nkind: Node\nmetadata: {name: v-taint}\nspec:\n  taints: [{key: k, value: v, "
                                + "effect: Sometimes}]\n",
                        "The Node \"v-taint\" is invalid: metadata.taints[0].effect: Unsupported value: \"Sometimes\": "
                                + "supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""),
                Arguments.of("Exists tolerates any value, so a value is invalid",
                        pod("v-tolexists", "", "  tolerations: [{key: k, operator: Exists, value: v}]\n", ""),
                        "The Pod \"v-tolexists\" is invalid: spec.tolerations[0].operator: Invalid value: \"v\": value "
                                + "must be empty when `operator` is 'Exists'"),
                Arguments.of("a toleration operator is Equal or Exists",
                        pod("v-tolop", "", "  tolerations: [{key: k, operator: Maybe, value: v}]\n", ""),
                        "The Pod \"v-tolop\" is invalid: spec.tolerations[0].operator: Unsupported value: \"Maybe\": "
                                + "supported values: \"Equal\", \"Exists\""),
                Arguments.of("an empty toleration key needs Exists",
                        pod("v-tolkey", "", "  tolerations: [{operator: Equal, value: v}]\n", ""),
                        "The Pod \"v-tolkey\" is invalid: spec.tolerations[0].operator: Invalid value: \"Equal\": "
                                + "operator must be Exists when `key` is empty, which means \"match all values and all "
                                + "keys\""),
                Arguments.of("tolerationSeconds needs NoExecute",
                        pod("v-tolsecs", "", "  tolerations: [{key: k, value: v, effect: NoSchedule, "
                                + "tolerationSeconds: 5}]\n", ""),
                        "The Pod \"v-tolsecs\" is invalid: spec.tolerations[0].effect: Invalid value: \"NoSchedule\": "
                                + "effect must be 'NoExecute' when `tolerationSeconds` is set"),
                Arguments.of("In needs values", pod("v-in", "", affinity("{key: k, operator: In}"), ""),
                        "The Pod \"v-in\" is invalid: " + NODE_AFFINITY + ".values: Required value: must be specified "
                                + "when `operator` is 'In' or 'NotIn'"),
                Arguments.of("NotIn needs values", pod("v-notin", "", affinity("{key: k, operator: NotIn, values: []}"),
                        ""), "The Pod \"v-notin\" is invalid: " + NODE_AFFINITY + ".values: Required value: must be "
                                + "specified when `operator` is 'In' or 'NotIn'"),
                Arguments.of("Exists must not have values",
                        pod("v-exists", "", affinity("{key: k, operator: Exists, values: [a]}"), ""),
                        "The Pod \"v-exists\" is invalid: " + NODE_AFFINITY + ".values: Forbidden: may not be "
                                + "specified when `operator` is 'Exists' or 'DoesNotExist'"),
                Arguments.of("DoesNotExist must not have values",
                        pod("v-dne", "", affinity("{key: k, operator: DoesNotExist, values: [a]}"), ""),
                        "The Pod \"v-dne\" is invalid: " + NODE_AFFINITY + ".values: Forbidden: may not be "
                                + "specified when `operator` is 'Exists' or 'DoesNotExist'"),
                Arguments.of("Gt takes exactly one value",
                        pod("v-gt", "", affinity("{key: k, operator: Gt, values: [\"1\", \"2\"]}"), ""),
                        "The Pod \"v-gt\" is invalid: " + NODE_AFFINITY + ".values: Required value: must be specified "
                                + "single value when `operator` is 'Lt' or 'Gt'"),
                Arguments.of("Lt takes exactly one value", pod("v-lt", "", affinity("{key: k, operator: Lt}"), ""),
                        "The Pod \"v-lt\" is invalid: " + NODE_AFFINITY + ".values: Required value: must be specified "
                                + "single value when `operator` is 'Lt' or 'Gt'"),
                Arguments.of("a node selector operator must be known",
                        pod("v-near", "", affinity("{key: k, operator: Near, values: [a]}"), ""),
                        "The Pod \"v-near\" is invalid: " + NODE_AFFINITY + ".operator: Invalid value: \"Near\": not a "
                                + "valid selector operator"),
                Arguments.of("a preferred term weighs 1 to 100",
                        pod("v-weight", "", "  affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuring"
                                + "Execution: [{weight: 0, preference: {matchExpressions: [{key: k, operator: "
                                + "Exists}]}}]}}\n", ""),
                        "The Pod \"v-weight\" is invalid: spec.affinity.nodeAffinity.preferredDuringScheduling"
                                + "IgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100"),
                Arguments.of("a quantity must parse", pod("v-qty", "", "", "    resources: {requests: {memory: 12XB}}\n"),
                        "Error from server (BadRequest): error when creating \"STDIN\": Pod in version \"v1\" cannot "
                                + "be handled as a Pod: quantities must match the regular expression "
                                + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
                Arguments.of("a request may not be negative",
                        pod("v-neg", "", "", "    resources: {requests: {cpu: \"-1\"}}\n"),
                        "The Pod \"v-neg\" is invalid: spec.containers[0].resources.requests[cpu]: Invalid value: "
                                + "\"-1\": must be greater than or equal to 0"),
                Arguments.of("requests may not exceed limits",
                        pod("v-reqlim", "", "", "    resources: {requests: {memory: 2Gi}, limits: {memory: 1Gi}}\n"),
                        "The Pod \"v-reqlim\" is invalid: spec.containers[0].resources.requests: Invalid value: "
                                + "\"2Gi\": must be less than or equal to memory limit of 1Gi"),
                Arguments.of("an extended resource needs a limit",
                        pod("v-ext", "", "", "    resources: {requests: {example.com/gpu: 1}}\n"),
                        "The Pod \"v-ext\" is invalid: spec.containers[0].resources.limits: Required value: Limit "
                                + "must be set for non overcommitable resources"),
                Arguments.of("container names are unique", pod("v-dup", "", "", "  - {name: web, image: busybox}\n"),
                        "The Pod \"v-dup\" is invalid: spec.containers[1].name: Duplicate value: \"web\""),
                Arguments.of("an image is required",
                        "apiVersion: v1\nkind: Pod\nmetadata: {name: v-image}\nspec:\n  containers: [{name: web}]\n",
                        "The Pod \"v-image\" is invalid: spec.containers[0].image: Required value"),
                Arguments.of("a pod has at least one container",
                        "apiVersion: v1\nkind: Pod\nmetadata: {name: v-none}\nspec:\n  containers: []\n",
                        "The Pod \"v-none\" is invalid: spec.containers: Required value"),
                Arguments.of("restartPolicy is Always, OnFailure or Never",
                        pod("v-restart", "", "  restartPolicy: Sometimes\n", ""),
                        "The Pod \"v-restart\" is invalid: spec.restartPolicy: Unsupported value: \"Sometimes\": "
                                + "supported values: \"Always\", \"OnFailure\", \"Never\""),
                Arguments.of("imagePullPolicy is Always, IfNotPresent or Never",
                        pod("v-pull", "", "", "    imagePullPolicy: Sometimes\n"),
                        "The Pod \"v-pull\" is invalid: spec.containers[0].imagePullPolicy: Unsupported value: "
                                + "\"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void kubectlCreateIsRefusedWithTheUpstreamMessage(String rule, String manifest, String stderr) {
        Kubectl.Result r = cluster.kubectl().runWithInput(manifest, "create", "-n", ns, "-f", "-");

        assertThat(r).isEqualTo(new Kubectl.Result(1, "", stderr + "\n"));
    }
}
