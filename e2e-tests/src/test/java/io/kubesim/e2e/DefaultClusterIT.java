package io.kubesim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.kubesim.infra.cluster.ClusterConfig;
import io.kubesim.infra.cluster.Ports;
import io.kubesim.testsupport.Kubectl;

/** What `./kubesim up` promises: the default heterogeneous cluster, Ready, seen through kubectl. */
class DefaultClusterIT {

    private final E2eCluster cluster = E2eCluster.shared();

    /**
     * Every port of the cluster listens on loopback only (README: "Default ports (loopback only)"): state-service
     * answers import and verify without authentication, and --insecure-http makes a request without a token the
     * admin. From any other address of this machine each port is closed.
     */
    @Test
    void everyPortOfTheClusterIsOpenOnLoopbackAndClosedOnEveryOtherAddress() throws Exception {
        ClusterConfig config = cluster.launcher().config();
        Ports p = config.ports();
        // this cluster's Kafka and PostgreSQL are the build's (TestInfra, started like ./kubesim up starts them)
        URI postgres = URI.create(config.jdbcUrl().substring("jdbc:".length()));
        Map<String, Integer> ports = new TreeMap<>(Map.of("gateway", p.gateway(), "gateway management",
                p.gatewayManagement(), "state-service", p.stateService(), "scheduler", p.scheduler(),
                "controller-manager", p.controllerManager(), "first node agent", p.agentBase(),
                "kafka", Integer.parseInt(config.bootstrapServers().substring(config.bootstrapServers()
                        .lastIndexOf(':') + 1)), "postgres", postgres.getPort()));
        List<InetAddress> others = new ArrayList<>();
        for (NetworkInterface i : NetworkInterface.networkInterfaces().toList()) {
            if (i.isUp()) {
                i.inetAddresses().filter(a -> !a.isLoopbackAddress()).forEach(others::add);
            }
        }
        Assumptions.assumeFalse(others.isEmpty(), "this machine has no address but loopback");

        Map<String, String> open = new TreeMap<>();
        ports.forEach((name, port) -> {
            List<String> reached = new ArrayList<>();
            for (InetAddress a : others) {
                if (connects(a, port)) {
                    reached.add(a.getHostAddress());
                }
            }
            open.put(name, (connects(InetAddress.getLoopbackAddress(), port) ? "loopback" : "not on loopback")
                    + (reached.isEmpty() ? "" : ", also " + reached));
        });

        Map<String, String> expected = new TreeMap<>();
        ports.keySet().forEach(name -> expected.put(name, "loopback"));
        assertThat(open).isEqualTo(expected);
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void theDefaultClusterHasAnAmd64ControlPlaneAndAmd64Arm64Ppc64leWorkers() {
        Kubectl kubectl = cluster.kubectl();
        E2eCluster.await("5 Ready nodes", Duration.ofSeconds(60),
                () -> kubectl.run("get", "nodes", "--no-headers").out().lines()
                        .filter(l -> l.split("\\s+")[1].equals("Ready")).count() == 5,
                () -> kubectl.run("get", "nodes").out());

        List<String> rows = kubectl.run("get", "nodes", "-L", "kubernetes.io/arch", "--no-headers").assertOk().out()
                .lines().map(l -> {
                    String[] c = l.split("\\s+");
                    return c[0] + " " + c[1] + " " + c[2] + " " + c[5];
                }).toList();

        assertThat(rows).isEqualTo(List.of(
                "amd64-w1 Ready <none> amd64",
                "amd64-w2 Ready <none> amd64",
                "arm64-w1 Ready <none> arm64",
                "master Ready control-plane amd64",
                "ppc64le-w1 Ready <none> ppc64le"));
        assertThat(kubectl.run("get", "node", "master", "-o", "jsonpath={.spec.taints[*].key}").assertOk().out())
                .isEqualTo("node-role.kubernetes.io/control-plane");
        String wide = kubectl.run("get", "node", "ppc64le-w1", "-o", "wide", "--no-headers").assertOk().out();
        assertThat(Arrays.asList(wide.trim().split("\\s{2,}"))).contains("Red Hat Enterprise Linux 8.1 (Ootpa)");
    }
}
