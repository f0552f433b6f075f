package io.kubesim.controller.framework;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.command.Command;
import io.kubesim.model.command.CommandReply;

/** A command state-service refused, with the {@code Status} it answered (code, reason, message). */
public final class ApiError extends RuntimeException {

    private final int code;
    private final String reason;

    public ApiError(int code, String reason, String message) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
    }

    static ApiError of(Command command, CommandReply reply) {
        JsonNode status = reply.status();
        String reason = status == null ? "" : status.path("reason").asString("");
        String message = status == null ? "" : status.path("message").asString("");
        return new ApiError(reply.code(), reason,
                command.getClass().getSimpleName() + " " + command.target() + ": " + reply.code() + " " + message);
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public boolean isNotFound() {
        return code == 404;
    }

    /** 409 because of a stale resourceVersion or a failed precondition (not AlreadyExists). */
    public boolean isConflict() {
        return code == 409 && !"AlreadyExists".equals(reason);
    }

    public boolean isAlreadyExists() {
        return code == 409 && "AlreadyExists".equals(reason);
    }
}
