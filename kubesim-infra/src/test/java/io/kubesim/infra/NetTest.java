package io.kubesim.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kubesim.infra.cluster.Ports;

class NetTest {

    @Test
    void freePortsAreConsecutiveBindableAndOutsideTheKernelsEphemeralRange() throws Exception {
        String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim().split("\\s+");
        int ephemeralLow = Integer.parseInt(range[0]);
        int ephemeralHigh = Integer.parseInt(range[1]);

        for (int i = 0; i < 50; i++) {
            int base = Net.freePorts(4, Set.of());
            for (int port = base; port < base + 4; port++) {
                assertThat(port < ephemeralLow || port > ephemeralHigh).as("port %d outside %d-%d", port, ephemeralLow, ephemeralHigh).isTrue();
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress(InetAddress.getByName(Net.LOOPBACK), port));
                }
            }
        }
    }

    @Test
    void aPortThatIsInUseOrTakenIsNeverHandedOut() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getByName(Net.LOOPBACK), Net.freePort()));
            Set<Integer> taken = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                int port = Net.freePorts(1, taken);
                assertThat(port).isNotEqualTo(busy.getLocalPort());
                assertThat(taken.add(port)).as("handed out twice: %d", port).isTrue();
            }
        }
    }

    @Test
    void aFreeClusterLayoutUsesDistinctPortsWithRoomForEveryNodeAgent() {
        Ports p = Ports.free();
        Set<Integer> all = new HashSet<>(Set.of(p.gateway(), p.gatewayManagement(), p.stateService(), p.scheduler(),
                p.controllerManager(), p.kafka(), p.kafkaController(), p.postgres()));
        assertThat(all).hasSize(8);
        for (int agent = p.agentBase(); agent < p.agentBase() + 16; agent++) {
            assertThat(all).doesNotContain(agent);
        }
    }
}
