package io.kubesim.agent.node;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.agent.loop.AgentLoop;
import io.kubesim.model.command.Actors;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.PatchObject;
import io.kubesim.model.command.PatchType;
import io.kubesim.model.command.UpdateStatus;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.CommandBus;

/**
 * Node heartbeats, both kinds the kubelet sends: the node Lease renewed every {@code lease-renew-interval}
 * (pkg/kubelet/nodelease, component-helpers/apimachinery/lease/controller.go: renew interval = 0.25 x 40 s), and the
 * node status, posted when it changed or when {@code node-status-report-frequency} (5 min) has passed since the last
 * post (kubelet_node_status.go tryUpdateNodeStatus). One periodic task on the agent loop serves every node: the
 * nodes are spread over {@value NodeFactory#SLOTS} slots and each tick renews one slot's leases, so 5,000 nodes
 * make 500 renewals per second of virtual time in even batches rather than 5,000 timers.
 */
final class Heartbeats {

    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

    private final NodeDirectory directory;
    private final ClusterCache cache;
    private final CommandBus bus;
    private final AgentLoop loop;
    private final Duration renewInterval;
    private final int leaseDurationSeconds;
    private final Duration reportFrequency;
    private boolean started;
    private long ticks;

    Heartbeats(NodeDirectory directory, ClusterCache cache, CommandBus bus, AgentLoop loop, Duration renewInterval,
            int leaseDurationSeconds, Duration reportFrequency) {
        this.directory = directory;
        this.cache = cache;
        this.bus = bus;
        this.loop = loop;
        this.renewInterval = renewInterval;
        this.leaseDurationSeconds = leaseDurationSeconds;
        this.reportFrequency = reportFrequency;
    }

    void start() {
        if (!started) {
            started = true;
            loop.every(renewInterval.dividedBy(NodeFactory.SLOTS), this::tick);
        }
    }

    private void tick() {
        int slot = (int) (ticks++ % NodeFactory.SLOTS);
        Instant now = loop.now();
        for (SimulatedNode node : directory.all()) {
            if (node.slot() == slot) {
                beat(node, now);
            }
        }
    }

    /** Renews the lease and posts the status if due; nothing for stopped or partitioned nodes. */
    void beat(SimulatedNode node, Instant now) {
        if (!node.isRegistered() || node.heartbeat() != SimulatedNode.Heartbeat.RUNNING) {
            return;
        }
        renew(node, now);
        if (!node.statusInFlight() && node.statusDue(now, reportFrequency)) {
            postStatus(node, now);
        }
    }

    /** Creates the node's Lease, or renews it if it exists. */
    void ensureLease(SimulatedNode node) {
        if (cache.get(leaseRef(node)).isPresent()) {
            renew(node, loop.now());
        } else {
            createLease(node);
        }
    }

    private void renew(SimulatedNode node, Instant now) {
        String name = node.name();
        bus.submit(Actors.node(name), new PatchObject(leaseRef(node), null, PatchType.MERGE_PATCH,
                NodeObjects.renewal(now), false, WriteOptions.DEFAULT)).whenComplete((reply, error) -> {
                    if (reply != null && reply.code() == 404) {
                        loop.execute(() -> directory.get(name).filter(SimulatedNode::isRegistered)
                                .ifPresent(this::createLease));
                    } else if (reply != null && reply.succeeded()) {
                        loop.execute(() -> node.leaseRenewed(now));
                    }
                });
    }

    private void createLease(SimulatedNode node) {
        Instant now = loop.now();
        ObjectNode lease = NodeObjects.lease(node, leaseDurationSeconds, now);
        bus.submit(Actors.node(node.name()), new CreateObject(leaseRef(node), lease, WriteOptions.DEFAULT))
                .whenComplete((reply, error) -> {
                    if (reply != null && reply.succeeded()) {
                        loop.execute(() -> node.leaseRenewed(now));
                    } else if (reply != null && reply.code() == 409) {
                        loop.execute(() -> renew(node, loop.now()));
                    } else {
                        log.warn("could not create the lease of node {}: {}", node.name(),
                                error != null ? error.toString() : reply.status());
                    }
                });
    }

    /** Posts the node status now (the node changed, or came back). */
    void postStatus(SimulatedNode node, Instant now) {
        ObjectRef ref = Resources.NODES.ref(null, node.name());
        Optional<ClusterCache.Entry> stored = cache.get(ref);
        if (stored.isEmpty()) {
            return;
        }
        ObjectNode object = stored.get().json().deepCopy();
        object.set("status", NodeObjects.status(node, stored.get().json().path("status"), now));
        ((ObjectNode) object.path("metadata")).remove("resourceVersion");
        node.statusSent(now);
        bus.submit(Actors.node(node.name()), new UpdateStatus(ref, object, WriteOptions.DEFAULT))
                .whenComplete((reply, error) -> loop.execute(() -> {
                    boolean ok = reply != null && reply.succeeded();
                    if (!ok) {
                        log.debug("node status of {} not posted: {}", node.name(),
                                error != null ? error.toString() : reply.status());
                    }
                    node.statusAnswered(ok);
                }));
    }

    private static ObjectRef leaseRef(SimulatedNode node) {
        return Resources.LEASES.ref(NodeObjects.LEASE_NAMESPACE, node.name());
    }
}
