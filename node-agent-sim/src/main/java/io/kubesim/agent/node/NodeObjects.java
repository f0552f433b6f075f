package io.kubesim.agent.node;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Quantity;

import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.json.KubeJson;

/**
 * The Node and Lease objects a kubelet writes: the initial Node of registration (pkg/kubelet/kubelet_node_status.go
 * initialNode: well-known labels, taints, {@code --node-labels}), its status (pkg/kubelet/nodestatus/setters.go:
 * addresses, capacity/allocatable, nodeInfo, images, daemon endpoints, the memory/disk/PID pressure and Ready
 * conditions) and the node Lease (pkg/kubelet/nodelease, component-helpers/apimachinery/lease).
 */
final class NodeObjects {

    static final String AGENT_ENDPOINT = "kubesim.io/agent-endpoint";
    static final String SIMULATED = "kubesim.io/simulated";
    static final String LEASE_NAMESPACE = "kube-node-lease";

    /** One node condition the kubelet owns, with its healthy reason and message (setters.go). */
    private record Healthy(String type, String status, String reason, String message) {
    }

    private static final Healthy[] CONDITIONS = {
        new Healthy("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        new Healthy("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        new Healthy("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        new Healthy("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
    };

    private NodeObjects() {
    }

    /** The labels the kubelet sets on its Node (well_known_labels.go), then the node's extra labels. */
    static Map<String, String> labels(SimulatedNode node) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("beta.kubernetes.io/arch", node.architecture());
        l.put("beta.kubernetes.io/os", node.os());
        l.put("kubernetes.io/arch", node.architecture());
        l.put("kubernetes.io/hostname", node.name());
        l.put("kubernetes.io/os", node.os());
        if ("windows".equals(node.os())) {
            l.put("node.kubernetes.io/windows-build", SimulatedNode.WINDOWS_BUILD);
        }
        if (node.zone() != null && !node.zone().isEmpty()) {
            l.put("topology.kubernetes.io/zone", node.zone());
        }
        l.putAll(node.extraLabels());
        return l;
    }

    /** The Node a kubelet registers. */
    static ObjectNode newNode(SimulatedNode node, String endpoint, Instant now) {
        ObjectNode n = KubeJson.json().createObjectNode();
        n.put("apiVersion", "v1");
        n.put("kind", "Node");
        ObjectNode meta = n.putObject("metadata");
        meta.put("name", node.name());
        ObjectNode labels = meta.putObject("labels");
        labels(node).forEach(labels::put);
        ObjectNode annotations = meta.putObject("annotations");
        annotations.put(AGENT_ENDPOINT, endpoint);
        annotations.put(SIMULATED, "true");
        annotations.put("volumes.kubernetes.io/controller-managed-attach-detach", "true");
        ObjectNode spec = n.putObject("spec");
        spec.put("podCIDR", node.podCidr());
        spec.putArray("podCIDRs").add(node.podCidr());
        if (!node.taints().isEmpty()) {
            ArrayNode taints = spec.putArray("taints");
            for (String t : node.taints()) {
                taints.add(taint(t));
            }
        }
        n.set("status", status(node, null, now));
        return n;
    }

    /** A taint written {@code key[=value]:Effect}. */
    static ObjectNode taint(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a taint is key[=value]:Effect, was " + text);
        }
        String effect = text.substring(colon + 1);
        if (!effect.equals("NoSchedule") && !effect.equals("PreferNoSchedule") && !effect.equals("NoExecute")) {
            throw new IllegalArgumentException("taint effect must be NoSchedule, PreferNoSchedule or NoExecute, was "
                    + effect);
        }
        String kv = text.substring(0, colon);
        int eq = kv.indexOf('=');
        ObjectNode t = KubeJson.json().createObjectNode();
        t.put("key", eq < 0 ? kv : kv.substring(0, eq));
        if (eq >= 0) {
            t.put("value", kv.substring(eq + 1));
        }
        t.put("effect", effect);
        return t;
    }

