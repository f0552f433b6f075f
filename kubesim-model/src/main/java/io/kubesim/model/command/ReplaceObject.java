package io.kubesim.model.command;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.resource.ObjectRef;

/**
 * Replace an object (PUT). When the object carries {@code metadata.resourceVersion} the replace succeeds only if it
 * equals the stored revision (409 Conflict otherwise). The status of resources with a status subresource is kept.
 */
public record ReplaceObject(ObjectRef target, JsonNode object, WriteOptions options) implements Command {
}
