package io.kubesim.gateway.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.labels.FieldSelector;
import io.kubesim.model.labels.LabelSelector;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.Statuses;

/**
 * The fields each resource can be selected by ({@code ?fieldSelector=}), as the registries' GetAttrs / ToSelectableFields
 * (pkg/registry/core/pod/strategy.go, node/strategy.go, event/strategy.go, ...), and the combined label + field
 * filter of a list or watch.
 */
public final class ObjectFields {

    private static final Map<ResourceType, List<String>> EXTRA = Map.of(
            Resources.PODS, List.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
                    "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP",
                    "status.nominatedNodeName"),
            Resources.NODES, List.of("spec.unschedulable"),
            Resources.EVENTS, List.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                    "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                    "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"),
            Resources.NAMESPACES, List.of("status.phase"),
            Resources.SECRETS, List.of("type"),
            Resources.REPLICA_SETS, List.of("status.replicas"),
            Resources.JOBS, List.of("status.successful"),
            Resources.SERVICES, List.of("spec.clusterIP", "spec.type"));

    private ObjectFields() {
    }

    /** The selectable fields of one object and their values. */
    public static Map<String, String> of(ResourceType type, JsonNode object) {
        Map<String, String> out = new HashMap<>();
        out.put("metadata.name", text(object.path("metadata").path("name")));
        if (type.namespaced()) {
            out.put("metadata.namespace", text(object.path("metadata").path("namespace")));
        }
        for (String field : EXTRA.getOrDefault(type, List.of())) {
            JsonNode n = object;
            if (field.equals("source")) {
                out.put(field, text(object.path("source").path("component")));
                continue;
            }
            for (String part : field.split("\\.")) {
                n = n.path(part);
            }
            out.put(field, text(n));
        }
        return out;
    }

    public static Set<String> supported(ResourceType type) {
        Set<String> s = new java.util.TreeSet<>(EXTRA.getOrDefault(type, List.of()));
        s.add("metadata.name");
        if (type.namespaced()) {
            s.add("metadata.namespace");
        }
        return s;
    }

    /**
     * The filter of a list or watch request.
     *
     * @throws ApiException 400 BadRequest for a malformed selector or a field the resource cannot be selected by
     */
    public static Predicate<JsonNode> filter(ResourceType type, String labelSelector, String fieldSelector) {
        LabelSelector labels;
        FieldSelector fields;
        try {
            labels = LabelSelector.parse(labelSelector);
            fields = FieldSelector.parse(fieldSelector);
        } catch (IllegalArgumentException e) {
            throw new ApiException(Statuses.badRequest(e.getMessage()));
        }
        Set<String> supported = supported(type);
        for (FieldSelector.Term t : fields.terms()) {
            if (!supported.contains(t.field())) {
                throw new ApiException(Statuses.badRequest("field label not supported: " + t.field()));
            }
        }
        if (labels.isEverything() && fields.isEverything()) {
            return o -> true;
        }
        return o -> labels.matches(labelsOf(o)) && (fields.isEverything() || fields.matches(of(type, o)));
    }

    static Map<String, String> labelsOf(JsonNode object) {
        JsonNode l = object.path("metadata").path("labels");
        if (!l.isObject()) {
            return Map.of();
        }
        return KubeJson.json().convertValue(l, new TypeReference<Map<String, String>>() { });
    }

    private static String text(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "";
        }
        return n.isValueNode() ? n.asString() : n.toString();
    }
}
