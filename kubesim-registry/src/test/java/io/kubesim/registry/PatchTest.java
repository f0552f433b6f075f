package io.kubesim.registry;

import static io.kubesim.registry.Fixtures.json;
import static io.kubesim.registry.Fixtures.reparse;
import static io.kubesim.registry.Fixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import io.fabric8.kubernetes.api.model.Status;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.command.PatchType;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;

/**
 * Every patch type, starting with the exact bodies kubectl 1.32 sends (taint, cordon, uncordon, label, client-side
 * and server-side apply). Successful cases compare the whole value at a JSON pointer of the result; failures compare
 * code, reason and message of the Status.
 */
class PatchTest {

    private static final String NODE = "{'apiVersion':'v1','kind':'Node','metadata':{'name':'n1','labels':{"
            + "'kubernetes.io/arch':'amd64'}},'spec':{'taints':[{'key':'node.kubernetes.io/not-ready','effect':"
            + "'NoSchedule'}]},'status':{'conditions':[{'type':'Ready','status':'False','reason':'KubeletNotReady'},"
            + "{'type':'MemoryPressure','status':'False'}]}}";
    private static final String CORDONED = "{'apiVersion':'v1','kind':'Node','metadata':{'name':'n1'},'spec':{"
            + "'unschedulable':true,'podCIDR':'10.0.0.0/24'}}";
    private static final String POD = "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'web','namespace':'default',"
            + "'labels':{'app':'web','a':'1'},'finalizers':['example.com/a','example.com/b']},'spec':{'containers':[{"
            + "'name':'web','image':'nginx:1.25','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}],'ports':[{"
            + "'containerPort':80,'protocol':'TCP'}]},{'name':'side','image':'envoy'}],'tolerations':[{'key':'x',"
            + "'operator':'Exists'},{'key':'y','operator':'Exists'}],'affinity':{'nodeAffinity':{}}}}";
    private static final String DEPLOYMENT = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web',"
            + "'namespace':'default'},'spec':{'replicas':1,'strategy':{'type':'RollingUpdate','rollingUpdate':{"
            + "'maxSurge':'25%','maxUnavailable':'25%'}}}}";

    private final Registry registry = Fixtures.registry();

    @ParameterizedTest(name = "{0}")
    @MethodSource("applied")
    void patchesApply(String name, ResourceType type, String current, PatchType patchType, String patch,
            String pointer, String expected) {
        ObjectNode result = registry.applyPatch(type, current == null ? null : json(current), patchType, patch);
        assertThat(reparse(result.at(pointer))).isEqualTo(KubeJson.parse(expected.replace('\'', '"')));
    }

