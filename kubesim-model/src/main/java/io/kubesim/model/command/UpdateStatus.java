package io.kubesim.model.command;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.resource.ObjectRef;

/**
 * Replace the status of an object (PUT of the {@code status} subresource); everything but {@code status} is taken
 * from the stored object. Same compare-and-swap rule as {@link ReplaceObject}.
 */
public record UpdateStatus(ObjectRef target, JsonNode object, WriteOptions options) implements Command {
}
