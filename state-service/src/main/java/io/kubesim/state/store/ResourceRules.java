package io.kubesim.state.store;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.command.PatchType;
import io.kubesim.model.resource.ResourceType;

/**
 * kube-apiserver's per-resource rules the store applies before writing: defaults, admission, strategy and
 * validation, and patch application. Implementations throw {@link io.kubesim.model.status.ApiException} with the
 * upstream Status when they refuse, and never modify their arguments.
 */
public interface ResourceRules {

    /** A new object whose name, namespace, uid and creationTimestamp are set. */
    ObjectNode admitCreate(ResourceType type, ObjectNode object, StateView state);

    /** A new version of the main resource. */
    ObjectNode admitUpdate(ResourceType type, ObjectNode newObject, ObjectNode oldObject, StateView state);

    /** A new version of the status subresource. */
    ObjectNode admitStatusUpdate(ResourceType type, ObjectNode newObject, ObjectNode oldObject, StateView state);

    /** The result of a patch; {@code current} is null only for a server-side apply that creates. */
    ObjectNode applyPatch(ResourceType type, ObjectNode current, PatchType patchType, String patch);

    /** Paths of fields the resource's schema does not define, for {@code fieldValidation=Strict}. */
    List<String> unknownFields(ResourceType type, JsonNode object);
}
