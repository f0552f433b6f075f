package io.kubesim.model.command;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.resource.ObjectRef;

/** Create an object; 409 AlreadyExists if its key is taken. */
public record CreateObject(ObjectRef target, JsonNode object, WriteOptions options) implements Command {
}
