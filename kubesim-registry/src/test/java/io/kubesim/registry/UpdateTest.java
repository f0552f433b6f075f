package io.kubesim.registry;

import static io.kubesim.registry.Fixtures.json;
import static io.kubesim.registry.Fixtures.message;
import static io.kubesim.registry.Fixtures.reparse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.command.PatchType;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;

/**
 * Updates of the main resource and of the status subresource. Each case creates an object, changes it with a JSON
 * merge patch, and expects either the whole value at a JSON pointer of the stored result or the whole error message.
 */
class UpdateTest {

    private static final String POD = "{'metadata':{'name':'web','namespace':'default','uid':'u1',"
            + "'creationTimestamp':'2026-01-01T00:00:00Z'},'spec':{'containers':[{'name':'web','image':'nginx:1.25'}],"
            + "'activeDeadlineSeconds':30,'tolerations':[{'key':'k','operator':'Equal','value':'v','effect':"
            + "'NoSchedule'}]}}";
    private static final String DEPLOYMENT = "{'metadata':{'name':'web','namespace':'default','uid':'u2'},'spec':{"
            + "'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web','tier':'fe'}},"
            + "'spec':{'containers':[{'name':'web','image':'nginx:1.25'}]}}}}";
    private static final String NODE = "{'metadata':{'name':'n1','uid':'n'},'spec':{'taints':[{'key':"
            + "'node.kubernetes.io/not-ready','effect':'NoSchedule'}]},'status':{'capacity':{'cpu':'4'},"
            + "'conditions':[{'type':'Ready','status':'False'}]}}";
    private static final String JOB = "{'metadata':{'name':'pi','namespace':'default','uid':'u3'},'spec':{'template':"
            + "{'spec':{'restartPolicy':'Never','containers':[{'name':'pi','image':'perl:5.34'}]}}}}";
    private static final String DAEMON_SET = "{'metadata':{'name':'agent','namespace':'default'},'spec':{'selector':"
            + "{'matchLabels':{'app':'agent'}},'template':{'metadata':{'labels':{'app':'agent'}},'spec':{"
            + "'containers':[{'name':'agent','image':'agent:1'}]}}}}";

    private final Registry registry = Fixtures.registry();
    private final MapState state = MapState.withNamespaces("default");

    @ParameterizedTest(name = "{0}")
    @MethodSource("mainResourceCases")
    void updatesOfTheMainResource(String name, ResourceType type, String created, String change, String pointer,
            String expected) {
        ObjectNode old = registry.admitCreate(type, json(created), state);
        ObjectNode changed = registry.applyPatch(type, old, PatchType.MERGE_PATCH, change.replace('\'', '"'));
        if (pointer == null) {
            assertThat(message(() -> registry.admitUpdate(type, changed, old, state))).isEqualTo(expected);
        } else {
            ObjectNode stored = registry.admitUpdate(type, changed, old, state);
            assertThat(reparse(stored.at(pointer))).isEqualTo(KubeJson.parse(expected.replace('\'', '"')));
        }
    }

