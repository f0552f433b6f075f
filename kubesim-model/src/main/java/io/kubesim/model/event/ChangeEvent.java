package io.kubesim.model.event;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * One committed change, as published on {@code kubesim.events} and stored as one row of the log.
 *
 * @param revision     the global revision of the change; it is the object's {@code metadata.resourceVersion}
 * @param type         ADDED, MODIFIED or DELETED
 * @param key          storage key, e.g. {@code /pods/default/web}
 * @param object       the full object after the change (for DELETED: its last state)
 * @param prevRevision the previous revision of the same key, 0 if none
 * @param actor        who caused it
 * @param commandId    the command that caused it
 * @param time         commit time (virtual cluster time)
 */
public record ChangeEvent(long revision, ChangeType type, String key, JsonNode object, long prevRevision,
        String actor, String commandId, Instant time) {
}
