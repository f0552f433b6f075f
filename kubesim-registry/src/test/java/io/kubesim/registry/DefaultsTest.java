package io.kubesim.registry;

import static io.kubesim.registry.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;

/** Defaults, admission and PrepareForCreate on minimal objects: the whole stored object is compared. */
class DefaultsTest {

    private final Registry registry = Fixtures.registry();
    private final MapState state = MapState.withNamespaces("default");

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void minimalObjectsAreStoredWithUpstreamDefaults(String name, ResourceType type, ObjectNode input,
            String expected) {
        ObjectNode stored = registry.admitCreate(type, input, state);
        assertThat(Fixtures.reparse(stored)).isEqualTo(KubeJson.parse(expected));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a minimal pod gets pod, container and admission defaults and a Pending status",
                        Resources.PODS,
                        json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'web','namespace':'default',"
                                + "'uid':'u1','creationTimestamp':'2026-01-01T00:00:00Z'},'spec':{'containers':[{"
                                + "'name':'web','image':'nginx:1.25','ports':[{'containerPort':80}],'resources':{"
                                + "'limits':{'cpu':'0.5','memory':'128Mi'}}}]}}"),
                        """
                        {"apiVersion":"v1","kind":"Pod",
                         "metadata":{"name":"web","namespace":"default","uid":"u1",
                                     "creationTimestamp":"2026-01-01T00:00:00Z"},
                         "spec":{"containers":[{"name":"web","image":"nginx:1.25",
                                                "ports":[{"containerPort":80,"protocol":"TCP"}],
                                                "resources":{"limits":{"cpu":"500m","memory":"128Mi"},
                                                             "requests":{"cpu":"500m","memory":"128Mi"}},
                                                "imagePullPolicy":"IfNotPresent",
                                                "terminationMessagePath":"/dev/termination-log",
                                                "terminationMessagePolicy":"File"}],
                                 "enableServiceLinks":true,"dnsPolicy":"ClusterFirst","restartPolicy":"Always",
                                 "securityContext":{},"terminationGracePeriodSeconds":30,
                                 "schedulerName":"default-scheduler",
                                 "serviceAccountName":"default","serviceAccount":"default",
                                 "priority":0,"preemptionPolicy":"PreemptLowerPriority",
                                 "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists",
                                                 "effect":"NoExecute","tolerationSeconds":300},
                                                {"key":"node.kubernetes.io/unreachable","operator":"Exists",
                                                 "effect":"NoExecute","tolerationSeconds":300}]},
                         "status":{"phase":"Pending","qosClass":"Guaranteed"}}
                        """),
                Arguments.of("an image without a tag is pulled Always and a pod with requests only is Burstable",
                        Resources.PODS,
                        json("{'metadata':{'name':'web','namespace':'default'},'spec':{'containers':[{'name':'web',"
                                + "'image':'nginx','resources':{'requests':{'cpu':'100m'}}}],'tolerations':[{"
                                + "'operator':'Exists'}]}}"),
                        """
                        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},
                         "spec":{"containers":[{"name":"web","image":"nginx",
                                                "resources":{"requests":{"cpu":"100m"}},
                                                "imagePullPolicy":"Always",
                                                "terminationMessagePath":"/dev/termination-log",
                                                "terminationMessagePolicy":"File"}],
                                 "tolerations":[{"operator":"Exists"}],
                                 "enableServiceLinks":true,"dnsPolicy":"ClusterFirst","restartPolicy":"Always",
                                 "securityContext":{},"terminationGracePeriodSeconds":30,
                                 "schedulerName":"default-scheduler",
                                 "serviceAccountName":"default","serviceAccount":"default",
                                 "priority":0,"preemptionPolicy":"PreemptLowerPriority"},
                         "status":{"phase":"Pending","qosClass":"Burstable"}}
                        """),
                Arguments.of("a minimal deployment gets rolling-update defaults, generation 1 and an empty status",
                        Resources.DEPLOYMENTS,
                        json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':"
                                + "'default','uid':'u2'},'spec':{'selector':{'matchLabels':{'app':'web'}},'template':{"
                                + "'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'web','image':"
                                + "'nginx'}]}}}}"),
                        """
                        {"apiVersion":"apps/v1","kind":"Deployment",
                         "metadata":{"name":"web","namespace":"default","uid":"u2","generation":1},
                         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                                 "template":{"metadata":{"labels":{"app":"web"}},
                                             "spec":{"containers":[{"name":"web","image":"nginx",
                                                                    "resources":{},
                                                                    "imagePullPolicy":"Always",
                                                                    "terminationMessagePath":"/dev/termination-log",
                                                                    "terminationMessagePolicy":"File"}],
                                                     "restartPolicy":"Always","terminationGracePeriodSeconds":30,
                                                     "dnsPolicy":"ClusterFirst","securityContext":{},
                                                     "schedulerName":"default-scheduler"}},
                                 "strategy":{"type":"RollingUpdate",
                                             "rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}},
                                 "revisionHistoryLimit":10,"progressDeadlineSeconds":600},
                         "status":{}}
                        """),
                Arguments.of("a minimal job gets job defaults, a generated selector and the generated labels",
                        Resources.JOBS,
                        json("{'apiVersion':'batch/v1','kind':'Job','metadata':{'name':'pi','namespace':'default',"
                                + "'uid':'u3'},'spec':{'template':{'spec':{'restartPolicy':'Never','containers':[{"
                                + "'name':'pi','image':'perl:5.34'}]}}}}"),
                        """
                        {"apiVersion":"batch/v1","kind":"Job",
                         "metadata":{"name":"pi","namespace":"default","uid":"u3","generation":1,
                                     "labels":{"batch.kubernetes.io/controller-uid":"u3",
                                               "batch.kubernetes.io/job-name":"pi",
                                               "controller-uid":"u3","job-name":"pi"}},
                         "spec":{"parallelism":1,"completions":1,"backoffLimit":6,"completionMode":"NonIndexed",
                                 "suspend":false,"podReplacementPolicy":"TerminatingOrFailed","manualSelector":false,
                                 "selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"u3"}},
                                 "template":{"metadata":{"labels":{"batch.kubernetes.io/controller-uid":"u3",
                                                                   "batch.kubernetes.io/job-name":"pi",
                                                                   "controller-uid":"u3","job-name":"pi"}},
                                             "spec":{"restartPolicy":"Never",
                                                     "containers":[{"name":"pi","image":"perl:5.34",
                                                                    "resources":{},
                                                                    "imagePullPolicy":"IfNotPresent",
                                                                    "terminationMessagePath":"/dev/termination-log",
                                                                    "terminationMessagePolicy":"File"}],
                                                     "terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst",
                                                     "securityContext":{},"schedulerName":"default-scheduler"}}},
                         "status":{}}
                        """),
                Arguments.of("a minimal daemonset gets one-at-a-time rolling updates and template generation 1",
                        Resources.DAEMON_SETS,
                        json("{'metadata':{'name':'agent','namespace':'default'},'spec':{'selector':{'matchLabels':"
                                + "{'app':'agent'}},'template':{'metadata':{'labels':{'app':'agent'}},'spec':{"
                                + "'containers':[{'name':'agent','image':'agent:1'}]}}}}"),
                        """
                        {"apiVersion":"apps/v1","kind":"DaemonSet",
                         "metadata":{"name":"agent","namespace":"default","generation":1,
                                     "annotations":{"deprecated.daemonset.template.generation":"1"}},
                         "spec":{"selector":{"matchLabels":{"app":"agent"}},
                                 "template":{"metadata":{"labels":{"app":"agent"}},
                                             "spec":{"containers":[{"name":"agent","image":"agent:1",
                                                                    "resources":{},
                                                                    "imagePullPolicy":"IfNotPresent",
                                                                    "terminationMessagePath":"/dev/termination-log",
                                                                    "terminationMessagePolicy":"File"}],
                                                     "restartPolicy":"Always","terminationGracePeriodSeconds":30,
                                                     "dnsPolicy":"ClusterFirst","securityContext":{},
                                                     "schedulerName":"default-scheduler"}},
                                 "updateStrategy":{"type":"RollingUpdate",
                                                   "rollingUpdate":{"maxUnavailable":1,"maxSurge":0}},
                                 "revisionHistoryLimit":10},
                         "status":{}}
                        """),
                Arguments.of("a new node keeps its status, gets allocatable from capacity and the not-ready taint",
                        Resources.NODES,
                        json("{'metadata':{'name':'n1','labels':{'kubernetes.io/arch':'arm64'}},'status':{"
                                + "'capacity':{'cpu':'4','memory':'8192Mi','pods':'110'},'conditions':[{'type':"
                                + "'Ready','status':'True'}]}}"),
                        """
                        {"apiVersion":"v1","kind":"Node",
                         "metadata":{"name":"n1","labels":{"kubernetes.io/arch":"arm64"}},
                         "spec":{"taints":[{"key":"node.kubernetes.io/not-ready","effect":"NoSchedule"}]},
                         "status":{"capacity":{"cpu":"4","memory":"8Gi","pods":"110"},
                                   "allocatable":{"cpu":"4","memory":"8Gi","pods":"110"},
                                   "conditions":[{"type":"Ready","status":"True"}]}}
                        """),
                Arguments.of("a new namespace is Active, labelled with its name and finalized by kubernetes",
                        Resources.NAMESPACES, json("{'metadata':{'name':'team-a'}}"),
                        """
                        {"apiVersion":"v1","kind":"Namespace",
                         "metadata":{"name":"team-a","labels":{"kubernetes.io/metadata.name":"team-a"}},
                         "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}
                        """),
                Arguments.of("a minimal service is a ClusterIP service with TCP ports targeting themselves",
                        Resources.SERVICES,
                        json("{'metadata':{'name':'web','namespace':'default'},'spec':{'selector':{'app':'web'},"
                                + "'ports':[{'port':80}]}}"),
                        """
                        {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default"},
                         "spec":{"selector":{"app":"web"},
                                 "ports":[{"port":80,"protocol":"TCP","targetPort":80}],
                                 "type":"ClusterIP","sessionAffinity":"None","internalTrafficPolicy":"Cluster"},
                         "status":{"loadBalancer":{}}}
                        """),
                Arguments.of("a secret's stringData is folded into base64 data and the type defaults to Opaque",
                        Resources.SECRETS,
                        json("{'metadata':{'name':'creds','namespace':'default'},'stringData':{'user':'admin'}}"),
                        """
                        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"creds","namespace":"default"},
                         "type":"Opaque","data":{"user":"YWRtaW4="}}
                        """));
    }
}
