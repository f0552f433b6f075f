package io.kubesim.infra.cluster;

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

    /** The same layout shifted to free ports (for tests that run beside a user's cluster). */
    public static Ports free() {
        int agents = io.kubesim.infra.Net.freePort();
        return new Ports(io.kubesim.infra.Net.freePort(), io.kubesim.infra.Net.freePort(),
                io.kubesim.infra.Net.freePort(), io.kubesim.infra.Net.freePort(), io.kubesim.infra.Net.freePort(),
                agents < 60000 ? agents : 41000, io.kubesim.infra.Net.freePort(), io.kubesim.infra.Net.freePort(),
                io.kubesim.infra.Net.freePort());
    }
}
