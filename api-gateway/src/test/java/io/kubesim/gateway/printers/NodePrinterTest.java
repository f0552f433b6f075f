package io.kubesim.gateway.printers;

import static io.kubesim.gateway.printers.Fixtures.NOW;
import static io.kubesim.gateway.printers.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole node rows (NAME, STATUS, ROLES, AGE, VERSION and the five wide columns) at 12:00:00. */
class NodePrinterTest {

    private static final String INFO = "'addresses':[{'type':'Hostname','address':'n1'},{'type':'InternalIP',"
            + "'address':'10.0.0.11'}],'nodeInfo':{'kubeletVersion':'v1.32.4','osImage':'Ubuntu 24.04 LTS',"
            + "'kernelVersion':'6.8.0-45-generic','containerRuntimeVersion':'containerd://1.7.24'}";

    static Stream<Arguments> nodes() {
        return Stream.of(
                Arguments.of("a node whose Ready condition is True is Ready",
                        node("", "", "[{'type':'MemoryPressure','status':'False'},{'type':'Ready','status':'True'}]"),
                        row("Ready", "<none>")),
                Arguments.of("a node whose Ready condition is False is NotReady",
                        node("", "", "[{'type':'Ready','status':'False','reason':'KubeletNotReady'}]"),
                        row("NotReady", "<none>")),
                Arguments.of("a node that stopped reporting (Ready Unknown) is NotReady",
                        node("", "", "[{'type':'Ready','status':'Unknown','reason':'NodeStatusUnknown'}]"),
                        row("NotReady", "<none>")),
                Arguments.of("a node without a Ready condition is Unknown",
                        node("", "", "[]"),
                        row("Unknown", "<none>")),
                Arguments.of("a cordoned ready node is Ready,SchedulingDisabled",
                        node("", "'unschedulable':true", "[{'type':'Ready','status':'True'}]"),
                        row("Ready,SchedulingDisabled", "<none>")),
                Arguments.of("a cordoned node without conditions is Unknown,SchedulingDisabled",
                        node("", "'unschedulable':true", "[]"),
                        row("Unknown,SchedulingDisabled", "<none>")),
                Arguments.of("a control-plane node shows the control-plane role",
                        node("'node-role.kubernetes.io/control-plane':'','kubernetes.io/arch':'amd64'", "",
                                "[{'type':'Ready','status':'True'}]"),
                        row("Ready", "control-plane")),
                Arguments.of("roles from node-role labels and kubernetes.io/role are sorted and joined",
                        node("'node-role.kubernetes.io/worker':'','kubernetes.io/role':'edge',"
                                + "'node-role.kubernetes.io/control-plane':''", "", "[{'type':'Ready','status':'True'}]"),
                        row("Ready", "control-plane,edge,worker")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodes")
    void printsTheRowKubectlShows(String description, String node, Row expected) {
        assertThat(new NodePrinter().row(json(node), NOW)).isEqualTo(expected);
    }

    @Test
    void aNodeWithoutNodeInfoShowsUnknownAndNone() {
        Row row = new NodePrinter().row(json("{'metadata':{'name':'bare'},'status':{}}"), NOW);

        assertThat(row).isEqualTo(Row.of("bare", "Unknown", "<none>", "<unknown>", "", "<none>", "<none>",
                "<unknown>", "<unknown>", "<unknown>"));
    }

    private static String node(String labels, String spec, String conditions) {
        return "{'metadata':{'name':'n1','creationTimestamp':'2025-05-30T09:00:00Z','labels':{" + labels + "}},"
                + "'spec':{" + spec + "},'status':{'conditions':" + conditions + "," + INFO + "}}";
    }

    private static Row row(String status, String roles) {
        return Row.of("n1", status, roles, "2d3h", "v1.32.4", "10.0.0.11", "<none>", "Ubuntu 24.04 LTS",
                "6.8.0-45-generic", "containerd://1.7.24");
    }
}
