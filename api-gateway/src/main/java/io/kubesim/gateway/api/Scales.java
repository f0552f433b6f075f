package io.kubesim.gateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.runtime.ClusterCache;

/**
 * The {@code scale} subresource of Deployments and ReplicaSets as an {@code autoscaling/v1} Scale
 * (pkg/registry/apps/deployment/storage/storage.go scaleFromDeployment): what {@code kubectl scale} reads and patches.
 */
final class Scales {

    private Scales() {
    }

    static ObjectNode scaleOf(ResourceType type, ClusterCache.Entry entry) {
        return scaleOf(type, entry.json());
    }

    static ObjectNode scaleOf(ResourceType type, ObjectNode obj) {
        ObjectNode scale = KubeJson.json().createObjectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        JsonNode m = obj.path("metadata");
        for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (m.has(f)) {
                meta.set(f, m.get(f));
            }
        }
        scale.putObject("spec").put("replicas", obj.path("spec").path("replicas").asInt(1));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", obj.path("status").path("replicas").asInt(0));
        status.put("selector", selector(obj.path("spec").path("selector")));
        return scale;
    }

    /** A label selector in its string form: {@code app=web,tier in (a,b)}. */
    static String selector(JsonNode selector) {
        List<String> parts = new ArrayList<>();
        Map<String, String> labels = new TreeMap<>();
        selector.path("matchLabels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        labels.forEach((k, v) -> parts.add(k + "=" + v));
        for (JsonNode r : selector.path("matchExpressions")) {
            String key = r.path("key").asString();
            List<String> values = new ArrayList<>();
            r.path("values").forEach(v -> values.add(v.asString()));
            switch (r.path("operator").asString()) {
                case "In" -> parts.add(key + " in (" + String.join(",", values) + ")");
                case "NotIn" -> parts.add(key + " notin (" + String.join(",", values) + ")");
                case "Exists" -> parts.add(key);
                case "DoesNotExist" -> parts.add("!" + key);
                default -> { }
            }
        }
        return String.join(",", parts);
    }
}
