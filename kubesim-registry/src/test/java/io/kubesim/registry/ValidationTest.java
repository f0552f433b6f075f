package io.kubesim.registry;

import static io.kubesim.registry.Fixtures.DNS_LABEL;
import static io.kubesim.registry.Fixtures.DNS_SUBDOMAIN;
import static io.kubesim.registry.Fixtures.LABEL_VALUE;
import static io.kubesim.registry.Fixtures.NAME_PART;
import static io.kubesim.registry.Fixtures.json;
import static io.kubesim.registry.Fixtures.message;
import static io.kubesim.registry.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;

/** Creation-time validation: each case is one invalid object and the whole upstream 1.32 error message. */
class ValidationTest {

    private static final String NODE_AFFINITY = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution";
    private static final String TERM = NODE_AFFINITY + ".nodeSelectorTerms[0]";
    private static final String POD_AFFINITY = "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]";

    private final Registry registry = Fixtures.registry();
    private final MapState state = MapState.withNamespaces("default");

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void invalidObjectsAreRejectedWithUpstreamMessages(String name, ResourceType type, ObjectNode object,
            String expected) {
        assertThat(message(() -> registry.admitCreate(type, object, state))).isEqualTo(expected);
    }

    private static Arguments podCase(String name, String spec, String errors) {
        return Arguments.of(name, Resources.PODS, pod(spec), "Pod \"web\" is invalid: " + errors);
    }

    private static String container(String extra) {
        return "{'containers':[{'name':'web','image':'nginx'" + extra + "}]}";
    }

    private static String affinity(String affinity) {
        return "{'containers':[{'name':'web','image':'nginx'}],'affinity':" + affinity + "}";
    }

