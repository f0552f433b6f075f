package io.kubesim.model.command;

import io.kubesim.model.resource.ObjectRef;

/**
 * Bind a pod to a node (the {@code pods/binding} subresource). Succeeds only if the pod still has this uid, is not
 * bound yet, and the node's allocatable cpu, memory and pod count would not be exceeded; otherwise 409 Conflict.
 *
 * @param decisionId the scheduler's decision record for this binding, referenced from the log entry (may be null)
 */
public record BindPod(ObjectRef target, String uid, String nodeName, String decisionId, WriteOptions options)
        implements Command {
}
