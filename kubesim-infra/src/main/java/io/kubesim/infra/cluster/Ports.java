package io.kubesim.infra.cluster;

import java.util.HashSet;
import java.util.Set;

import io.kubesim.infra.Net;

/**
 * The loopback ports of one cluster. Defaults: gateway 6443 (HTTPS, what kubeconfigs point at), Kafka 19092 (+
 * controller 19093), PostgreSQL 15432, state-service 18080, gateway management 18081, scheduler 18082,
 * controller-manager 18083, node agents from 18090 up. Every one can be changed (flags or KUBESIM_* variables).
 */
public record Ports(int gateway, int gatewayManagement, int stateService, int scheduler, int controllerManager,
        int agentBase, int kafka, int kafkaController, int postgres) {

    public static Ports defaults() {
        return new Ports(6443, 18081, 18080, 18082, 18083, 18090, 19092, 19093, 15432);
    }

    public Ports {
        for (int p : new int[] {gateway, gatewayManagement, stateService, scheduler, controllerManager, agentBase, kafka,
                kafkaController, postgres}) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("not a port: " + p);
            }
        }
    }

    /** How many node-agent ports {@link #free()} keeps free from {@code agentBase} up. */
    static final int AGENT_PORTS = 16;

    /**
     * The same layout on ports that are free now, all distinct and outside the kernel's ephemeral range (for tests
     * that run beside a user's cluster; see {@link Net#freePorts(int, Set)}).
     */
    public static Ports free() {
        Set<Integer> taken = new HashSet<>();
        int agents = Net.freePorts(AGENT_PORTS, taken);
        for (int i = 0; i < AGENT_PORTS; i++) {
            taken.add(agents + i);
        }
        int[] single = new int[8];
        for (int i = 0; i < single.length; i++) {
            single[i] = Net.freePorts(1, taken);
            taken.add(single[i]);
        }
        return new Ports(single[0], single[1], single[2], single[3], single[4], agents, single[5], single[6],
                single[7]);
    }
}
