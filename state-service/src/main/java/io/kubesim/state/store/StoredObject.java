package io.kubesim.state.store;

import tools.jackson.databind.node.ObjectNode;

/** An object as stored: its revision (the resourceVersion) and its JSON. Never modified once stored. */
public record StoredObject(long revision, ObjectNode json) {
}
