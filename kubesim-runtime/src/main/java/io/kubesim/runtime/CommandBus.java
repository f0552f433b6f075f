package io.kubesim.runtime;

import java.util.concurrent.CompletableFuture;

import io.kubesim.model.command.Command;
import io.kubesim.model.command.CommandEnvelope;
import io.kubesim.model.command.CommandReply;

/**
 * Sends commands to state-service over {@code kubesim.commands} and completes with the reply from
 * {@code kubesim.replies}. A command whose reply does not arrive within the configured timeout completes
 * exceptionally with {@link java.util.concurrent.TimeoutException}; it may still have been applied.
 */
public interface CommandBus {

    /** Sends a command as this process's own actor. */
    CompletableFuture<CommandReply> submit(Command command);

    /** Sends a command on behalf of someone else (the gateway acts for authenticated users). */
    CompletableFuture<CommandReply> submit(String actor, Command command);

    /** Sends a prepared envelope (its id is used for deduplication by state-service). */
    CompletableFuture<CommandReply> submit(CommandEnvelope envelope);
}
