package io.kubesim.model.command;

import java.time.Instant;
import java.util.UUID;

/**
 * A command as it travels on {@code kubesim.commands}.
 *
 * @param id       unique; state-service applies a command id at most once and replies again with its first result
 * @param actor    who asks: a user ({@code admin}), a node ({@code system:node:w1}) or a component
 *                 ({@code system:kube-scheduler})
 * @param issuedAt when the sender created it (wall clock)
 * @param command  what to do
 */
public record CommandEnvelope(String id, String actor, Instant issuedAt, Command command) {

    public CommandEnvelope {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("command id is required");
        }
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("actor is required");
        }
    }

    public static CommandEnvelope of(String actor, Command command) {
        return new CommandEnvelope(UUID.randomUUID().toString(), actor, Instant.now(), command);
    }
}
