package io.kubesim.state;

import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.command.PatchType;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.registry.Registry;
import io.kubesim.state.store.ResourceRules;
import io.kubesim.state.store.StateView;
import io.kubesim.state.store.StoredObject;

/** The store's {@link ResourceRules}, implemented by the apiserver rules of the kubesim-registry module. */
final class RegistryRules implements ResourceRules {

    private final Registry registry;

    RegistryRules(Registry registry) {
        this.registry = registry;
    }

    @Override
    public ObjectNode admitCreate(ResourceType type, ObjectNode object, StateView state) {
        return registry.admitCreate(type, object, view(state));
    }

    @Override
    public ObjectNode admitUpdate(ResourceType type, ObjectNode newObject, ObjectNode oldObject, StateView state) {
        return registry.admitUpdate(type, newObject, oldObject, view(state));
    }

    @Override
    public ObjectNode admitStatusUpdate(ResourceType type, ObjectNode newObject, ObjectNode oldObject,
            StateView state) {
        return registry.admitStatusUpdate(type, newObject, oldObject, view(state));
    }

    @Override
    public ObjectNode applyPatch(ResourceType type, ObjectNode current, PatchType patchType, String patch) {
        return registry.applyPatch(type, current, patchType, patch);
    }

    @Override
    public List<String> unknownFields(ResourceType type, JsonNode object) {
        return registry.unknownFields(type, object);
    }

    private static io.kubesim.registry.StateView view(StateView state) {
        return new io.kubesim.registry.StateView() {
            @Override
            public Optional<ObjectNode> get(String key) {
                return state.get(key).map(StoredObject::view);
            }

            @Override
            public List<ObjectNode> list(String keyPrefix) {
                return state.list(keyPrefix).stream().map(StoredObject::view).toList();
            }
        };
    }
}
