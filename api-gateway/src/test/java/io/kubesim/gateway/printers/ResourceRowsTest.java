package io.kubesim.gateway.printers;

import static io.kubesim.gateway.printers.Fixtures.NOW;
import static io.kubesim.gateway.printers.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole rows, wide columns included, of the resources other than pods and nodes, at 12:00:00. */
class ResourceRowsTest {

    private static final String META = "'metadata':{'name':'x','namespace':'default',"
            + "'creationTimestamp':'2025-06-01T11:55:00Z'}";
    private static final String TEMPLATE = "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':["
            + "{'name':'web','image':'nginx:1.27'},{'name':'log','image':'busybox'}]}}";

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("a deployment shows ready/desired, up-to-date, available and its selector",
                        WorkloadPrinters.DEPLOYMENTS,
                        "{" + META + ",'spec':{'replicas':3,'selector':{'matchLabels':{'tier':'fe','app':'web'}},"
                                + TEMPLATE + "},'status':{'replicas':3,'readyReplicas':2,'updatedReplicas':3,"
                                + "'availableReplicas':2}}",
                        Row.of("x", "2/3", 3L, 2L, "5m", "web,log", "nginx:1.27,busybox", "app=web,tier=fe")),
                Arguments.of("a deployment without replicas reads as the default of one",
                        WorkloadPrinters.DEPLOYMENTS,
                        "{" + META + ",'spec':{'selector':{'matchExpressions':[{'key':'env','operator':'In',"
                                + "'values':['prod','dev']},{'key':'app','operator':'Exists'}]}," + TEMPLATE + "}}",
                        Row.of("x", "0/1", 0L, 0L, "5m", "web,log", "nginx:1.27,busybox", "app,env in (dev,prod)")),
                Arguments.of("a replica set shows desired, current and ready counts",
                        WorkloadPrinters.REPLICA_SETS,
                        "{" + META + ",'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web'}}," + TEMPLATE
                                + "},'status':{'replicas':2,'readyReplicas':1}}",
                        Row.of("x", 2L, 2L, 1L, "5m", "web,log", "nginx:1.27,busybox", "app=web")),
                Arguments.of("a daemon set shows its counts and node selector",
                        WorkloadPrinters.DAEMON_SETS,
                        "{" + META + ",'spec':{'selector':{'matchLabels':{'app':'agent'}},'template':{'spec':{"
                                + "'nodeSelector':{'kubernetes.io/os':'linux','kubernetes.io/arch':'arm64'},"
                                + "'containers':[{'name':'agent','image':'agent:1'}]}}},'status':{"
                                + "'desiredNumberScheduled':4,'currentNumberScheduled':4,'numberReady':3,"
                                + "'updatedNumberScheduled':4,'numberAvailable':3}}",
                        Row.of("x", 4L, 4L, 3L, 4L, 3L, "kubernetes.io/arch=arm64,kubernetes.io/os=linux", "5m",
                                "agent", "agent:1", "app=agent")),
                Arguments.of("a daemon set without node selector shows <none>",
                        WorkloadPrinters.DAEMON_SETS,
                        "{" + META + ",'spec':{'template':{'spec':{'containers':[{'name':'a','image':'a'}]}}}}",
                        Row.of("x", 0L, 0L, 0L, 0L, 0L, "<none>", "5m", "a", "a", "")),
                Arguments.of("a running job shows Running, its completions and how long it has run",
                        WorkloadPrinters.JOBS,
                        "{" + META + ",'spec':{'completions':3,'selector':{'matchLabels':{'batch.kubernetes.io/"
                                + "controller-uid':'u1'}}," + TEMPLATE + "},'status':{'succeeded':1,"
                                + "'startTime':'2025-06-01T11:56:40Z','active':2}}",
                        Row.of("x", "Running", "1/3", "3m20s", "5m", "web,log", "nginx:1.27,busybox",
                                "batch.kubernetes.io/controller-uid=u1")),
                Arguments.of("a complete job shows Complete and the time it took",
                        WorkloadPrinters.JOBS,
                        "{" + META + ",'spec':{'completions':1," + TEMPLATE + "},'status':{'succeeded':1,"
                                + "'startTime':'2025-06-01T11:55:00Z','completionTime':'2025-06-01T11:55:45Z',"
                                + "'conditions':[{'type':'SuccessCriteriaMet','status':'True'},{'type':'Complete',"
                                + "'status':'True'}]}}",
                        Row.of("x", "Complete", "1/1", "45s", "5m", "web,log", "nginx:1.27,busybox", "")),
                Arguments.of("a failed job shows Failed",
                        WorkloadPrinters.JOBS,
                        "{" + META + ",'spec':{" + TEMPLATE + "},'status':{'failed':7,'conditions':[{'type':"
                                + "'FailureTarget','status':'True'},{'type':'Failed','status':'True'}]}}",
                        Row.of("x", "Failed", "0/1", "", "5m", "web,log", "nginx:1.27,busybox", "")),
                Arguments.of("a suspended parallel job shows Suspended and 0/1 of 4",
                        WorkloadPrinters.JOBS,
                        "{" + META + ",'spec':{'parallelism':4,'suspend':true," + TEMPLATE + "},'status':{"
                                + "'conditions':[{'type':'Suspended','status':'True'}]}}",
                        Row.of("x", "Suspended", "0/1 of 4", "", "5m", "web,log", "nginx:1.27,busybox", "")),
                Arguments.of("a job being deleted before it finished shows Terminating",
                        WorkloadPrinters.JOBS,
                        "{'metadata':{'name':'x','creationTimestamp':'2025-06-01T11:55:00Z','deletionTimestamp':"
                                + "'2025-06-01T11:59:00Z'},'spec':{" + TEMPLATE + "}}",
                        Row.of("x", "Terminating", "0/1", "", "5m", "web,log", "nginx:1.27,busybox", "")),
                Arguments.of("an event shows last seen, type, reason, object and message, wide columns after",
                        CorePrinters.EVENTS,
                        "{'metadata':{'name':'web.17f','namespace':'default'},'involvedObject':{'kind':'Pod',"
                                + "'name':'web','fieldPath':'spec.containers{web}'},'reason':'BackOff','message':"
                                + "'  Back-off pulling image nginx ','type':'Warning','source':{'component':"
                                + "'kubelet','host':'n1'},'firstTimestamp':'2025-06-01T11:50:00Z','lastTimestamp':"
                                + "'2025-06-01T11:59:30Z','count':12}",
                        Row.of("30s", "Warning", "BackOff", "pod/web", "spec.containers{web}", "kubelet, n1",
                                "Back-off pulling image nginx", "10m", 12L, "web.17f")),
                Arguments.of("an events.k8s.io style event uses eventTime, its series and the reporting controller",
                        CorePrinters.EVENTS,
                        "{'metadata':{'name':'e2'},'involvedObject':{'kind':'Node'},'reason':'Starting',"
                                + "'type':'Normal','eventTime':'2025-06-01T11:58:00.000000Z','reportingComponent':"
                                + "'default-scheduler','series':{'count':3,'lastObservedTime':"
                                + "'2025-06-01T11:59:50.000000Z'}}",
                        Row.of("10s", "Normal", "Starting", "node", "", "default-scheduler", "", "2m", 3L, "e2")),
                Arguments.of("a namespace shows its phase",
                        CorePrinters.NAMESPACES,
                        "{'metadata':{'name':'kube-system','creationTimestamp':'2025-03-18T12:00:00Z'},"
                                + "'status':{'phase':'Active'}}",
                        Row.of("kube-system", "Active", "75d")),
                Arguments.of("a cluster IP service shows its ports and selector",
                        CorePrinters.SERVICES,
                        "{" + META + ",'spec':{'clusterIP':'10.96.0.10','ports':[{'port':53,'protocol':'UDP'},"
                                + "{'port':9153}],'selector':{'k8s-app':'kube-dns'}}}",
                        Row.of("x", "ClusterIP", "10.96.0.10", "<none>", "53/UDP,9153/TCP", "5m",
                                "k8s-app=kube-dns")),
                Arguments.of("a node port service shows node ports and external IPs",
                        CorePrinters.SERVICES,
                        "{" + META + ",'spec':{'type':'NodePort','clusterIPs':['10.96.1.1'],'externalIPs':"
                                + "['192.0.2.1'],'ports':[{'port':80,'nodePort':30080,'protocol':'TCP'}]}}",
                        Row.of("x", "NodePort", "10.96.1.1", "192.0.2.1", "80:30080/TCP", "5m", "<none>")),
                Arguments.of("a load balancer without ingress is pending",
                        CorePrinters.SERVICES,
                        "{" + META + ",'spec':{'type':'LoadBalancer','clusterIP':'10.96.1.2','ports':[{'port':443,"
                                + "'nodePort':31443}]}}",
                        Row.of("x", "LoadBalancer", "10.96.1.2", "<pending>", "443:31443/TCP", "5m", "<none>")),
                Arguments.of("a load balancer lists its ingress addresses then external IPs",
                        CorePrinters.SERVICES,
                        "{" + META + ",'spec':{'type':'LoadBalancer','clusterIP':'10.96.1.3','externalIPs':"
                                + "['192.0.2.9'],'ports':[{'port':443}]},'status':{'loadBalancer':{'ingress':["
                                + "{'ip':'203.0.113.7'},{'hostname':'lb.example.com'}]}}}",
                        Row.of("x", "LoadBalancer", "10.96.1.3", "203.0.113.7,lb.example.com,192.0.2.9", "443/TCP",
                                "5m", "<none>")),
                Arguments.of("an external name service shows the name it aliases",
                        CorePrinters.SERVICES,
                        "{" + META + ",'spec':{'type':'ExternalName','externalName':'db.example.com'}}",
                        Row.of("x", "ExternalName", "<none>", "db.example.com", "<none>", "5m", "<none>")),
                Arguments.of("a config map counts data and binary data keys",
                        CorePrinters.CONFIG_MAPS,
                        "{" + META + ",'data':{'a':'1','b':'2'},'binaryData':{'c':'AA=='}}",
                        Row.of("x", 3L, "5m")),
                Arguments.of("a secret shows its type and number of keys",
                        CorePrinters.SECRETS,
                        "{" + META + ",'type':'kubernetes.io/tls','data':{'tls.crt':'','tls.key':''}}",
                        Row.of("x", "kubernetes.io/tls", 2L, "5m")),
                Arguments.of("a secret without type is Opaque and counts stringData keys",
                        CorePrinters.SECRETS,
                        "{" + META + ",'data':{'a':'MQ=='},'stringData':{'a':'1','b':'2'}}",
                        Row.of("x", "Opaque", 2L, "5m")),
                Arguments.of("a service account counts its secrets",
                        CorePrinters.SERVICE_ACCOUNTS,
                        "{" + META + "}",
                        Row.of("x", 0L, "5m")),
                Arguments.of("a lease shows its holder",
                        CorePrinters.LEASES,
                        "{" + META + ",'spec':{'holderIdentity':'n1','leaseDurationSeconds':40}}",
                        Row.of("x", "n1", "5m")),
                Arguments.of("a disruption budget shows min available and N/A for the unset bound",
                        CorePrinters.POD_DISRUPTION_BUDGETS,
                        "{" + META + ",'spec':{'minAvailable':2},'status':{'disruptionsAllowed':1}}",
                        Row.of("x", "2", "N/A", 1L, "5m")),
                Arguments.of("a disruption budget with a percentage shows it",
                        CorePrinters.POD_DISRUPTION_BUDGETS,
                        "{" + META + ",'spec':{'maxUnavailable':'25%'}}",
                        Row.of("x", "N/A", "25%", 0L, "5m")),
                Arguments.of("a priority class shows value, global default and preemption policy",
                        CorePrinters.PRIORITY_CLASSES,
                        "{'metadata':{'name':'system-node-critical','creationTimestamp':'2025-06-01T11:55:00Z'},"
                                + "'value':2000001000,'preemptionPolicy':'PreemptLowerPriority'}",
                        Row.of("system-node-critical", 2000001000L, false, "5m", "PreemptLowerPriority")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void printsTheRowKubectlShows(String description, ResourcePrinter printer, String object, Row expected) {
        Row row = printer.row(json(object), NOW);

        assertThat(row).isEqualTo(expected);
        assertThat(row.cells()).hasSameSizeAs(printer.columns());
    }
}
