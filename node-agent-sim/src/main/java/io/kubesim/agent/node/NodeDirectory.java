package io.kubesim.agent.node;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The nodes this agent simulates, by name. Lookups are safe from any thread (the cache's event thread asks whether a
 * pod's node is one of ours); nodes are added and removed on the agent loop, which also runs the listeners.
 */
public final class NodeDirectory {

    private final ConcurrentHashMap<String, SimulatedNode> nodes = new ConcurrentHashMap<>();
    private final List<String> configured;
    private final List<Consumer<SimulatedNode>> readyListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<SimulatedNode>> goneListeners = new CopyOnWriteArrayList<>();

    public NodeDirectory(List<SimulatedNode> configuredNodes) {
        List<String> names = new ArrayList<>();
        for (SimulatedNode n : configuredNodes) {
            nodes.put(n.name(), n);
            names.add(n.name());
        }
        this.configured = List.copyOf(names);
    }

    public Optional<SimulatedNode> get(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(nodes.get(name));
    }

    /** Whether {@code nodeName} is simulated by this agent. */
    public boolean owns(String nodeName) {
        return nodeName != null && nodes.containsKey(nodeName);
    }

    public Collection<SimulatedNode> all() {
        return nodes.values();
    }

    public int size() {
        return nodes.size();
    }

    /** Names of the nodes of the nodes file. */
    public List<String> configuredNames() {
        return configured;
    }

    /** Called when a node is registered, or connected again after a partition: its pods should be synced. */
    public void onReady(Consumer<SimulatedNode> listener) {
        readyListeners.add(listener);
    }

    /** Called when a node's Node object is gone: its pods are gone with it. */
    public void onGone(Consumer<SimulatedNode> listener) {
        goneListeners.add(listener);
    }

    void add(SimulatedNode node) {
        nodes.put(node.name(), node);
    }

    void remove(SimulatedNode node) {
        nodes.remove(node.name(), node);
        goneListeners.forEach(l -> l.accept(node));
    }

    void ready(SimulatedNode node) {
        readyListeners.forEach(l -> l.accept(node));
    }
}
