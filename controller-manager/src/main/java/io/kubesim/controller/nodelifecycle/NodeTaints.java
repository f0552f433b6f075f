package io.kubesim.controller.nodelifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.controller.framework.Json;
import io.kubesim.controller.framework.Taints;
import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.json.KubeJson;

/**
 * The taints the node lifecycle controller manages (pkg/controller/nodelifecycle/node_lifecycle_controller.go):
 * NoSchedule taints mirroring node conditions and {@code spec.unschedulable} ({@code doNoScheduleTaintingPass},
 * TaintNodesByCondition) and the mutually exclusive not-ready / unreachable NoExecute taints.
 */
final class NodeTaints {

    /** {@code nodeConditionToTaintKeyStatusMap}: condition type → status → NoSchedule taint key. */
    static final Map<String, Map<String, String>> CONDITION_TO_TAINT = Map.of(
            "Ready", Map.of("False", Taints.NOT_READY, "Unknown", Taints.UNREACHABLE),
            "MemoryPressure", Map.of("True", Taints.MEMORY_PRESSURE),
            "DiskPressure", Map.of("True", Taints.DISK_PRESSURE),
            "NetworkUnavailable", Map.of("True", Taints.NETWORK_UNAVAILABLE),
            "PIDPressure", Map.of("True", Taints.PID_PRESSURE));

    /** {@code taintKeyToNodeConditionMap}'s keys: the NoSchedule taint keys that mirror a condition. */
    static final Set<String> CONDITION_TAINT_KEYS = Set.of(Taints.NOT_READY, Taints.UNREACHABLE,
            Taints.MEMORY_PRESSURE, Taints.DISK_PRESSURE, Taints.NETWORK_UNAVAILABLE, Taints.PID_PRESSURE);

    private NodeTaints() {
    }

    /** The NoSchedule taint keys a node should carry for its conditions and {@code spec.unschedulable}. */
    static List<String> desiredNoScheduleKeys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        for (JsonNode c : node.path("status").path("conditions")) {
            Map<String, String> byStatus = CONDITION_TO_TAINT.get(c.path("type").asString(""));
            if (byStatus != null) {
                String key = byStatus.get(c.path("status").asString(""));
                if (key != null && !keys.contains(key)) {
                    keys.add(key);
                }
            }
        }
        if (node.path("spec").path("unschedulable").asBoolean(false)) {
            keys.add(Taints.UNSCHEDULABLE);
        }
        return keys;
    }

    /** The controller-managed NoSchedule taint keys a node carries now. */
    static List<String> currentNoScheduleKeys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        for (JsonNode t : node.path("spec").path("taints")) {
            String key = t.path("key").asString("");
            if (Taints.NO_SCHEDULE.equals(t.path("effect").asString(""))
                    && (Taints.UNSCHEDULABLE.equals(key) || CONDITION_TAINT_KEYS.contains(key))) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** A taint added by the controller: key, effect and {@code timeAdded}. */
    record TaintSpec(String key, String effect) {
    }

    /**
     * {@code SwapNodeControllerTaint} as a new taint list: {@code remove} taints (matched by key and effect) are
     * dropped, {@code add} taints appended with {@code timeAdded} unless one with the same key and effect is there.
     * Returns null when nothing changes.
     */
    static ArrayNode swap(JsonNode node, List<TaintSpec> add, List<TaintSpec> remove, Instant now) {
        ArrayNode result = KubeJson.json().createArrayNode();
        Map<String, JsonNode> present = new LinkedHashMap<>();
        boolean changed = false;
        for (JsonNode t : node.path("spec").path("taints")) {
            TaintSpec spec = new TaintSpec(t.path("key").asString(""), t.path("effect").asString(""));
            if (remove.contains(spec)) {
                changed = true;
                continue;
            }
            present.put(spec.key() + "\u0000" + spec.effect(), t);
            result.add(t);
        }
        for (TaintSpec t : add) {
            if (present.containsKey(t.key() + "\u0000" + t.effect())) {
                continue;
            }
            ObjectNode taint = Json.object();
            taint.put("key", t.key());
            taint.put("effect", t.effect());
            taint.put("timeAdded", KubeTime.time(now));
            result.add(taint);
            changed = true;
        }
        return changed ? result : null;
    }

    static boolean hasTaint(JsonNode node, String key, String effect) {
        for (JsonNode t : node.path("spec").path("taints")) {
            if (key.equals(t.path("key").asString("")) && effect.equals(t.path("effect").asString(""))) {
                return true;
            }
        }
        return false;
    }
}
