package io.kubesim.controller.framework;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;

/** Owner references (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/controller_ref.go). */
public final class OwnerRefs {

    private OwnerRefs() {
    }

    /** {@code GetControllerOf}: the owner reference with {@code controller: true}, or null. */
    public static OwnerReference controllerOf(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        for (OwnerReference r : refs) {
            if (Boolean.TRUE.equals(r.getController())) {
                return r;
            }
        }
        return null;
    }

    /** Whether {@code object}'s controller is the object with this uid. */
    public static boolean isControlledBy(HasMetadata object, String ownerUid) {
        OwnerReference ref = controllerOf(object);
        return ref != null && ownerUid.equals(ref.getUid());
    }

    /** Whether the controller reference names this kind (e.g. {@code ReplicaSet} in group {@code apps}). */
    public static boolean controllerIs(OwnerReference ref, ResourceType type) {
        return ref != null && type.kind().equals(ref.getKind()) && groupOf(ref.getApiVersion()).equals(type.group());
    }

    /** {@code NewControllerRef}: controller and blockOwnerDeletion set. */
    public static ObjectNode controllerRef(ResourceType ownerType, HasMetadata owner) {
        ObjectNode ref = KubeJson.json().createObjectNode();
        ref.put("apiVersion", ownerType.apiVersion());
        ref.put("kind", ownerType.kind());
        ref.put("name", owner.getMetadata().getName());
        ref.put("uid", owner.getMetadata().getUid());
        ref.put("controller", true);
        ref.put("blockOwnerDeletion", true);
        return ref;
    }

    /** The API group of an {@code apiVersion}: empty for {@code v1}. */
    public static String groupOf(String apiVersion) {
        if (apiVersion == null) {
            return "";
        }
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
