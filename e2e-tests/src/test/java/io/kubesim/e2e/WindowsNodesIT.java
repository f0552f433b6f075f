package io.kubesim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Windows nodes: a Windows Server 2022 node created through the API is adopted by the windows-amd64 node agent and
 * runs the Windows-only Server Core image; the same image on a Linux node, and nginx on the Windows node, fail to
 * pull with the registry's "no match for platform" and stay Pending. The node is tainted os=windows:NoSchedule so
 * no other test's pods land on it, and deleted afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WindowsNodesIT {

    private static final Scenario S = new Scenario("windows");
    private static final String SERVERCORE = "mcr.microsoft.com/windows/servercore:ltsc2022";

    @BeforeAll
    static void setUp() {
        S.createNamespace();
    }

    @AfterAll
    static void tearDown() {
        S.deleteNamespace();
        S.k("delete", "node", "win-w1", "--wait=false");
    }

    private static String noPlatformPull(String image) {
        return "rpc error: code = NotFound desc = failed to pull and unpack image \"" + image
                + "\": no match for platform in manifest: not found";
    }

    /** The messages of the kubelet's "Failed" events of one pod. */
    private static java.util.List<String> failedEvents(String pod) {
        return S.kn("get", "events", "--field-selector", "involvedObject.name=" + pod + ",reason=Failed", "-o",
                "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}").assertOk().out().lines().toList();
    }

    @Test
    @Order(1)
    void aWindowsNodeCreatedThroughTheApiBecomesReadyAndShowsItsWindowsOsImage() {
        S.k("apply", "-f", Scenario.example("windows/windows-node.yaml").toString()).assertOk();

        S.awaitNodesReady(Set.of("win-w1"));

        String[] wide = S.k("get", "node", "win-w1", "-o", "wide").assertOk().out().split("\n");
        int osImage = wide[0].indexOf("OS-IMAGE");
        int kernel = wide[0].indexOf("KERNEL-VERSION");
        int runtime = wide[0].indexOf("CONTAINER-RUNTIME");
        assertThat(wide[1].substring(0, wide[1].indexOf(' '))).isEqualTo("win-w1");
        assertThat(wide[1].substring(osImage, kernel).strip()).isEqualTo("Windows Server 2022 Datacenter");
        assertThat(wide[1].substring(kernel, runtime).strip()).isEqualTo("10.0.20348.2762");
        assertThat(S.k("get", "node", "win-w1", "-o",
                "jsonpath={.metadata.labels.kubernetes\\.io/os} {.status.nodeInfo.operatingSystem} "
                        + "{.status.nodeInfo.architecture} {.spec.taints[0].key}={.spec.taints[0].value}:"
                        + "{.spec.taints[0].effect}").assertOk().out())
                .isEqualTo("windows windows amd64 os=windows:NoSchedule");
    }

    @Test
    @Order(2)
    void serverCoreWithTheWindowsSelectorAndTolerationRunsOnTheWindowsNode() {
        S.apply("windows/servercore.yaml");

        S.awaitPodStatus("servercore", "Running");
        assertThat(S.kn("get", "pod", "servercore", "-o",
                "jsonpath={.spec.nodeName} {.status.containerStatuses[0].image} {.status.containerStatuses[0].ready}")
                .assertOk().out()).isEqualTo("win-w1 " + SERVERCORE + " true");
    }

    @Test
    @Order(3)
    void serverCoreOnALinuxNodeFailsToPullForThePlatformAndStaysPending() {
        S.apply("windows/servercore-on-linux.yaml");

        S.awaitPodStatus("servercore-on-linux", "ImagePullBackOff");

        String node = S.kn("get", "pod", "servercore-on-linux", "-o", "jsonpath={.spec.nodeName}").out();
        assertThat(S.k("get", "node", node, "-o", "jsonpath={.metadata.labels.kubernetes\\.io/os}").out())
                .isEqualTo("linux");
        assertThat(failedEvents("servercore-on-linux")).contains(
                "Failed to pull image \"" + SERVERCORE + "\": " + noPlatformPull(SERVERCORE));
        assertThat(S.kn("describe", "pod", "servercore-on-linux").assertOk().out())
                .contains("Back-off pulling image \"" + SERVERCORE + "\"");
        assertThat(S.kn("get", "pod", "servercore-on-linux", "-o", "jsonpath={.status.phase}").out())
                .isEqualTo("Pending");
    }

    @Test
    @Order(4)
    void nginxOnTheWindowsNodeFailsToPullTheSameWay() {
        S.apply("windows/nginx-on-windows.yaml");

        S.awaitPodStatus("nginx-on-windows", "ImagePullBackOff");

        assertThat(S.kn("get", "pod", "nginx-on-windows", "-o", "jsonpath={.spec.nodeName} {.status.phase}").out())
                .isEqualTo("win-w1 Pending");
        assertThat(failedEvents("nginx-on-windows")).contains(
                "Failed to pull image \"nginx\": " + noPlatformPull("docker.io/library/nginx:latest"));
        assertThat(S.podStatus("servercore")).isEqualTo("Running");
    }
}