    /**
     * The node status at {@code now}. {@code previous} is the status stored now (null at registration): its
     * conditions keep their transition times, and conditions the kubelet does not own stay.
     */
    static ObjectNode status(SimulatedNode node, JsonNode previous, Instant now) {
        ObjectNode s = KubeJson.json().createObjectNode();
        ObjectNode capacity = s.putObject("capacity");
        ObjectNode allocatable = s.putObject("allocatable");
        for (Map.Entry<String, Quantity> r : node.capacity().entrySet()) {
            capacity.put(r.getKey(), r.getValue().toString());
        }
        for (Map.Entry<String, Quantity> r : node.allocatable().entrySet()) {
            allocatable.put(r.getKey(), r.getValue().toString());
        }
        if ("linux".equals(node.os())) {
            for (String huge : new String[] {"hugepages-1Gi", "hugepages-2Mi"}) {
                capacity.put(huge, "0");
                allocatable.put(huge, "0");
            }
        }
        ArrayNode conditions = s.putArray("conditions");
        String time = KubeTime.time(now);
        if (previous != null) {
            for (JsonNode c : previous.path("conditions")) {
                if (!owned(c.path("type").asString(""))) {
                    conditions.add(c.deepCopy());
                }
            }
        }
        for (Healthy h : CONDITIONS) {
            ObjectNode c = conditions.addObject();
            c.put("type", h.type());
            c.put("status", h.status());
            c.put("lastHeartbeatTime", time);
            c.put("lastTransitionTime", transitionTime(previous, h, time));
            c.put("reason", h.reason());
            c.put("message", h.message());
        }
        ArrayNode addresses = s.putArray("addresses");
        addresses.addObject().put("type", "InternalIP").put("address", node.internalIp());
        addresses.addObject().put("type", "Hostname").put("address", node.name());
        s.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", SimulatedNode.KUBELET_PORT);
        ObjectNode info = s.putObject("nodeInfo");
        info.put("machineID", node.machineId());
        info.put("systemUUID", node.systemUuid());
        info.put("bootID", node.bootId());
        info.put("kernelVersion", node.kernelVersion());
        info.put("osImage", node.osImage());
        info.put("containerRuntimeVersion", SimulatedNode.CONTAINER_RUNTIME_VERSION);
        info.put("kubeletVersion", SimulatedNode.KUBELET_VERSION);
        info.put("kubeProxyVersion", SimulatedNode.KUBELET_VERSION);
        info.put("operatingSystem", node.os());
        info.put("architecture", node.architecture());
        s.set("images", node.images().toStatus());
        return s;
    }

    private static boolean owned(String type) {
        for (Healthy h : CONDITIONS) {
            if (h.type().equals(type)) {
                return true;
            }
        }
        return false;
    }

    private static String transitionTime(JsonNode previous, Healthy h, String now) {
        if (previous == null) {
            return now;
        }
        for (JsonNode c : previous.path("conditions")) {
            if (h.type().equals(c.path("type").asString("")) && h.status().equals(c.path("status").asString(""))) {
                String t = c.path("lastTransitionTime").asString("");
                return t.isEmpty() ? now : t;
            }
        }
        return now;
    }

    /** The node's Lease, owned by its Node. */
    static ObjectNode lease(SimulatedNode node, int durationSeconds, Instant now) {
        ObjectNode l = KubeJson.json().createObjectNode();
        l.put("apiVersion", "coordination.k8s.io/v1");
        l.put("kind", "Lease");
        ObjectNode meta = l.putObject("metadata");
        meta.put("name", node.name());
        meta.put("namespace", LEASE_NAMESPACE);
        if (node.uid() != null) {
            meta.putArray("ownerReferences").addObject()
                    .put("apiVersion", "v1")
                    .put("kind", "Node")
                    .put("name", node.name())
                    .put("uid", node.uid());
        }
        ObjectNode spec = l.putObject("spec");
        spec.put("holderIdentity", node.name());
        spec.put("leaseDurationSeconds", durationSeconds);
        spec.put("renewTime", KubeTime.microTime(now));
        return l;
    }

    /** The merge patch of a renewal. */
    static String renewal(Instant now) {
        return "{\"spec\":{\"renewTime\":\"" + KubeTime.microTime(now) + "\"}}";
    }
}