    static Stream<Arguments> mainResourceCases() {
        return Stream.of(
                Arguments.of("changing a pod's nodeSelector is forbidden, naming the updatable fields",
                        Resources.PODS, POD, "{'spec':{'nodeSelector':{'disk':'ssd'}}}", null,
                        "Pod \"web\" is invalid: spec: Forbidden: pod updates may not change fields other than "
                                + "`spec.containers[*].image`,`spec.initContainers[*].image`,"
                                + "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing "
                                + "tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it "
                                + "was previously negative)\n  core.PodSpec{\n+ \tNodeSelector: {\"disk\":\"ssd\"},\n"
                                + "  }\n"),
                Arguments.of("changing a pod's container image is allowed", Resources.PODS, POD,
                        "{'spec':{'containers':[{'name':'web','image':'nginx:1.27'}]}}", "/spec/containers/0/image",
                        "'nginx:1.27'"),
                Arguments.of("a pod update ignores the status it carries", Resources.PODS, POD,
                        "{'status':{'phase':'Running'}}", "/status",
                        "{'phase':'Pending','qosClass':'BestEffort'}"),
                Arguments.of("adding a toleration to a pod is allowed", Resources.PODS, POD,
                        "{'spec':{'tolerations':[{'key':'k','operator':'Equal','value':'v','effect':'NoSchedule'},"
                                + "{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute',"
                                + "'tolerationSeconds':300},{'key':'node.kubernetes.io/unreachable','operator':"
                                + "'Exists','effect':'NoExecute','tolerationSeconds':300},{'key':'gpu','operator':"
                                + "'Exists'}]}}",
                        "/spec/tolerations/3", "{'key':'gpu','operator':'Exists'}"),
                Arguments.of("changing an existing toleration is forbidden", Resources.PODS, POD,
                        "{'spec':{'tolerations':[{'key':'k','operator':'Equal','value':'w','effect':'NoSchedule'}]}}",
                        null, "Pod \"web\" is invalid: spec.tolerations: Forbidden: existing toleration can not be "
                                + "modified except its tolerationSeconds"),
                Arguments.of("raising a pod's active deadline is invalid", Resources.PODS, POD,
                        "{'spec':{'activeDeadlineSeconds':60}}", null,
                        "Pod \"web\" is invalid: spec.activeDeadlineSeconds: Invalid value: 60: must be less than or "
                                + "equal to previous value"),
                Arguments.of("adding a container to a pod is forbidden", Resources.PODS, POD,
                        "{'spec':{'containers':[{'name':'web','image':'nginx:1.25'},{'name':'side','image':'envoy'}]}}",
                        null, "Pod \"web\" is invalid: spec.containers: Forbidden: pod updates may not add or remove "
                                + "containers"),
                Arguments.of("changing a uid is invalid", Resources.PODS, POD, "{'metadata':{'uid':'other'}}", null,
                        "Pod \"web\" is invalid: metadata.uid: Invalid value: \"other\": field is immutable"),
                Arguments.of("an update without uid keeps the stored uid and creation timestamp", Resources.PODS,
                        POD, "{'metadata':{'uid':null,'creationTimestamp':null,'labels':{'tier':'fe'}}}",
                        "/metadata", "{'name':'web','namespace':'default','uid':'u1','creationTimestamp':"
                                + "'2026-01-01T00:00:00Z','labels':{'tier':'fe'}}"),
                Arguments.of("a node update keeps the stored status and takes the new taints", Resources.NODES, NODE,
                        "{'spec':{'taints':[{'key':'k','value':'v','effect':'NoSchedule'}]},'status':{'conditions':"
                                + "[{'type':'Ready','status':'True'}]}}", "",
                        "{'apiVersion':'v1','kind':'Node','metadata':{'name':'n1','uid':'n'},'spec':{'taints':[{"
                                + "'key':'k','value':'v','effect':'NoSchedule'}]},'status':{'capacity':{'cpu':'4'},"
                                + "'allocatable':{'cpu':'4'},'conditions':[{'type':'Ready','status':'False'}]}}"),
                Arguments.of("a deployment spec change bumps the generation", Resources.DEPLOYMENTS, DEPLOYMENT,
                        "{'spec':{'replicas':3}}", "/metadata/generation", "2"),
                Arguments.of("a deployment annotation change bumps the generation too", Resources.DEPLOYMENTS,
                        DEPLOYMENT, "{'metadata':{'annotations':{'kubernetes.io/change-cause':'scale'}}}",
                        "/metadata/generation", "2"),
                Arguments.of("a deployment label change keeps the generation", Resources.DEPLOYMENTS, DEPLOYMENT,
                        "{'metadata':{'labels':{'team':'a'}}}", "/metadata/generation", "1"),
                Arguments.of("a deployment may not change its selector", Resources.DEPLOYMENTS, DEPLOYMENT,
                        "{'spec':{'selector':{'matchLabels':{'tier':'fe'}}}}", null,
                        "Deployment.apps \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{"
                                + "MatchLabels:map[string]string{\"app\":\"web\", \"tier\":\"fe\"}, "
                                + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"),
                Arguments.of("a daemonset template change bumps the template generation", Resources.DAEMON_SETS,
                        DAEMON_SET, "{'spec':{'template':{'spec':{'containers':[{'name':'agent','image':'agent:2'}]}}}}",
                        "/metadata", "{'name':'agent','namespace':'default','generation':2,'annotations':{"
                                + "'deprecated.daemonset.template.generation':'2'}}"),
                Arguments.of("a job may not change its pod template", Resources.JOBS, JOB,
                        "{'spec':{'template':{'spec':{'containers':[{'name':'pi','image':'perl:5.36'}]}}}}", null,
                        "Job.batch \"pi\" is invalid: spec.template: Invalid value: core.PodTemplateSpec{...}: field "
                                + "is immutable"),
                Arguments.of("a suspended job may change its template's node selector", Resources.JOBS,
                        JOB.replace("'spec':{'template'", "'spec':{'suspend':true,'template'"),
                        "{'spec':{'template':{'spec':{'nodeSelector':{'kubernetes.io/arch':'arm64'}}}}}",
                        "/spec/template/spec/nodeSelector", "{'kubernetes.io/arch':'arm64'}"),
                Arguments.of("a namespace update keeps its finalizers and status", Resources.NAMESPACES,
                        "{'metadata':{'name':'team-a'}}", "{'spec':{'finalizers':[]},'status':{'phase':'Terminating'}}",
                        "", "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'team-a','labels':{"
                                + "'kubernetes.io/metadata.name':'team-a'}},'spec':{'finalizers':['kubernetes']},"
                                + "'status':{'phase':'Active'}}"),
                Arguments.of("a priority class may not change its value", Resources.PRIORITY_CLASSES,
                        "{'metadata':{'name':'high'},'value':1000}", "{'value':2000}", null,
                        "PriorityClass.scheduling.k8s.io \"high\" is invalid: value: Forbidden: may not be changed in "
                                + "an update."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statusCases")
    void updatesOfTheStatusSubresource(String name, ResourceType type, String created, String change, String pointer,
            String expected) {
        ObjectNode old = registry.admitCreate(type, json(created), state);
        ObjectNode changed = registry.applyPatch(type, old, PatchType.MERGE_PATCH, change.replace('\'', '"'));
        if (pointer == null) {
            assertThat(message(() -> registry.admitStatusUpdate(type, changed, old, state))).isEqualTo(expected);
        } else {
            ObjectNode stored = registry.admitStatusUpdate(type, changed, old, state);
            assertThat(reparse(stored.at(pointer))).isEqualTo(KubeJson.parse(expected.replace('\'', '"')));
        }
    }

    static Stream<Arguments> statusCases() {
        return Stream.of(
                Arguments.of("a pod status update takes the status and labels but not the spec", Resources.PODS, POD,
                        "{'metadata':{'labels':{'x':'y'}},'spec':{'nodeName':'n9'},'status':{'phase':'Running',"
                                + "'podIP':'10.0.0.5','podIPs':[{'ip':'10.0.0.5'}]}}", "",
                        "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'web','namespace':'default','uid':'u1',"
                                + "'creationTimestamp':'2026-01-01T00:00:00Z','labels':{'x':'y'}},'spec':" + podSpec() + ","
                                + "'status':{'phase':'Running','qosClass':'BestEffort','podIP':'10.0.0.5','podIPs':[{"
                                + "'ip':'10.0.0.5'}]}}"),
                Arguments.of("a pod status update may not change the QoS class", Resources.PODS, POD,
                        "{'status':{'qosClass':'Guaranteed'}}", null,
                        "Pod \"web\" is invalid: status.qosClass: Invalid value: \"Guaranteed\": field is immutable"),
                Arguments.of("a pod status update with an invalid pod IP is invalid", Resources.PODS, POD,
                        "{'status':{'podIPs':[{'ip':'10.0.0.300'}]}}", null,
                        "Pod \"web\" is invalid: status.podIPs[0]: Invalid value: \"10.0.0.300\": must be a valid IP "
                                + "address, (e.g. 10.9.8.7 or 2001:db8::ffff)"),
                Arguments.of("a node status update keeps the spec", Resources.NODES, NODE,
                        "{'spec':{'unschedulable':true},'status':{'conditions':[{'type':'Ready','status':'True'}]}}",
                        "", "{'apiVersion':'v1','kind':'Node','metadata':{'name':'n1','uid':'n'},'spec':{'taints':[{"
                                + "'key':'node.kubernetes.io/not-ready','effect':'NoSchedule'}]},'status':{"
                                + "'capacity':{'cpu':'4'},'allocatable':{'cpu':'4'},'conditions':[{'type':'Ready',"
                                + "'status':'True'}]}}"),
                Arguments.of("a deployment status with more ready than total replicas is invalid",
                        Resources.DEPLOYMENTS, DEPLOYMENT, "{'status':{'replicas':1,'readyReplicas':2}}", null,
                        "Deployment.apps \"web\" is invalid: status.readyReplicas: Invalid value: 2: cannot be greater "
                                + "than status.replicas"),
                Arguments.of("a namespace without deletion timestamp must stay Active", Resources.NAMESPACES,
                        "{'metadata':{'name':'team-a'}}", "{'status':{'phase':'Terminating'}}", null,
                        "Namespace \"team-a\" is invalid: status.Phase: Invalid value: \"Terminating\": may only be "
                                + "'Active' if `deletionTimestamp` is empty"));
    }

    private static String podSpec() {
        return "{'containers':[{'name':'web','image':'nginx:1.25','resources':{},'imagePullPolicy':'IfNotPresent',"
                + "'terminationMessagePath':'/dev/termination-log','terminationMessagePolicy':'File'}],"
                + "'activeDeadlineSeconds':30,'tolerations':[{'key':'k','operator':'Equal','value':'v','effect':"
                + "'NoSchedule'},{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute',"
                + "'tolerationSeconds':300},{'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':"
                + "'NoExecute','tolerationSeconds':300}],'enableServiceLinks':true,'dnsPolicy':'ClusterFirst',"
                + "'restartPolicy':'Always','securityContext':{},'terminationGracePeriodSeconds':30,"
                + "'schedulerName':'default-scheduler','serviceAccountName':'default','serviceAccount':'default',"
                + "'priority':0,'preemptionPolicy':'PreemptLowerPriority'}";
    }
}
