package io.kubesim.agent.node;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code /actuator/health}: UP once the cache has caught up with the cluster and every node of the nodes file is
 * registered (the launcher waits for it before it declares the cluster up).
 */
final class AgentHealth implements HealthIndicator {

    private final NodeRegistrar registrar;
    private final NodeDirectory directory;

    AgentHealth(NodeRegistrar registrar, NodeDirectory directory) {
        this.registrar = registrar;
        this.directory = directory;
    }

    @Override
    public Health health() {
        long registered = directory.all().stream().filter(SimulatedNode::isRegistered).count();
        Health.Builder b = registrar.ready() ? Health.up() : Health.down();
        return b.withDetail("cacheSynced", registrar.synced())
                .withDetail("configuredNodes", directory.configuredNames().size())
                .withDetail("registeredNodes", registered)
                .build();
    }
}
