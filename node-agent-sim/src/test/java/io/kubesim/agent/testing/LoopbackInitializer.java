package io.kubesim.agent.testing;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

import io.kubesim.model.clock.VirtualClock;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.CommandBus;

/**
 * Puts a {@link LoopbackCluster} in place of the control plane of an agent application started with
 * {@code kubesim.client.enabled=false}: it is the {@link CommandBus}, and its cache the {@link ClusterCache}. An
 * initializer rather than a configuration class, so that no component scan picks it up by accident.
 */
public final class LoopbackInitializer implements ApplicationContextInitializer<GenericApplicationContext> {

    private final boolean wire;
    private final boolean record;

    public LoopbackInitializer() {
        this(false, true);
    }

    /**
     * @param wire   whether commands and changes go through their JSON form ({@link LoopbackCluster})
     * @param record whether the commands sent are kept for assertions (not in benchmarks)
     */
    public LoopbackInitializer(boolean wire, boolean record) {
        this.wire = wire;
        this.record = record;
    }

    @Override
    public void initialize(GenericApplicationContext context) {
        context.registerBean(LoopbackCluster.class, () -> {
            LoopbackCluster cluster = new LoopbackCluster(context.getBean(VirtualClock.class), wire);
            if (!record) {
                cluster.stopRecording();
            }
            return cluster;
        });
        context.registerBean(ClusterCache.class, () -> context.getBean(LoopbackCluster.class).cache());
    }
}
