package io.kubesim.state.store;

import java.time.Instant;

import io.kubesim.model.event.ChangeType;

/**
 * One row of the log, as written and published.
 *
 * @param revision     global revision, the object's resourceVersion
 * @param key          storage key
 * @param type         ADDED / MODIFIED / DELETED
 * @param object       the object's JSON text (for DELETED: its last state)
 * @param prevRevision the key's previous revision, 0 if none
 * @param actor        who caused the change
 * @param commandId    the command that caused it
 * @param decisionId   the scheduling decision behind a binding, or null
 * @param replyCode    the HTTP code answered to the command
 * @param time         commit time on the cluster clock
 * @param volatileRow  a Lease renewal or heartbeat-only Node update: compacted once superseded
 */
public record LogRow(long revision, String key, ChangeType type, String object, long prevRevision, String actor,
        String commandId, String decisionId, int replyCode, Instant time, boolean volatileRow) {
}
