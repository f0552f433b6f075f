package io.kubesim.controller.framework;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.labels.LabelSelector;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.runtime.ClusterCache.Entry;

/**
 * {@code ControllerRefManager.ClaimObject} (pkg/controller/controller_ref_manager.go): a controller owns the objects
 * whose controller reference names it and that its selector still matches; it adopts matching orphans (unless it is
 * being deleted, or the orphan is) and releases owned objects its selector no longer matches.
 *
 * <p>Adoption and release are JSON merge patches of {@code metadata.ownerReferences} carrying the object's
 * resourceVersion, so a concurrent change makes them fail with 409 and the controller retries.
 */
public final class Claims {

    private final Writer writer;

    public Claims(Writer writer) {
        this.writer = writer;
    }

    /**
     * Claims among {@code candidates} (entries of {@code childType}).
     *
     * @param finalizersOnAdopt finalizers an adopted object gets (the Job controller's tracking finalizer)
     * @return the claimed objects, as typed objects; adopted ones as they were before the patch
     */
    public <T extends HasMetadata> List<T> claim(HasMetadata owner, ResourceType ownerType, LabelSelector selector,
            ResourceType childType, Collection<Entry> candidates, Class<T> cls, List<String> finalizersOnAdopt) {
        String ownerUid = owner.getMetadata().getUid();
        boolean ownerDeleting = owner.getMetadata().getDeletionTimestamp() != null;
        List<T> claimed = new ArrayList<>();
        for (Entry e : candidates) {
            T child = e.as(cls);
            if (child == null) {
                continue;
            }
            Map<String, String> labels = child.getMetadata().getLabels() == null ? Map.of()
                    : child.getMetadata().getLabels();
            OwnerReference controller = OwnerRefs.controllerOf(child);
            if (controller != null) {
                if (!ownerUid.equals(controller.getUid())) {
                    continue;
                }
                if (selector.matches(labels)) {
                    claimed.add(child);
                } else if (!ownerDeleting) {
                    release(childType, e, ownerUid);
                }
                continue;
            }
            if (ownerDeleting || !selector.matches(labels) || child.getMetadata().getDeletionTimestamp() != null
                    || !owner.getMetadata().getNamespace().equals(child.getMetadata().getNamespace())) {
                continue;
            }
            if (adopt(owner, ownerType, childType, e, finalizersOnAdopt)) {
                claimed.add(child);
            }
        }
        return claimed;
    }

    private boolean adopt(HasMetadata owner, ResourceType ownerType, ResourceType childType, Entry e,
            List<String> finalizers) {
        ObjectNode meta = KubeJson.json().createObjectNode();
        meta.put("resourceVersion", String.valueOf(e.revision()));
        ArrayNode refs = meta.putArray("ownerReferences");
        for (JsonNode existing : e.json().path("metadata").path("ownerReferences")) {
            refs.add(existing);
        }
        refs.add(OwnerRefs.controllerRef(ownerType, owner));
        if (!finalizers.isEmpty()) {
            ArrayNode f = meta.putArray("finalizers");
            List<String> present = new ArrayList<>();
            for (JsonNode existing : e.json().path("metadata").path("finalizers")) {
                f.add(existing);
                present.add(existing.asString());
            }
            for (String add : finalizers) {
                if (!present.contains(add)) {
                    f.add(add);
                }
            }
        }
        try {
            writer.mergePatch(ObjectRef.fromKey(e.key()), wrap(meta));
            return true;
        } catch (ApiError err) {
            if (err.isNotFound()) {
                return false;
            }
            throw err;
        }
    }

    private void release(ResourceType childType, Entry e, String ownerUid) {
        ObjectNode meta = KubeJson.json().createObjectNode();
        meta.put("resourceVersion", String.valueOf(e.revision()));
        ArrayNode refs = KubeJson.json().createArrayNode();
        for (JsonNode existing : e.json().path("metadata").path("ownerReferences")) {
            if (!ownerUid.equals(existing.path("uid").asString(""))) {
                refs.add(existing);
            }
        }
        if (refs.isEmpty()) {
            meta.putNull("ownerReferences");
        } else {
            meta.set("ownerReferences", refs);
        }
        try {
            writer.mergePatch(ObjectRef.fromKey(e.key()), wrap(meta));
        } catch (ApiError err) {
            if (!err.isNotFound()) {
                throw err;
            }
        }
    }

    private static ObjectNode wrap(ObjectNode meta) {
        ObjectNode patch = KubeJson.json().createObjectNode();
        patch.set("metadata", meta);
        return patch;
    }
}
