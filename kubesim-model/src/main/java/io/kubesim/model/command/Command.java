package io.kubesim.model.command;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.kubesim.model.resource.ObjectRef;

/**
 * A request to change cluster state, sent to state-service on {@code kubesim.commands}. State-service is the only
 * writer: it validates, applies and logs each command, and answers on {@code kubesim.replies}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CreateObject.class, name = "CreateObject"),
        @JsonSubTypes.Type(value = ReplaceObject.class, name = "ReplaceObject"),
        @JsonSubTypes.Type(value = UpdateStatus.class, name = "UpdateStatus"),
        @JsonSubTypes.Type(value = PatchObject.class, name = "PatchObject"),
        @JsonSubTypes.Type(value = DeleteObject.class, name = "DeleteObject"),
        @JsonSubTypes.Type(value = BindPod.class, name = "BindPod"),
        @JsonSubTypes.Type(value = EvictPod.class, name = "EvictPod")
})
public sealed interface Command permits CreateObject, ReplaceObject, UpdateStatus, PatchObject, DeleteObject,
        BindPod, EvictPod {

    /**
     * The object the command is about. For a create with {@code generateName} the name is null until state-service
     * generates one.
     */
    ObjectRef target();

    WriteOptions options();

    /** Kafka key: the target's storage key, or its collection prefix when the name is not known yet. */
    default String partitionKey() {
        ObjectRef t = target();
        return t.name() == null ? ObjectRef.prefix(t.resource(), t.namespace()) : t.key();
    }
}
