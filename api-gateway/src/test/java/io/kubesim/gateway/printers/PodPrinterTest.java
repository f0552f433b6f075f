package io.kubesim.gateway.printers;

import static io.kubesim.gateway.printers.Fixtures.NOW;
import static io.kubesim.gateway.printers.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole pod rows (NAME, READY, STATUS, RESTARTS, AGE, IP, NODE, NOMINATED NODE, READINESS GATES) at 12:00:00. */
class PodPrinterTest {

    private static final String META = "'metadata':{'name':'p','namespace':'default',"
            + "'creationTimestamp':'2025-06-01T11:59:15Z'}";
    private static final String ONE = "'containers':[{'name':'app','image':'nginx'}]";
    private static final String TWO = "'containers':[{'name':'app','image':'nginx'},{'name':'log','image':'busybox'}]";
    private static final String TWO_INITS = "'initContainers':[{'name':'init-a','image':'busybox'},"
            + "{'name':'init-b','image':'busybox'}]," + ONE;
    private static final String DONE = "'state':{'terminated':{'exitCode':0,'reason':'Completed'}}";

    static Stream<Arguments> pods() {
        return Stream.of(
                Arguments.of("a pod no node was found for yet is Pending",
                        "{" + META + ",'spec':{" + ONE + "},'status':{'phase':'Pending','conditions':[{'type':"
                                + "'PodScheduled','status':'False','reason':'Unschedulable'}]}}",
                        row("0/1", "Pending", "0", "<none>", "<none>")),
                Arguments.of("a bound pod whose container is being created shows ContainerCreating",
                        "{" + META + ",'spec':{'nodeName':'n1'," + ONE + "},'status':{'phase':'Pending',"
                                + "'containerStatuses':[{'name':'app','ready':false,'restartCount':0,'state':"
                                + "{'waiting':{'reason':'ContainerCreating'}}}]}}",
                        row("0/1", "ContainerCreating", "0", "<none>", "n1")),
                Arguments.of("a pod running its first of two init containers shows Init:0/2",
                        "{" + META + ",'spec':{'nodeName':'n1'," + TWO_INITS + "},'status':{'phase':'Pending',"
                                + "'conditions':[{'type':'Initialized','status':'False'}],'initContainerStatuses':["
                                + "{'name':'init-a','ready':false,'restartCount':0,'state':{'running':{}}},"
                                + "{'name':'init-b','ready':false,'restartCount':0,'state':{'waiting':{'reason':"
                                + "'PodInitializing'}}}],'containerStatuses':[{'name':'app','ready':false,"
                                + "'restartCount':0,'state':{'waiting':{'reason':'PodInitializing'}}}]}}",
                        row("0/1", "Init:0/2", "0", "<none>", "n1")),
                Arguments.of("an init container that cannot pull its image shows Init:ErrImagePull",
                        "{" + META + ",'spec':{'nodeName':'n1'," + TWO_INITS + "},'status':{'phase':'Pending',"
                                + "'initContainerStatuses':[{'name':'init-a','ready':false,'restartCount':0,"
                                + "'state':{'waiting':{'reason':'ErrImagePull'}}}]}}",
                        row("0/1", "Init:ErrImagePull", "0", "<none>", "n1")),
                Arguments.of("a failed init container shows its exit code",
                        "{" + META + ",'spec':{'nodeName':'n1'," + TWO_INITS + "},'status':{'phase':'Pending',"
                                + "'initContainerStatuses':[{'name':'init-a','ready':false,'restartCount':0,"
                                + "'state':{'terminated':{'exitCode':3}}}]}}",
                        row("0/1", "Init:ExitCode:3", "0", "<none>", "n1")),
                Arguments.of("app containers waiting for finished init containers show PodInitializing",
                        "{" + META + ",'spec':{'nodeName':'n1'," + TWO_INITS + "},'status':{'phase':'Pending',"
                                + "'conditions':[{'type':'Initialized','status':'True'}],'initContainerStatuses':["
                                + "{'name':'init-a','ready':true,'restartCount':0," + DONE + "},"
                                + "{'name':'init-b','ready':true,'restartCount':0," + DONE + "}],"
                                + "'containerStatuses':[{'name':'app','ready':false,'restartCount':0,'state':"
                                + "{'waiting':{'reason':'PodInitializing'}}}]}}",
                        row("0/1", "PodInitializing", "0", "<none>", "n1")),
                Arguments.of("a pod with its one container ready is Running 1/1",
                        "{" + META + ",'spec':{'nodeName':'n1'," + ONE + "},'status':{'phase':'Running',"
                                + "'podIP':'10.244.1.7','conditions':[{'type':'Ready','status':'True'}],"
                                + "'containerStatuses':[{'name':'app','ready':true,'restartCount':0,'state':"
                                + "{'running':{'startedAt':'2025-06-01T11:59:20Z'}}}]}}",
                        row("1/1", "Running", "0", "10.244.1.7", "n1")),
                Arguments.of("a pod with one of two containers ready is Running 1/2",
                        "{" + META + ",'spec':{'nodeName':'n1'," + TWO + "},'status':{'phase':'Running',"
                                + "'podIP':'10.244.1.8','containerStatuses':["
                                + "{'name':'app','ready':true,'restartCount':0,'state':{'running':{}}},"
                                + "{'name':'log','ready':false,'restartCount':0,'state':{'running':{}}}]}}",
                        row("1/2", "Running", "0", "10.244.1.8", "n1")),
                Arguments.of("a container whose image pull just failed shows ErrImagePull",
                        "{" + META + ",'spec':{'nodeName':'n1'," + ONE + "},'status':{'phase':'Pending',"
                                + "'containerStatuses':[{'name':'app','ready':false,'restartCount':0,'state':"
                                + "{'waiting':{'reason':'ErrImagePull','message':'no match for platform in "
                                + "manifest'}}}]}}",
                        row("0/1", "ErrImagePull", "0", "<none>", "n1")),
                Arguments.of("a pod waiting in ImagePullBackOff shows that reason as STATUS",
                        "{" + META + ",'spec':{'nodeName':'n1'," + ONE + "},'status':{'phase':'Pending',"
                                + "'containerStatuses':[{'name':'app','ready':false,'restartCount':0,'state':"
                                + "{'waiting':{'reason':'ImagePullBackOff'}}}]}}",
                        row("0/1", "ImagePullBackOff", "0", "<none>", "n1")),
                Arguments.of("a crash-looping container shows CrashLoopBackOff and 5 (30s ago) restarts",
                        "{" + META + ",'spec':{'nodeName':'n1'," + ONE + "},'status':{'phase':'Running',"
                                + "'podIP':'10.244.1.9','containerStatuses':[{'name':'app','ready':false,"
                                + "'restartCount':5,'state':{'waiting':{'reason':'CrashLoopBackOff'}},'lastState':"
                                + "{'terminated':{'exitCode':1,'reason':'Error','finishedAt':'2025-06-01T11:59:30Z'}}}]}}",
                        row("0/1", "CrashLoopBackOff", "5 (30s ago)", "10.244.1.9", "n1")),
                Arguments.of("a container killed for memory shows OOMKilled",
                        "{" + META + ",'spec':{'nodeName':'n1'," + ONE + "},'status':{'phase':'Running',"
                                + "'podIP':'10.244.1.10','containerStatuses':[{'name':'app','ready':false,"
                                + "'restartCount':1,'state':{'terminated':{'exitCode':137,'reason':'OOMKilled'}},"
                                + "'lastState':{'terminated':{'exitCode':137,'reason':'OOMKilled',"
                                + "'finishedAt':'2025-06-01T11:57:00Z'}}}]}}",
                        row("0/1", "OOMKilled", "1 (3m ago)", "10.244.1.10", "n1")),
                Arguments.of("a pod whose containers exited successfully is Completed",
                        "{" + META + ",'spec':{'nodeName':'n1'," + ONE + "},'status':{'phase':'Succeeded',"
                                + "'podIP':'10.244.1.11','containerStatuses':[{'name':'app','ready':false,"
                                + "'restartCount':0," + DONE + "}]}}",
                        row("0/1", "Completed", "0", "10.244.1.11", "n1").withConditions(List.of(
                                Row.RowCondition.completed("Succeeded", "The pod has completed successfully.")))),
                Arguments.of("a pod whose container failed shows Error",
                        "{" + META + ",'spec':{'nodeName':'n1'," + ONE + "},'status':{'phase':'Failed',"
                                + "'containerStatuses':[{'name':'app','ready':false,'restartCount':0,'state':"
                                + "{'terminated':{'exitCode':1,'reason':'Error'}}}]}}",
                        row("0/1", "Error", "0", "<none>", "n1").withConditions(List.of(
                                Row.RowCondition.completed("Failed", "The pod failed.")))),
                Arguments.of("a container that exited without a reason shows its exit code",
                        "{" + META + ",'spec':{'nodeName':'n1'," + ONE + "},'status':{'phase':'Running',"
                                + "'containerStatuses':[{'name':'app','ready':false,'restartCount':0,'state':"
                                + "{'terminated':{'exitCode':2}}}]}}",
                        row("0/1", "ExitCode:2", "0", "<none>", "n1")),
                Arguments.of("a running pod being deleted shows Terminating",
                        "{'metadata':{'name':'p','creationTimestamp':'2025-06-01T11:59:15Z',"
                                + "'deletionTimestamp':'2025-06-01T12:00:30Z'},'spec':{'nodeName':'n1'," + ONE + "},"
                                + "'status':{'phase':'Running','podIP':'10.244.1.12','containerStatuses':[{'name':"
                                + "'app','ready':true,'restartCount':0,'state':{'running':{}}}]}}",
                        row("1/1", "Terminating", "0", "10.244.1.12", "n1")),
                Arguments.of("a completed pod being deleted keeps showing Completed",
                        "{'metadata':{'name':'p','creationTimestamp':'2025-06-01T11:59:15Z',"
                                + "'deletionTimestamp':'2025-06-01T12:00:30Z'},'spec':{'nodeName':'n1'," + ONE + "},"
                                + "'status':{'phase':'Succeeded','containerStatuses':[{'name':'app','ready':false,"
                                + "'restartCount':0," + DONE + "}]}}",
                        row("0/1", "Completed", "0", "<none>", "n1").withConditions(List.of(
                                Row.RowCondition.completed("Succeeded", "The pod has completed successfully.")))),
                Arguments.of("a pod of a lost node being deleted shows Unknown",
                        "{'metadata':{'name':'p','creationTimestamp':'2025-06-01T11:59:15Z',"
                                + "'deletionTimestamp':'2025-06-01T11:59:50Z'},'spec':{'nodeName':'n1'," + ONE + "},"
                                + "'status':{'phase':'Running','reason':'NodeLost','podIP':'10.244.1.13',"
                                + "'containerStatuses':[{'name':'app','ready':true,'restartCount':0,'state':"
                                + "{'running':{}}}]}}",
                        row("1/1", "Unknown", "0", "10.244.1.13", "n1")),
                Arguments.of("a pod held by a scheduling gate shows SchedulingGated",
                        "{" + META + ",'spec':{" + ONE + ",'schedulingGates':[{'name':'example.com/quota'}]},"
                                + "'status':{'phase':'Pending','conditions':[{'type':'PodScheduled','status':'False',"
                                + "'reason':'SchedulingGated'}]}}",
                        row("0/1", "SchedulingGated", "0", "<none>", "<none>")),
                Arguments.of("a started sidecar init container counts as a ready container",
                        "{" + META + ",'spec':{'nodeName':'n1','initContainers':[{'name':'proxy','image':'envoy',"
                                + "'restartPolicy':'Always'}]," + ONE + "},'status':{'phase':'Running',"
                                + "'podIP':'10.244.1.14','conditions':[{'type':'Initialized','status':'True'}],"
                                + "'initContainerStatuses':[{'name':'proxy','ready':true,'started':true,"
                                + "'restartCount':2,'state':{'running':{}},'lastState':{'terminated':{'exitCode':1,"
                                + "'finishedAt':'2025-06-01T11:59:45Z'}}}],'containerStatuses':[{'name':'app',"
                                + "'ready':true,'restartCount':0,'state':{'running':{}}}]}}",
                        row("2/2", "Running", "2 (15s ago)", "10.244.1.14", "n1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pods")
    void printsTheRowKubectlShows(String description, String pod, Row expected) {
        assertThat(new PodPrinter().row(json(pod), NOW)).isEqualTo(expected);
    }

    static Stream<Arguments> wideColumns() {
        return Stream.of(
                Arguments.of("the IP comes from podIPs when podIP is absent",
                        "{" + META + ",'spec':{'nodeName':'n2'," + ONE + "},'status':{'phase':'Running',"
                                + "'podIPs':[{'ip':'fd00::5'},{'ip':'10.0.0.5'}]}}",
                        List.of("fd00::5", "n2", "<none>", "<none>")),
                Arguments.of("a preempting pod shows its nominated node",
                        "{" + META + ",'spec':{" + ONE + "},'status':{'phase':'Pending',"
                                + "'nominatedNodeName':'n3'}}",
                        List.of("<none>", "<none>", "n3", "<none>")),
                Arguments.of("readiness gates count the gate conditions that are True",
                        "{" + META + ",'spec':{" + ONE + ",'readinessGates':[{'conditionType':'a/ready'},"
                                + "{'conditionType':'b/ready'}]},'status':{'phase':'Pending','conditions':["
                                + "{'type':'a/ready','status':'True'},{'type':'b/ready','status':'False'}]}}",
                        List.of("<none>", "<none>", "<none>", "1/2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wideColumns")
    void fillsTheWideColumns(String description, String pod, List<Object> expected) {
        assertThat(new PodPrinter().row(json(pod), NOW).cells().subList(5, 9)).isEqualTo(expected);
    }

    /** A row of pod {@code p}, created 45s before the test time. */
    private static Row row(String ready, String status, String restarts, String ip, String node) {
        return Row.of("p", ready, status, restarts, "45s", ip, node, "<none>", "<none>");
    }
}
