package io.kubesim.registry.admission;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.registry.StateView;

/**
 * What an admission plugin sees of a request ({@code admission.Attributes}).
 *
 * @param operation create or update
 * @param type      the resource
 * @param object    the incoming object; mutating plugins change it in place
 * @param old       the stored object on update, null on create
 * @param state     the current cluster state
 */
record Attributes(Operation operation, ResourceType type, ObjectNode object, ObjectNode old, StateView state) {

    enum Operation { CREATE, UPDATE }

    boolean isCreate() {
        return operation == Operation.CREATE;
    }
}
