package io.kubesim.model.command;

import io.kubesim.model.resource.ObjectRef;

/**
 * Delete an object. A pod bound to a node is deleted gracefully (it gets a {@code deletionTimestamp}; its node agent
 * finishes the deletion) unless {@code gracePeriodSeconds} is 0; an object with finalizers is only marked.
 *
 * @param uid                precondition: the stored object's uid must equal this (null: no precondition)
 * @param resourceVersion    precondition: the stored revision must equal this (null: no precondition)
 * @param gracePeriodSeconds null: the object's own grace period
 * @param propagationPolicy  {@code Background} (default), {@code Foreground} or {@code Orphan}
 */
public record DeleteObject(ObjectRef target, String uid, String resourceVersion, Long gracePeriodSeconds,
        String propagationPolicy, WriteOptions options) implements Command {

    public static DeleteObject now(ObjectRef target, String uid) {
        return new DeleteObject(target, uid, null, 0L, null, WriteOptions.DEFAULT);
    }
}
