package io.kubesim.controller.framework;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.HasMetadata;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;

/** {@code GetPodFromTemplate} (pkg/controller/controller_utils.go): a pod for a controller, from its template. */
public final class PodTemplates {

    private PodTemplates() {
    }

    /**
     * A new pod: the template's labels, annotations, finalizers and spec; {@code generateName} {@code <owner>-};
     * a controller reference to the owner.
     *
     * @param template the pod template as JSON ({@code metadata} + {@code spec})
     */
    public static ObjectNode newPod(JsonNode template, ResourceType ownerType, HasMetadata owner) {
        ObjectNode pod = KubeJson.json().createObjectNode();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        meta.put("generateName", owner.getMetadata().getName() + "-");
        meta.put("namespace", owner.getMetadata().getNamespace());
        JsonNode tmeta = template.path("metadata");
        for (String field : new String[] {"labels", "annotations", "finalizers"}) {
            JsonNode v = tmeta.path(field);
            if (!v.isMissingNode() && !v.isNull() && !v.isEmpty()) {
                meta.set(field, v.deepCopy());
            }
        }
        meta.putArray("ownerReferences").add(OwnerRefs.controllerRef(ownerType, owner));
        JsonNode spec = template.path("spec");
        pod.set("spec", spec.isObject() ? spec.deepCopy() : KubeJson.json().createObjectNode());
        return pod;
    }
}
