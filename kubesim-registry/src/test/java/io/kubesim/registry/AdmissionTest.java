package io.kubesim.registry;

import static io.kubesim.registry.Fixtures.json;
import static io.kubesim.registry.Fixtures.reparse;
import static io.kubesim.registry.Fixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;

/** The admission chain: namespace lifecycle, service account, node taints, priority, default tolerations. */
class AdmissionTest {

    private static final String POD = "{'metadata':{'name':'web','namespace':'default'},'spec':{'containers':[{"
            + "'name':'web','image':'nginx'}]%s}}";
    private static final String TERMINATING = "{'metadata':{'name':'old','deletionTimestamp':"
            + "'2026-01-01T00:00:00Z'},'status':{'phase':'Terminating'}}";

    private final Registry registry = Fixtures.registry();

    private static MapState state() {
        return MapState.withNamespaces("default")
                .put("/namespaces/old", TERMINATING.replace('\'', '"'))
                .put("/priorityclasses.scheduling.k8s.io/high", "{\"metadata\":{\"name\":\"high\"},\"value\":1000,"
                        + "\"preemptionPolicy\":\"Never\"}");
    }

    private static MapState withDefaultClass() {
        return state().put("/priorityclasses.scheduling.k8s.io/low", "{\"metadata\":{\"name\":\"low\"},"
                + "\"value\":10,\"globalDefault\":true,\"preemptionPolicy\":\"PreemptLowerPriority\"}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void rejectedByAdmission(String name, ResourceType type, String object, MapState state, String expectedStatus) {
        assertThat(reparse(KubeJson.tree(status(() -> registry.admitCreate(type, json(object), state)))))
                .isEqualTo(KubeJson.parse(expectedStatus));
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of("creating in a namespace that does not exist is NotFound", Resources.PODS,
                        POD.formatted("").replace("'default'", "'nope'"), state(),
                        """
                        {"apiVersion":"v1","kind":"Status","metadata":{},"status":"Failure",
                         "message":"namespaces \\"nope\\" not found","reason":"NotFound",
                         "details":{"name":"nope","kind":"namespaces"},"code":404}
                        """),
                Arguments.of("creating in a terminating namespace is Forbidden", Resources.CONFIGMAPS,
                        "{'metadata':{'name':'cfg','namespace':'old'}}", state(),
                        """
                        {"apiVersion":"v1","kind":"Status","metadata":{},"status":"Failure",
                         "message":"configmaps \\"cfg\\" is forbidden: unable to create new content in namespace old \
                        because it is being terminated",
                         "reason":"Forbidden",
                         "details":{"name":"cfg","kind":"configmaps","causes":[{"reason":"NamespaceTerminating",
                                    "message":"namespace old is being terminated","field":"metadata.namespace"}]},
                         "code":403}
                        """),
                Arguments.of("a pod naming an unknown priority class is Forbidden", Resources.PODS,
                        POD.formatted(",'priorityClassName':'urgent'"), state(),
                        """
                        {"apiVersion":"v1","kind":"Status","metadata":{},"status":"Failure",
                         "message":"pods \\"web\\" is forbidden: no PriorityClass with name urgent was found",
                         "reason":"Forbidden","details":{"name":"web","kind":"pods"},"code":403}
                        """),
                Arguments.of("a pod whose priority contradicts its class is Forbidden", Resources.PODS,
                        POD.formatted(",'priorityClassName':'high','priority':5"), state(),
                        """
                        {"apiVersion":"v1","kind":"Status","metadata":{},"status":"Failure",
                         "message":"pods \\"web\\" is forbidden: the integer value of priority (5) must not be \
                        provided in pod spec; priority admission controller computed 1000 from the given \
                        PriorityClass name",
                         "reason":"Forbidden","details":{"name":"web","kind":"pods"},"code":403}
                        """),
                Arguments.of("a second global default priority class is Forbidden", Resources.PRIORITY_CLASSES,
                        "{'metadata':{'name':'other'},'value':5,'globalDefault':true}", withDefaultClass(),
                        """
                        {"apiVersion":"v1","kind":"Status","metadata":{},"status":"Failure",
                         "message":"priorityclasses.scheduling.k8s.io \\"other\\" is forbidden: PriorityClass low is \
                        already marked as default. Only one default can exist",
                         "reason":"Forbidden",
                         "details":{"name":"other","group":"scheduling.k8s.io","kind":"priorityclasses"},"code":403}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void mutatedByAdmission(String name, ResourceType type, String object, MapState state, String pointer,
            String expected) {
        ObjectNode stored = registry.admitCreate(type, json(object), state);
        assertThat(reparse(stored.at(pointer))).isEqualTo(KubeJson.parse(expected.replace('\'', '"')));
    }

    static Stream<Arguments> mutations() {
        String defaultTolerations = "{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute',"
                + "'tolerationSeconds':300},{'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':"
                + "'NoExecute','tolerationSeconds':300}";
        return Stream.of(
                Arguments.of("a pod gets the priority and preemption policy of its class", Resources.PODS,
                        POD.formatted(",'priorityClassName':'high'"), state(), "/spec",
                        "{'containers':[{'name':'web','image':'nginx','resources':{},'imagePullPolicy':'Always',"
                                + "'terminationMessagePath':'/dev/termination-log','terminationMessagePolicy':"
                                + "'File'}],'priorityClassName':'high','enableServiceLinks':true,'dnsPolicy':"
                                + "'ClusterFirst','restartPolicy':'Always','securityContext':{},"
                                + "'terminationGracePeriodSeconds':30,'schedulerName':'default-scheduler',"
                                + "'serviceAccountName':'default','serviceAccount':'default','priority':1000,"
                                + "'preemptionPolicy':'Never','tolerations':[" + defaultTolerations + "]}"),
                Arguments.of("a pod without class gets the global default class", Resources.PODS,
                        POD.formatted(""), withDefaultClass(), "/spec/priorityClassName", "'low'"),
                Arguments.of("a pod without class and no default class gets priority 0", Resources.PODS,
                        POD.formatted(""), state(), "/spec/priority", "0"),
                Arguments.of("a system class is known without being stored", Resources.PODS,
                        POD.formatted(",'priorityClassName':'system-node-critical'"), state(), "/spec/priority",
                        "2000001000"),
                Arguments.of("a pod tolerating not-ready with an empty effect gets only the unreachable toleration",
                        Resources.PODS, POD.formatted(",'tolerations':[{'key':'node.kubernetes.io/not-ready',"
                                + "'operator':'Exists'}]"), state(), "/spec/tolerations",
                        "[{'key':'node.kubernetes.io/not-ready','operator':'Exists'},{'key':"
                                + "'node.kubernetes.io/unreachable','operator':'Exists','effect':'NoExecute',"
                                + "'tolerationSeconds':300}]"),
                Arguments.of("a pod tolerating everything gets no default tolerations", Resources.PODS,
                        POD.formatted(",'tolerations':[{'operator':'Exists'}]"), state(), "/spec/tolerations",
                        "[{'operator':'Exists'}]"),
                Arguments.of("a pod with a service account keeps it", Resources.PODS,
                        POD.formatted(",'serviceAccountName':'builder'"), state(), "/spec/serviceAccount",
                        "'builder'"),
                Arguments.of("a node already tainted not-ready NoSchedule is not tainted twice", Resources.NODES,
                        "{'metadata':{'name':'n1'},'spec':{'taints':[{'key':'node.kubernetes.io/not-ready',"
                                + "'effect':'NoSchedule'}]}}", state(), "/spec/taints",
                        "[{'key':'node.kubernetes.io/not-ready','effect':'NoSchedule'}]"),
                Arguments.of("a node tainted not-ready NoExecute also gets the NoSchedule taint", Resources.NODES,
                        "{'metadata':{'name':'n1'},'spec':{'taints':[{'key':'node.kubernetes.io/not-ready',"
                                + "'effect':'NoExecute'}]}}", state(), "/spec/taints",
                        "[{'key':'node.kubernetes.io/not-ready','effect':'NoExecute'},{'key':"
                                + "'node.kubernetes.io/not-ready','effect':'NoSchedule'}]"),
                Arguments.of("cluster-scoped objects ignore a namespace in the request body", Resources.NODES,
                        "{'metadata':{'name':'n1','namespace':'nope'}}", state(), "/metadata", "{'name':'n1'}"));
    }
}