    private static String tolerations(String tolerations) {
        return "{'containers':[{'name':'web','image':'nginx'}],'tolerations':" + tolerations + "}";
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                podCase("a pod without containers is invalid", "{}", "spec.containers: Required value"),
                podCase("a container name with upper-case letters is invalid",
                        "{'containers':[{'name':'Web','image':'nginx'}]}",
                        "spec.containers[0].name: Invalid value: \"Web\": " + DNS_LABEL),
                podCase("a container without an image is invalid", "{'containers':[{'name':'web'}]}",
                        "spec.containers[0].image: Required value"),
                podCase("two containers with the same name are invalid",
                        "{'containers':[{'name':'web','image':'a'},{'name':'web','image':'b'}]}",
                        "spec.containers[1].name: Duplicate value: \"web\""),
                podCase("an init container named like an app container is invalid",
                        "{'initContainers':[{'name':'web','image':'a'}],'containers':[{'name':'web','image':'b'}]}",
                        "spec.initContainers[0].name: Duplicate value: \"web\""),
                podCase("a container port above 65535 is invalid", container(",'ports':[{'containerPort':70000}]"),
                        "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and "
                                + "65535, inclusive"),
                podCase("a container port without a number is invalid", container(",'ports':[{'name':'http'}]"),
                        "spec.containers[0].ports[0].containerPort: Required value"),
                podCase("an unsupported port protocol is invalid",
                        container(",'ports':[{'containerPort':80,'protocol':'HTTP'}]"),
                        "spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: "
                                + "\"SCTP\", \"TCP\", \"UDP\""),
                podCase("a port name in capitals is invalid",
                        container(",'ports':[{'name':'HTTP','containerPort':80}]"),
                        "[spec.containers[0].ports[0].name: Invalid value: \"HTTP\": must contain only "
                                + "alpha-numeric characters (a-z, 0-9), and hyphens (-), "
                                + "spec.containers[0].ports[0].name: Invalid value: \"HTTP\": must contain at least "
                                + "one letter (a-z)]"),
                podCase("the same host port in two containers is invalid",
                        "{'containers':[{'name':'a','image':'a','ports':[{'containerPort':80,'hostPort':80}]},"
                                + "{'name':'b','image':'b','ports':[{'containerPort':81,'hostPort':80}]}]}",
                        "spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//80\""),
                podCase("a cpu request above the limit is invalid",
                        container(",'resources':{'requests':{'cpu':'2'},'limits':{'cpu':'1'}}"),
                        "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal "
                                + "to cpu limit of 1"),
                podCase("a memory request above the limit is invalid",
                        container(",'resources':{'requests':{'memory':'1Gi'},'limits':{'memory':'512Mi'}}"),
                        "spec.containers[0].resources.requests: Invalid value: \"1Gi\": must be less than or "
                                + "equal to memory limit of 512Mi"),
                podCase("a negative cpu limit is invalid, and so is the request defaulted from it",
                        container(",'resources':{'limits':{'cpu':'-1'}}"),
                        "[spec.containers[0].resources.limits[cpu]: Invalid value: \"-1\": must be greater than "
                                + "or equal to 0, spec.containers[0].resources.requests[cpu]: Invalid value: \"-1\": "
                                + "must be greater than or equal to 0]"),
                podCase("an extended resource request without a limit is invalid",
                        container(",'resources':{'requests':{'example.com/gpu':'1'}}"),
                        "spec.containers[0].resources.limits: Required value: Limit must be set for non "
                                + "overcommitable resources"),
                podCase("an extended resource request below its limit is invalid",
                        container(",'resources':{'requests':{'example.com/gpu':'1'},'limits':{'example.com/gpu':'2'}}"),
                        "spec.containers[0].resources.requests: Invalid value: \"1\": must be equal to "
                                + "example.com/gpu limit of 2"),
                podCase("a fractional extended resource is invalid",
                        container(",'resources':{'limits':{'example.com/gpu':'500m'}}"),
                        "[spec.containers[0].resources.limits[example.com/gpu]: Invalid value: resource.Quantity{"
                                + "i:resource.int64Amount{value:500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)"
                                + "(nil)}, s:\"500m\", Format:\"DecimalSI\"}: must be an integer, "
                                + "spec.containers[0].resources.requests[example.com/gpu]: Invalid value: "
                                + "resource.Quantity{i:resource.int64Amount{value:500, scale:-3}, "
                                + "d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:\"500m\", Format:\"DecimalSI\"}: "
                                + "must be an integer]"),
                podCase("an unqualified non-standard resource name is invalid",
                        container(",'resources':{'requests':{'gpu':'1'}}"),
                        "[spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a standard "
                                + "resource type or fully qualified, spec.containers[0].resources.requests[gpu]: "
                                + "Invalid value: \"gpu\": must be a standard resource for containers]"),
                podCase("an unsupported restart policy is invalid",
                        "{'containers':[{'name':'web','image':'nginx'}],'restartPolicy':'Sometimes'}",
                        "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", "
                                + "\"OnFailure\", \"Never\""),
                podCase("an unsupported DNS policy is invalid",
                        "{'containers':[{'name':'web','image':'nginx'}],'dnsPolicy':'Cluster'}",
                        "spec.dnsPolicy: Unsupported value: \"Cluster\": supported values: "
                                + "\"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\""),
                podCase("an unsupported image pull policy is invalid", container(",'imagePullPolicy':'Sometimes'"),
                        "spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: "
                                + "\"Always\", \"IfNotPresent\", \"Never\""),
                podCase("a nodeSelector value with a space is invalid",
                        "{'containers':[{'name':'web','image':'nginx'}],'nodeSelector':{'disk':'ssd fast'}}",
                        "spec.nodeSelector: Invalid value: \"ssd fast\": " + LABEL_VALUE),
                podCase("a nodeSelector key with two slashes is invalid",
                        "{'containers':[{'name':'web','image':'nginx'}],'nodeSelector':{'a/b/c':'x'}}",
                        "spec.nodeSelector: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric "
                                + "characters, '-', '_' or '.', and must start and end with an alphanumeric "
                                + "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
                                + "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS "
                                + "subdomain prefix and '/' (e.g. 'example.com/MyName')"),
                podCase("required node affinity without terms is invalid",
                        affinity("{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{"
                                + "'nodeSelectorTerms':[]}}}"),
                        NODE_AFFINITY + ".nodeSelectorTerms: Required value: must have at least one node selector "
                                + "term"),
                podCase("an In node selector requirement without values is invalid",
                        affinity(required("{'matchExpressions':[{'key':'zone','operator':'In','values':[]}]}")),
                        TERM + ".matchExpressions[0].values: Required value: must be specified when `operator` is "
                                + "'In' or 'NotIn'"),
                podCase("an Exists node selector requirement with values is invalid",
                        affinity(required("{'matchExpressions':[{'key':'zone','operator':'Exists','values':['a']}]}")),
                        TERM + ".matchExpressions[0].values: Forbidden: may not be specified when `operator` is "
                                + "'Exists' or 'DoesNotExist'"),
                podCase("a Gt node selector requirement with two values is invalid",
                        affinity(required("{'matchExpressions':[{'key':'cpu','operator':'Gt','values':['1','2']}]}")),
                        TERM + ".matchExpressions[0].values: Required value: must be specified single value when "
                                + "`operator` is 'Lt' or 'Gt'"),
                podCase("an unknown node selector operator is invalid",
                        affinity(required("{'matchExpressions':[{'key':'zone','operator':'Equals','values':['a']}]}")),
                        TERM + ".matchExpressions[0].operator: Invalid value: \"Equals\": not a valid selector "
                                + "operator"),
                podCase("a node field selector on another field than metadata.name is invalid",
                        affinity(required("{'matchFields':[{'key':'metadata.labels','operator':'In','values':['a']}]}")),
                        TERM + ".matchFields[0].key: Invalid value: \"metadata.labels\": not a valid field selector "
                                + "key"),
                podCase("a node field selector with two names is invalid",
                        affinity(required("{'matchFields':[{'key':'metadata.name','operator':'In','values':['a','b']}]}")),
                        TERM + ".matchFields[0].values: Required value: must be only one value when `operator` is "
                                + "'In' or 'NotIn' for node field selector"),
                podCase("a preferred node affinity weight of 0 is invalid",
                        affinity("{'nodeAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':0,"
                                + "'preference':{'matchExpressions':[{'key':'zone','operator':'In','values':['a']}]}}]}}"),
                        "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: "
                                + "Invalid value: 0: must be in the range 1-100"),
                podCase("a pod affinity term without a topology key is invalid",
                        affinity("{'podAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':[{"
                                + "'labelSelector':{'matchLabels':{'app':'web'}}}]}}"),
                        "[" + POD_AFFINITY + ".topologyKey: Required value: can not be empty, " + POD_AFFINITY
                                + ".topologyKey: Invalid value: \"\": name part must be non-empty, " + POD_AFFINITY
                                + ".topologyKey: Invalid value: \"\": " + NAME_PART + "]"),
                podCase("a pod anti-affinity weight above 100 is invalid",
                        affinity("{'podAntiAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':101,"
                                + "'podAffinityTerm':{'topologyKey':'zone'}}]}}"),
                        "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: "
                                + "Invalid value: 101: must be in the range 1-100"),
                podCase("a pod affinity namespace in capitals is invalid",
                        affinity("{'podAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':[{"
                                + "'topologyKey':'zone','namespaces':['Prod']}]}}"),
                        POD_AFFINITY + ".namespace: Invalid value: \"Prod\": " + DNS_LABEL),
                podCase("a pod affinity label selector with an unknown operator is invalid",
                        affinity("{'podAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':[{"
                                + "'topologyKey':'zone','labelSelector':{'matchExpressions':[{'key':'app',"
                                + "'operator':'Equals','values':['x']}]}}]}}"),
                        POD_AFFINITY + ".labelSelector.matchExpressions[0].operator: Invalid value: \"Equals\": not "
                                + "a valid selector operator"),
                podCase("a toleration with an empty key and operator Equal is invalid",
                        tolerations("[{'operator':'Equal','effect':'NoSchedule'}]"),
                        "spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` "
                                + "is empty, which means \"match all values and all keys\""),
                podCase("a toleration with operator Exists and a value is invalid",
                        tolerations("[{'key':'k','operator':'Exists','value':'v'}]"),
                        "spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is "
                                + "'Exists'"),
                podCase("a toleration with tolerationSeconds and effect NoSchedule is invalid",
                        tolerations("[{'key':'k','operator':'Exists','effect':'NoSchedule','tolerationSeconds':60}]"),
                        "spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when "
                                + "`tolerationSeconds` is set"),
                podCase("a toleration with an unknown effect is invalid",
                        tolerations("[{'key':'k','operator':'Exists','effect':'NoRun'}]"),
                        "spec.tolerations[0].effect: Unsupported value: \"NoRun\": supported values: \"NoSchedule\", "
                                + "\"PreferNoSchedule\", \"NoExecute\""),
                podCase("a toleration with an unknown operator is invalid",
                        tolerations("[{'key':'k','operator':'In','value':'v'}]"),
                        "spec.tolerations[0].operator: Unsupported value: \"In\": supported values: \"Equal\", "
                                + "\"Exists\""),
                podCase("a toleration value that is not a label value is invalid",
                        tolerations("[{'key':'k','value':'a b'}]"),
                        "spec.tolerations[0].operator: Invalid value: \"a b\": " + LABEL_VALUE),
                podCase("a negative termination grace period is invalid",
                        "{'containers':[{'name':'web','image':'nginx'}],'terminationGracePeriodSeconds':-1}",
                        "spec.terminationGracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0"),
                podCase("an active deadline of 0 seconds is invalid",
                        "{'containers':[{'name':'web','image':'nginx'}],'activeDeadlineSeconds':0}",
                        "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"),
                podCase("an env var with both value and valueFrom is invalid",
                        container(",'env':[{'name':'A','value':'x','valueFrom':{'fieldRef':{'fieldPath':"
                                + "'metadata.name'}}}]"),
                        "spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not be specified when "
                                + "`value` is not empty"),
                podCase("a volume mount of an unknown volume is invalid",
                        container(",'volumeMounts':[{'name':'data','mountPath':'/data'}]"),
                        "spec.containers[0].volumeMounts[0].name: Not found: \"data\""),
                podCase("a volume with two sources is invalid",
                        "{'containers':[{'name':'web','image':'nginx'}],'volumes':[{'name':'v','emptyDir':{},"
                                + "'hostPath':{'path':'/tmp'}}]}",
                        "spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type"),
                podCase("an init container with a readiness probe is invalid",
                        "{'initContainers':[{'name':'init','image':'busybox','readinessProbe':{'exec':{'command':"
                                + "['true']}}}],'containers':[{'name':'web','image':'nginx'}]}",
                        "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers "
                                + "without restartPolicy=Always"),
                podCase("a liveness probe without a handler is invalid", container(",'livenessProbe':{}"),
                        "spec.containers[0].livenessProbe: Required value: must specify a handler type"),
                podCase("ephemeral containers may not be set on create",
                        "{'containers':[{'name':'web','image':'nginx'}],'ephemeralContainers':[{'name':'debug',"
                                + "'image':'busybox'}]}",
                        "spec.ephemeralContainers: Forbidden: cannot be set on create"),
                podCase("a topology spread constraint with maxSkew 0 is invalid",
                        "{'containers':[{'name':'web','image':'nginx'}],'topologySpreadConstraints':[{'maxSkew':0,"
                                + "'topologyKey':'zone','whenUnsatisfiable':'DoNotSchedule'}]}",
                        "spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero"),
                podCase("an unknown whenUnsatisfiable is invalid",
                        "{'containers':[{'name':'web','image':'nginx'}],'topologySpreadConstraints':[{'maxSkew':1,"
                                + "'topologyKey':'zone','whenUnsatisfiable':'Maybe'}]}",
                        "spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: \"Maybe\": "
                                + "supported values: \"DoNotSchedule\", \"ScheduleAnyway\""),
                Arguments.of("a pod name with an underscore is invalid", Resources.PODS,
                        json("{'metadata':{'name':'web_1','namespace':'default'},'spec':" + container("") + "}"),
                        "Pod \"web_1\" is invalid: metadata.name: Invalid value: \"web_1\": " + DNS_SUBDOMAIN),
                Arguments.of("a pod without a name is invalid", Resources.PODS,
                        json("{'metadata':{'namespace':'default'},'spec':" + container("") + "}"),
                        "Pod \"\" is invalid: metadata.name: Required value: name or generateName is required"),
                Arguments.of("a pod without a namespace is invalid", Resources.PODS,
                        json("{'metadata':{'name':'web'},'spec':" + container("") + "}"),
                        "Pod \"web\" is invalid: metadata.namespace: Required value"),
                Arguments.of("a generateName with a capital letter is invalid", Resources.PODS,
                        json("{'metadata':{'generateName':'Web-','name':'web-x7k2p','namespace':'default'},'spec':"
                                + container("") + "}"),
                        "Pod \"web-x7k2p\" is invalid: metadata.generateName: Invalid value: \"Web-\": "
                                + DNS_SUBDOMAIN),
                Arguments.of("a label value longer than 63 characters is invalid", Resources.PODS,
                        json("{'metadata':{'name':'web','namespace':'default','labels':{'app':'" + "a".repeat(64)
                                + "'}},'spec':" + container("") + "}"),
                        "Pod \"web\" is invalid: metadata.labels: Invalid value: \"" + "a".repeat(64) + "\": must "
                                + "be no more than 63 characters"),
                Arguments.of("an annotation key with a space is invalid", Resources.PODS,
                        json("{'metadata':{'name':'web','namespace':'default','annotations':{'my key':'v'}},'spec':"
                                + container("") + "}"),
                        "Pod \"web\" is invalid: metadata.annotations: Invalid value: \"my key\": " + NAME_PART),
                nodeCase("a taint without an effect is invalid", "[{'key':'k','value':'v'}]",
                        "metadata.taints[0].effect: Required value"),
                nodeCase("a taint with an unknown effect is invalid", "[{'key':'k','effect':'NoRun'}]",
                        "metadata.taints[0].effect: Unsupported value: \"NoRun\": supported values: \"NoSchedule\", "
                                + "\"PreferNoSchedule\", \"NoExecute\""),
                nodeCase("a taint key with a space is invalid", "[{'key':'my key','effect':'NoSchedule'}]",
                        "metadata.taints[0].key: Invalid value: \"my key\": " + NAME_PART),
                nodeCase("a taint value with a space is invalid", "[{'key':'k','value':'a b','effect':'NoSchedule'}]",
                        "metadata.taints[0].value: Invalid value: \"a b\": " + LABEL_VALUE),
                nodeCase("two taints with the same key and effect are invalid",
                        "[{'key':'k','value':'v','effect':'NoSchedule'},{'key':'k','value':'w','effect':'NoSchedule'}]",
                        "metadata.taints[1]: Duplicate value: core.Taint{Key:\"k\", Value:\"w\", Effect:\"NoSchedule\","
                                + " TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair"),
                Arguments.of("a negative node capacity is invalid, and so is the allocatable defaulted from it",
                        Resources.NODES, json("{'metadata':{'name':'n1'},'status':{'capacity':{'cpu':'-4'}}}"),
                        "Node \"n1\" is invalid: [status.capacity.cpu: Invalid value: \"-4\": must be greater than or "
                                + "equal to 0, status.allocatable.cpu: Invalid value: \"-4\": must be greater than or "
                                + "equal to 0]"),
                Arguments.of("a pod CIDR with a 33-bit prefix is invalid", Resources.NODES,
                        json("{'metadata':{'name':'n1'},'spec':{'podCIDR':'10.0.0.0/33'}}"),
                        "Node \"n1\" is invalid: spec.podCIDRs[0]: Invalid value: \"10.0.0.0/33\": must be a valid CIDR "
                                + "value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"),
                Arguments.of("a node name in capitals is invalid", Resources.NODES,
                        json("{'metadata':{'name':'Node1'}}"),
                        "Node \"Node1\" is invalid: metadata.name: Invalid value: \"Node1\": " + DNS_SUBDOMAIN),
                Arguments.of("a namespace name with a dot is invalid", Resources.NAMESPACES,
                        json("{'metadata':{'name':'team.a'}}"),
                        "Namespace \"team.a\" is invalid: metadata.name: Invalid value: \"team.a\": must not contain "
                                + "dots"),
                deploymentCase("a deployment without a selector is invalid", "", "{'app':'web'}", "",
                        "[spec.selector: Required value, spec.template.metadata.labels: Invalid value: "
                                + "map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`]"),
                deploymentCase("a selector that does not select the template is invalid",
                        ",'selector':{'matchLabels':{'app':'api'}}", "{'app':'web','tier':'fe'}", "",
                        "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\", "
                                + "\"tier\":\"fe\"}: `selector` does not match template `labels`"),
                deploymentCase("negative replicas are invalid", ",'replicas':-1,'selector':{'matchLabels':{'app':'web'}}",
                        "{'app':'web'}", "", "spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
                deploymentCase("a template restart policy other than Always is invalid",
                        ",'selector':{'matchLabels':{'app':'web'}}", "{'app':'web'}", ",'restartPolicy':'Never'",
                        "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: "
                                + "\"Always\""),
                deploymentCase("an empty selector is invalid", ",'selector':{}", "{'app':'web'}", "",
                        "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
                                + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid "
                                + "for deployment"),
                deploymentCase("maxUnavailable and maxSurge both 0 are invalid",
                        ",'selector':{'matchLabels':{'app':'web'}},'strategy':{'rollingUpdate':{'maxUnavailable':0,"
                                + "'maxSurge':0}}", "{'app':'web'}", "",
                        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, "
                                + "IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"),
                deploymentCase("maxUnavailable above 100% is invalid",
                        ",'selector':{'matchLabels':{'app':'web'}},'strategy':{'rollingUpdate':{'maxUnavailable':"
                                + "'150%'}}", "{'app':'web'}", "",
                        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, "
                                + "IntVal:0, StrVal:\"150%\"}: must not be greater than 100%"),
                deploymentCase("an unknown strategy type is invalid",
                        ",'selector':{'matchLabels':{'app':'web'}},'strategy':{'type':'BlueGreen'}", "{'app':'web'}", "",
                        "spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", "
                                + "RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "
                                + "\"Recreate\", \"RollingUpdate\""),
                deploymentCase("a progress deadline not above minReadySeconds is invalid",
                        ",'selector':{'matchLabels':{'app':'web'}},'minReadySeconds':600", "{'app':'web'}", "",
                        "spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds"),
                Arguments.of("a daemonset rolling update with maxSurge and maxUnavailable is invalid",
                        Resources.DAEMON_SETS,
                        json("{'metadata':{'name':'agent','namespace':'default'},'spec':{'selector':{'matchLabels':{"
                                + "'app':'agent'}},'updateStrategy':{'rollingUpdate':{'maxUnavailable':1,"
                                + "'maxSurge':1}},'template':{'metadata':{'labels':{'app':'agent'}},'spec':"
                                + container("") + "}}}"),
                        "DaemonSet.apps \"agent\" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid "
                                + "value: intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when "
                                + "maxUnavailable is non-zero"),
                jobCase("a job template without restart policy is invalid", "", "",
                        "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""),
                jobCase("a negative backoff limit is invalid", ",'backoffLimit':-1", ",'restartPolicy':'Never'",
                        "spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"),
                Arguments.of("a service port above 65535 is invalid, and so is the target port defaulted from it",
                        Resources.SERVICES, json("{'metadata':{'name':'web','namespace':'default'},'spec':{'ports':"
                                + "[{'port':70000}]}}"),
                        "Service \"web\" is invalid: [spec.ports[0].port: Invalid value: 70000: must be between 1 and "
                                + "65535, inclusive, spec.ports[0].targetPort: Invalid value: 70000: must be between "
                                + "1 and 65535, inclusive]"),
                Arguments.of("a service name starting with a digit is invalid", Resources.SERVICES,
                        json("{'metadata':{'name':'1web','namespace':'default'},'spec':{'ports':[{'port':80}]}}"),
                        "Service \"1web\" is invalid: metadata.name: Invalid value: \"1web\": a DNS-1035 label must "
                                + "consist of lower case alphanumeric characters or '-', start with an alphabetic "
                                + "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
                                + "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"),
                Arguments.of("a service with two unnamed ports is invalid", Resources.SERVICES,
                        json("{'metadata':{'name':'web','namespace':'default'},'spec':{'ports':[{'port':80},"
                                + "{'port':443}]}}"),
                        "Service \"web\" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: "
                                + "Required value]"),
                Arguments.of("a config map key with a slash is invalid", Resources.CONFIGMAPS,
                        json("{'metadata':{'name':'cfg','namespace':'default'},'data':{'a/b':'x'}}"),
                        "ConfigMap \"cfg\" is invalid: data[a/b]: Invalid value: \"a/b\": a valid config key must "
                                + "consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
                                + "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"),
                Arguments.of("a disruption budget with minAvailable and maxUnavailable is invalid",
                        Resources.POD_DISRUPTION_BUDGETS,
                        json("{'metadata':{'name':'pdb','namespace':'default'},'spec':{'minAvailable':1,"
                                + "'maxUnavailable':1,'selector':{'matchLabels':{'app':'web'}}}}"),
                        "PodDisruptionBudget.policy \"pdb\" is invalid: spec: Invalid value: "
                                + "policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000000000), "
                                + "Selector:(*v1.LabelSelector)(0xc000000000), "
                                + "MaxUnavailable:(*intstr.IntOrString)(0xc000000000), "
                                + "UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: "
                                + "minAvailable and maxUnavailable cannot be both set"),
                Arguments.of("a user priority class above one billion is forbidden", Resources.PRIORITY_CLASSES,
                        json("{'metadata':{'name':'huge'},'value':2000000000}"),
                        "PriorityClass.scheduling.k8s.io \"huge\" is invalid: value: Forbidden: maximum allowed value "
                                + "of a user defined priority is 1000000000"),
                Arguments.of("a lease with a zero duration is invalid", Resources.LEASES,
                        json("{'metadata':{'name':'n1','namespace':'default'},'spec':{'leaseDurationSeconds':0}}"),
                        "Lease.coordination.k8s.io \"n1\" is invalid: spec.leaseDurationSeconds: Invalid value: 0: "
                                + "must be greater than 0"));
    }

    private static String required(String term) {
        return "{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':[" + term
                + "]}}}";
    }

    private static Arguments nodeCase(String name, String taints, String errors) {
        return Arguments.of(name, Resources.NODES,
                json("{'metadata':{'name':'n1'},'spec':{'taints':" + taints + "}}"),
                "Node \"n1\" is invalid: " + errors);
    }

    private static Arguments deploymentCase(String name, String specExtra, String labels, String podSpecExtra,
            String errors) {
        return Arguments.of(name, Resources.DEPLOYMENTS,
                json("{'metadata':{'name':'web','namespace':'default'},'spec':{'template':{'metadata':{'labels':"
                        + labels + "},'spec':{'containers':[{'name':'web','image':'nginx'}]" + podSpecExtra + "}}"
                        + specExtra + "}}"),
                "Deployment.apps \"web\" is invalid: " + errors);
    }

    private static Arguments jobCase(String name, String specExtra, String podSpecExtra, String errors) {
        return Arguments.of(name, Resources.JOBS,
                json("{'metadata':{'name':'pi','namespace':'default','uid':'u3'},'spec':{'template':{'spec':{"
                        + "'containers':[{'name':'pi','image':'perl'}]" + podSpecExtra + "}}" + specExtra + "}}"),
                "Job.batch \"pi\" is invalid: " + errors);
    }
}
