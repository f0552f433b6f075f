package io.kubesim.model.command;

import tools.jackson.databind.JsonNode;

/**
 * The result of a command, on {@code kubesim.replies}.
 *
 * @param commandId the command answered
 * @param code      HTTP status code kube-apiserver would answer (200, 201, 404, 409, 422...)
 * @param revision  revision of the change written (0 when nothing was written)
 * @param object    the stored object (or, for a dry run, the object that would be stored); null on failure
 * @param status    a Kubernetes {@code Status} on failure; null on success
 */
public record CommandReply(String commandId, int code, long revision, JsonNode object, JsonNode status) {

    public boolean succeeded() {
        return code >= 200 && code < 300;
    }
}
