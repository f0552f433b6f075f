package io.kubesim.agent.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Quantity;

import io.kubesim.model.cluster.NodeTemplate;

/**
 * Makes {@link SimulatedNode}s: from the templates of the nodes file, and from Nodes created through the API with
 * {@code kubesim.io/simulated: "true"}, whose resources come from the annotations {@code kubesim.io/cpu},
 * {@code kubesim.io/memory}, {@code kubesim.io/pods} and {@code kubesim.io/ephemeral-storage} (defaults 4, 8Gi, 110,
 * 100Gi), what it holds back from pods from {@code kubesim.io/reserved} ({@code cpu=500m,memory=1Gi}; allocatable is
 * capacity minus that), and zone from the {@code topology.kubernetes.io/zone} label.
 */
final class NodeFactory {

    static final String CPU = "kubesim.io/cpu";
    static final String MEMORY = "kubesim.io/memory";
    static final String PODS = "kubesim.io/pods";
    static final String EPHEMERAL_STORAGE = "kubesim.io/ephemeral-storage";
    /** What an API-created node holds back from pods, e.g. {@code cpu=500m,memory=1Gi}. */
    static final String RESERVED = "kubesim.io/reserved";
    static final int SLOTS = 10;

    private final String os;
    private final String architecture;
    private final int group;
    private int created;

    NodeFactory(String os, String architecture) {
        this.os = os;
        this.architecture = architecture;
        this.group = NodeAddressing.group(os, architecture);
    }

    int group() {
        return group;
    }

    /** The nodes of the templates, numbered in order. */
    List<SimulatedNode> fromTemplates(List<NodeTemplate> templates) {
        List<SimulatedNode> out = new ArrayList<>();
        for (NodeTemplate t : templates) {
            for (String name : t.names()) {
                int index = out.size();
                out.add(node(name, t.zone(), t.labels(), t.taints(), resources(t.cpu(), t.memory(), t.pods(),
                        t.ephemeralStorage(), t.extendedResources()), reserved(t.reserved()), t.pullBandwidth(), true,
                        NodeAddressing.internalIp(group, index), NodeAddressing.podCidr(group, index)));
            }
        }
        return out;
    }

    /** A node for an API-created Node, given the node number it gets if it has no pod CIDR yet. */
    SimulatedNode fromApi(JsonNode node, int freeIndex) {
        JsonNode meta = node.path("metadata");
        JsonNode a = meta.path("annotations");
        String zone = meta.path("labels").path("topology.kubernetes.io/zone").asString(null);
        Map<String, Quantity> resources = resources(a.path(CPU).asString("4"), a.path(MEMORY).asString("8Gi"),
                Integer.parseInt(a.path(PODS).asString("110")), a.path(EPHEMERAL_STORAGE).asString("100Gi"),
                Map.of());
        Map<String, String> reserved = new LinkedHashMap<>();
        for (String held : a.path(RESERVED).asString("").split(",")) {
            if (!held.isBlank()) {
                String[] kv = held.trim().split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException(RESERVED + ": expected name=quantity pairs, was " + held);
                }
                reserved.put(kv[0].trim(), kv[1].trim());
            }
        }
        return withExistingAddresses(node(meta.path("name").asString(), zone, Map.of(), List.of(), resources,
                reserved(reserved), 50.0, false, NodeAddressing.internalIp(group, freeIndex), NodeAddressing.podCidr(group, freeIndex)), node);
    }

    /** {@code node} with the pod CIDR and InternalIP the stored Node already has, if it has them. */
    SimulatedNode withExistingAddresses(SimulatedNode node, JsonNode stored) {
        String cidr = stored.path("spec").path("podCIDR").asString("");
        if (cidr.isEmpty() || cidr.equals(node.podCidr())) {
            return node;
        }
        String ip = node.internalIp();
        for (JsonNode addr : stored.path("status").path("addresses")) {
            if ("InternalIP".equals(addr.path("type").asString(""))) {
                ip = addr.path("address").asString(ip);
            }
        }
        int index = NodeAddressing.indexOfCidr(group, cidr);
        if (ip.equals(node.internalIp()) && index >= 0) {
            ip = NodeAddressing.internalIp(group, index);
        }
        return node(node.name(), node.zone(), node.extraLabels(), node.taints(), node.capacity(), node.reserved(),
                node.pullBandwidth(), node.configured(), ip, cidr);
    }

    /** The node number of a stored Node's pod CIDR in this agent's group, or -1. */
    int indexOf(JsonNode stored) {
        return NodeAddressing.indexOfCidr(group, stored.path("spec").path("podCIDR").asString(""));
    }

    private SimulatedNode node(String name, String zone, Map<String, String> labels, List<String> taints,
            Map<String, Quantity> resources, Map<String, Quantity> reserved, double bandwidth, boolean configured,
            String ip, String cidr) {
        for (String t : taints) {
            NodeObjects.taint(t);
        }
        return new SimulatedNode(name, os, architecture, zone, labels, taints, resources, reserved, bandwidth,
                configured, created++ % SLOTS, ip, cidr);
    }

    private static Map<String, Quantity> reserved(Map<String, String> reserved) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        reserved.forEach((name, amount) -> out.put(name, quantity(amount, "reserved " + name)));
        return out;
    }

    private static Map<String, Quantity> resources(String cpu, String memory, int pods, String ephemeral,
            Map<String, String> extended) {
        Map<String, Quantity> r = new LinkedHashMap<>();
        r.put("cpu", quantity(cpu, "cpu"));
        r.put("ephemeral-storage", quantity(ephemeral, "ephemeral-storage"));
        r.put("memory", quantity(memory, "memory"));
        r.put("pods", new Quantity(Integer.toString(pods)));
        extended.forEach((k, v) -> r.put(k, quantity(v, k)));
        return r;
    }

    private static Quantity quantity(String text, String what) {
        try {
            Quantity q = new Quantity(text);
            Quantity.getAmountInBytes(q);
            return q;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + ": not a quantity: " + text);
        }
    }
}
