package io.kubesim.scheduler.framework;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;

/**
 * Node names grouped by zone, listed round-robin across zones so that the nodes a cycle examines first are spread
 * over zones (pkg/scheduler/backend/cache/node_tree.go, Kubernetes 1.32). Zones and the nodes within a zone keep
 * their insertion order.
 */
final class NodeTree {

    private final LinkedHashMap<String, List<String>> zones = new LinkedHashMap<>();
    private final Map<String, String> zoneOfNode = new HashMap<>();

    void add(Node node) {
        String name = node.getMetadata().getName();
        if (zoneOfNode.containsKey(name)) {
            return;
        }
        String zone = zoneKey(node);
        zones.computeIfAbsent(zone, z -> new ArrayList<>()).add(name);
        zoneOfNode.put(name, zone);
    }

    void remove(String name) {
        String zone = zoneOfNode.remove(name);
        if (zone == null) {
            return;
        }
        List<String> names = zones.get(zone);
        names.remove(name);
        if (names.isEmpty()) {
            zones.remove(zone);
        }
    }

    /** Moves the node if its zone changed; true if the order changed. */
    boolean update(Node oldNode, Node newNode) {
        String name = newNode.getMetadata().getName();
        String oldZone = zoneOfNode.get(name);
        if (oldZone != null && oldZone.equals(zoneKey(newNode))) {
            return false;
        }
        remove(oldNode == null ? name : oldNode.getMetadata().getName());
        add(newNode);
        return true;
    }

    int size() {
        return zoneOfNode.size();
    }

    /** All node names, one from each zone in turn. */
    List<String> list() {
        List<String> out = new ArrayList<>(zoneOfNode.size());
        List<List<String>> perZone = new ArrayList<>(zones.values());
        for (int i = 0; out.size() < zoneOfNode.size(); i++) {
            for (List<String> names : perZone) {
                if (i < names.size()) {
                    out.add(names.get(i));
                }
            }
        }
        return out;
    }

    /**
     * region + ":\0:" + zone from the topology (or deprecated failure-domain) labels; empty when the node has
     * neither (pkg/util/node {@code GetZoneKey}).
     */
    static String zoneKey(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        if (labels == null) {
            return "";
        }
        String zone = labels.get("topology.kubernetes.io/zone");
        if (zone == null) {
            zone = labels.get("failure-domain.beta.kubernetes.io/zone");
        }
        String region = labels.get("topology.kubernetes.io/region");
        if (region == null) {
            region = labels.get("failure-domain.beta.kubernetes.io/region");
        }
        if (zone == null && region == null) {
            return "";
        }
        return (region == null ? "" : region) + ":\0:" + (zone == null ? "" : zone);
    }
}
