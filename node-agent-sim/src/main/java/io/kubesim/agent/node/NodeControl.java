package io.kubesim.agent.node;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.kubesim.agent.loop.AgentLoop;
import io.kubesim.model.clock.KubeTime;

/**
 * Failure injection on simulated nodes (used by the admin endpoint): stop a node's heartbeats (its Lease is no
 * longer renewed and its status no longer posted, so the node lifecycle controller marks it NotReady/Unknown after
 * its grace period and taints it), cut it off from the API entirely (partition: no heartbeats, no status writes, no
 * new pod specs; its pods keep running locally), and resume it (heartbeats at once, pods synced with the API again,
 * statuses held during the partition written).
 */
public final class NodeControl {

    /**
     * A node as the admin endpoint lists it.
     *
     * @param state            {@code Registering}, {@code Running}, {@code HeartbeatsStopped} or
     *                         {@code Partitioned}
     * @param lastLeaseRenewal virtual time of the last confirmed renewal, or null
     * @param lastStatusReport virtual time of the last node status post, or null
     */
    public record NodeView(String name, String os, String architecture, String state, boolean configured,
            String internalIP, String podCIDR, int images, String lastLeaseRenewal, String lastStatusReport) {
    }

    private final NodeDirectory directory;
    private final Heartbeats heartbeats;
    private final AgentLoop loop;

    NodeControl(NodeDirectory directory, Heartbeats heartbeats, AgentLoop loop) {
        this.directory = directory;
        this.heartbeats = heartbeats;
        this.loop = loop;
    }

    public List<NodeView> list() {
        return loop.call(() -> directory.all().stream().sorted(Comparator.comparing(SimulatedNode::name))
                .map(NodeControl::view).toList());
    }

    public Optional<NodeView> get(String name) {
        return loop.call(() -> directory.get(name).map(NodeControl::view));
    }

    public Optional<NodeView> stopHeartbeats(String name) {
        return change(name, SimulatedNode.Heartbeat.STOPPED);
    }

    public Optional<NodeView> partition(String name) {
        return change(name, SimulatedNode.Heartbeat.PARTITIONED);
    }

    public Optional<NodeView> resume(String name) {
        return change(name, SimulatedNode.Heartbeat.RUNNING);
    }

    private Optional<NodeView> change(String name, SimulatedNode.Heartbeat state) {
        return loop.call(() -> directory.get(name).map(node -> {
            SimulatedNode.Heartbeat before = node.heartbeat();
            node.heartbeat(state);
            if (state == SimulatedNode.Heartbeat.RUNNING && before != SimulatedNode.Heartbeat.RUNNING
                    && node.isRegistered()) {
                node.markStatusDirty();
                heartbeats.beat(node, loop.now());
                if (before == SimulatedNode.Heartbeat.PARTITIONED) {
                    directory.ready(node);
                }
            }
            return view(node);
        }));
    }

    private static NodeView view(SimulatedNode n) {
        String state = !n.isRegistered() ? "Registering" : switch (n.heartbeat()) {
            case RUNNING -> "Running";
            case STOPPED -> "HeartbeatsStopped";
            case PARTITIONED -> "Partitioned";
        };
        return new NodeView(n.name(), n.os(), n.architecture(), state, n.configured(), n.internalIp(), n.podCidr(),
                n.images().count(), n.lastLeaseRenewal() == null ? null : KubeTime.microTime(n.lastLeaseRenewal()),
                n.lastStatusReport() == null ? null : KubeTime.time(n.lastStatusReport()));
    }
}