    static Stream<Arguments> applied() {
        String lastApplied = "{\\\"apiVersion\\\":\\\"v1\\\",\\\"kind\\\":\\\"Pod\\\"}\\n";
        return Stream.of(
                Arguments.of("kubectl taint replaces the whole taint list", Resources.NODES, NODE,
                        PatchType.STRATEGIC_MERGE_PATCH,
                        "{\"spec\":{\"taints\":[{\"effect\":\"NoSchedule\",\"key\":\"k\",\"value\":\"v\"}]}}",
                        "/spec/taints", "[{'effect':'NoSchedule','key':'k','value':'v'}]"),
                Arguments.of("kubectl cordon sets unschedulable", Resources.NODES, NODE,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"unschedulable\":true}}", "/spec",
                        "{'taints':[{'key':'node.kubernetes.io/not-ready','effect':'NoSchedule'}],"
                                + "'unschedulable':true}"),
                Arguments.of("kubectl uncordon deletes unschedulable with null", Resources.NODES, CORDONED,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"unschedulable\":null}}", "/spec",
                        "{'podCIDR':'10.0.0.0/24'}"),
                Arguments.of("kubectl label merges a label into the existing ones", Resources.NODES, NODE,
                        PatchType.MERGE_PATCH, "{\"metadata\":{\"labels\":{\"arch\":\"ppc64le\"}}}",
                        "/metadata/labels", "{'kubernetes.io/arch':'amd64','arch':'ppc64le'}"),
                Arguments.of("kubectl label with a trailing dash removes the label with null", Resources.NODES,
                        NODE, PatchType.MERGE_PATCH, "{\"metadata\":{\"labels\":{\"kubernetes.io/arch\":null}}}",
                        "/metadata/labels", "{}"),
                Arguments.of("client-side apply sets the last-applied annotation and new labels", Resources.PODS, POD,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"metadata\":{\"annotations\":{"
                                + "\"kubectl.kubernetes.io/last-applied-configuration\":\"" + lastApplied + "\"},"
                                + "\"labels\":{\"tier\":\"fe\"}}}", "/metadata",
                        "{'name':'web','namespace':'default','labels':{'app':'web','a':'1','tier':'fe'},"
                                + "'finalizers':['example.com/a','example.com/b'],'annotations':{"
                                + "'kubectl.kubernetes.io/last-applied-configuration':"
                                + "'{\\\"apiVersion\\\":\\\"v1\\\",\\\"kind\\\":\\\"Pod\\\"}\\n'}}"),
                Arguments.of("client-side apply keeps the container order given by $setElementOrder", Resources.PODS,
                        POD, PatchType.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"$setElementOrder/containers\":[{\"name\":"
                                + "\"web\"},{\"name\":\"new\"},{\"name\":\"side\"}],\"containers\":[{\"image\":\"x\","
                                + "\"name\":\"new\"}]}}", "/spec/containers",
                        "[{'name':'web','image':'nginx:1.25','env':[{'name':'A','value':'1'},{'name':'B','value':"
                                + "'2'}],'ports':[{'containerPort':80,'protocol':'TCP'}]},{'image':'x','name':'new'},"
                                + "{'name':'side','image':'envoy'}]"),
                Arguments.of("a strategic patch puts a new container before the untouched ones", Resources.PODS, POD,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"containers\":[{\"name\":\"new\",\"image\":"
                                + "\"x\"}]}}", "/spec/containers",
                        "[{'name':'new','image':'x'},{'name':'web','image':'nginx:1.25','env':[{'name':'A','value':"
                                + "'1'},{'name':'B','value':'2'}],'ports':[{'containerPort':80,'protocol':'TCP'}]},"
                                + "{'name':'side','image':'envoy'}]"),
                Arguments.of("a strategic patch merges containers by name and env by name", Resources.PODS, POD,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"containers\":[{\"name\":\"web\",\"env\":[{"
                                + "\"name\":\"B\",\"value\":\"3\"}]}]}}", "/spec/containers/0/env",
                        "[{'name':'A','value':'1'},{'name':'B','value':'3'}]"),
                Arguments.of("a strategic patch merges ports by containerPort", Resources.PODS, POD,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"containers\":[{\"name\":\"web\",\"ports\":[{"
                                + "\"containerPort\":80,\"name\":\"http\"}]}]}}", "/spec/containers/0/ports",
                        "[{'containerPort':80,'protocol':'TCP','name':'http'}]"),
                Arguments.of("a $patch delete item removes a container", Resources.PODS, POD,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"containers\":[{\"name\":\"side\",\"$patch\":"
                                + "\"delete\"}]}}", "/spec/containers/1", "null"),
                Arguments.of("a $patch replace item replaces a merged list", Resources.PODS, POD,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"containers\":[{\"name\":\"web\",\"env\":[{"
                                + "\"$patch\":\"replace\"},{\"name\":\"C\",\"value\":\"4\"}]}]}}",
                        "/spec/containers/0/env", "[{'name':'C','value':'4'}]"),
                Arguments.of("$patch replace in a map replaces the map", Resources.PODS, POD,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"metadata\":{\"labels\":{\"$patch\":\"replace\",\"x\":"
                                + "\"y\"}}}", "/metadata/labels", "{'x':'y'}"),
                Arguments.of("$patch delete in a map empties it", Resources.PODS, POD,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"affinity\":{\"$patch\":\"delete\"}}}",
                        "/spec/affinity", "{}"),
                Arguments.of("$retainKeys drops the fields it does not list", Resources.DEPLOYMENTS, DEPLOYMENT,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],"
                                + "\"type\":\"Recreate\",\"rollingUpdate\":null}}}", "/spec/strategy",
                        "{'type':'Recreate'}"),
                Arguments.of("$deleteFromPrimitiveList removes finalizers", Resources.PODS, POD,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":["
                                + "\"example.com/a\"]}}", "/metadata/finalizers", "['example.com/b']"),
                Arguments.of("finalizers are merged as a set, keeping the stored order", Resources.PODS, POD,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"metadata\":{\"finalizers\":[\"example.com/b\","
                                + "\"example.com/c\"]}}", "/metadata/finalizers",
                        "['example.com/a','example.com/b','example.com/c']"),
                Arguments.of("a finalizer unknown to the server goes before the stored ones", Resources.PODS, POD,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"metadata\":{\"finalizers\":[\"example.com/c\"]}}",
                        "/metadata/finalizers", "['example.com/c','example.com/a','example.com/b']"),
                Arguments.of("tolerations have no merge strategy and are replaced", Resources.PODS, POD,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"tolerations\":[{\"key\":\"z\",\"operator\":"
                                + "\"Exists\"}]}}", "/spec/tolerations", "[{'key':'z','operator':'Exists'}]"),
                Arguments.of("node conditions are merged by type", Resources.NODES, NODE,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"status\":{\"conditions\":[{\"type\":\"Ready\","
                                + "\"status\":\"True\",\"reason\":\"KubeletReady\"}]}}", "/status/conditions",
                        "[{'type':'Ready','status':'True','reason':'KubeletReady'},{'type':'MemoryPressure',"
                                + "'status':'False'}]"),
                Arguments.of("null deletes a map key in a strategic patch", Resources.PODS, POD,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"metadata\":{\"labels\":{\"a\":null}}}",
                        "/metadata/labels", "{'app':'web'}"),
                Arguments.of("a merge patch replaces lists whole", Resources.PODS, POD, PatchType.MERGE_PATCH,
                        "{\"spec\":{\"containers\":[{\"name\":\"only\",\"image\":\"x\"}]}}", "/spec/containers",
                        "[{'name':'only','image':'x'}]"),
                Arguments.of("a JSON patch adds, replaces, moves, copies and tests", Resources.PODS, POD,
                        PatchType.JSON_PATCH, "[{\"op\":\"test\",\"path\":\"/metadata/labels/app\",\"value\":\"web\"},"
                                + "{\"op\":\"add\",\"path\":\"/metadata/labels/b~1c\",\"value\":\"2\"},"
                                + "{\"op\":\"replace\",\"path\":\"/metadata/labels/a\",\"value\":\"9\"},"
                                + "{\"op\":\"move\",\"from\":\"/metadata/labels/app\",\"path\":\"/metadata/labels/name\"},"
                                + "{\"op\":\"copy\",\"from\":\"/metadata/labels/a\",\"path\":\"/metadata/labels/d\"}]",
                        "/metadata/labels", "{'a':'9','b/c':'2','name':'web','d':'9'}"),
                Arguments.of("a JSON patch removes and appends list items", Resources.PODS, POD, PatchType.JSON_PATCH,
                        "[{\"op\":\"remove\",\"path\":\"/spec/tolerations/0\"},{\"op\":\"add\",\"path\":"
                                + "\"/spec/tolerations/-\",\"value\":{\"key\":\"z\",\"operator\":\"Exists\"}}]",
                        "/spec/tolerations", "[{'key':'y','operator':'Exists'},{'key':'z','operator':'Exists'}]"),
                Arguments.of("server-side apply creates an absent object from the configuration", Resources.PODS,
                        null, PatchType.APPLY_PATCH, "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{"
                                + "\"name\":\"web\",\"namespace\":\"default\"},\"spec\":{\"containers\":[{\"name\":"
                                + "\"web\",\"image\":\"nginx\"}]}}", "",
                        "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'web','namespace':'default'},'spec':{"
                                + "'containers':[{'name':'web','image':'nginx'}]}}"),
                Arguments.of("server-side apply merges containers by name and keeps omitted fields", Resources.PODS,
                        POD, PatchType.APPLY_PATCH, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
                                + "  labels:\n    tier: fe\nspec:\n  containers:\n  - name: web\n"
                                + "    image: nginx:1.27\n", "/metadata/labels",
                        "{'app':'web','a':'1','tier':'fe'}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void patchesAreRejected(String name, ResourceType type, String current, PatchType patchType, String patch,
            String expected) {
        Status s = status(() -> registry.applyPatch(type, json(current), patchType, patch));
        assertThat(s.getCode() + " " + s.getReason() + ": " + s.getMessage()).isEqualTo(expected);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("a strategic patch that is a list is a bad request", Resources.NODES, NODE,
                        PatchType.STRATEGIC_MERGE_PATCH, "[]",
                        "400 BadRequest: json: cannot unmarshal array into Go value of type map[string]interface {}"),
                Arguments.of("a merge patch that is a list is a bad request", Resources.NODES, NODE,
                        PatchType.MERGE_PATCH, "[{\"op\":\"add\"}]", "400 BadRequest: Invalid JSON Patch"),
                Arguments.of("a JSON patch that is an object is a bad request", Resources.NODES, NODE,
                        PatchType.JSON_PATCH, "{\"spec\":{}}",
                        "400 BadRequest: json: cannot unmarshal object into Go value of type jsonpatch.Patch"),
                Arguments.of("a failing JSON patch test is unprocessable", Resources.PODS, POD, PatchType.JSON_PATCH,
                        "[{\"op\":\"test\",\"path\":\"/metadata/labels/app\",\"value\":\"api\"}]",
                        "422 Invalid: the server rejected our request due to an error in our request"),
                Arguments.of("removing a missing path with a JSON patch is unprocessable", Resources.PODS, POD,
                        PatchType.JSON_PATCH, "[{\"op\":\"remove\",\"path\":\"/spec/nodeName\"}]",
                        "422 Invalid: the server rejected our request due to an error in our request"),
                Arguments.of("a merged list item without its merge key is a bad request", Resources.PODS, POD,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"containers\":[{\"image\":\"busybox\"}]}}",
                        "400 BadRequest: map: map[image:busybox] does not contain declared merge key: name"),
                Arguments.of("an unknown $patch directive is a bad request", Resources.PODS, POD,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"metadata\":{\"labels\":{\"$patch\":\"explode\"}}}",
                        "400 BadRequest: unknown patch type: explode in map: map[$patch:explode]"),
                Arguments.of("$retainKeys that is not a list is a bad request", Resources.DEPLOYMENTS, DEPLOYMENT,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"strategy\":{\"$retainKeys\":\"type\"}}}",
                        "400 BadRequest: invalid patch format of retainKeys"),
                Arguments.of("a patch list out of $setElementOrder's order is a bad request", Resources.PODS, POD,
                        PatchType.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"$setElementOrder/containers\":[{\"name\":"
                                + "\"web\"},{\"name\":\"side\"}],\"containers\":[{\"name\":\"side\",\"image\":\"b\"},"
                                + "{\"name\":\"web\",\"image\":\"a\"}]}}",
                        "400 BadRequest: The order in patch list:\n[map[image:b name:side] map[image:a name:web]]\n "
                                + "doesn't match $setElementOrder list:\n[map[name:web] map[name:side]]\n"),
                Arguments.of("a merge patch that breaks a field's type is invalid", Resources.DEPLOYMENTS,
                        "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'}}",
                        PatchType.MERGE_PATCH, "{\"spec\":{\"replicas\":\"three\"}}",
                        "422 Invalid:  \"\" is invalid: patch: Invalid value: \"{\\\"apiVersion\\\":\\\"apps/v1\\\","
                                + "\\\"kind\\\":\\\"Deployment\\\",\\\"metadata\\\":{\\\"name\\\":\\\"web\\\"},"
                                + "\\\"spec\\\":{\\\"replicas\\\":\\\"three\\\"}}\": json: cannot unmarshal string into "
                                + "Go struct field DeploymentSpec.spec.replicas of type int32"),
                Arguments.of("a strategic patch that breaks a field's type is invalid", Resources.DEPLOYMENTS,
                        DEPLOYMENT, PatchType.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"replicas\":\"three\"}}",
                        "422 Invalid:  \"\" is invalid: patch: Invalid value: \"map[spec:map[replicas:three]]\": json: "
                                + "cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type "
                                + "int32"),
                Arguments.of("server-side apply with another API version is a bad request", Resources.DEPLOYMENTS,
                        DEPLOYMENT, PatchType.APPLY_PATCH, "{\"apiVersion\":\"v1\",\"kind\":\"Deployment\","
                                + "\"metadata\":{\"name\":\"web\"}}",
                        "400 BadRequest: Incorrect version specified in apply patch. Specified patch version: v1, "
                                + "expected: apps/v1"));
    }
}
