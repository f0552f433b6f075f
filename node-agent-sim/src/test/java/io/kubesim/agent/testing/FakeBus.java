package io.kubesim.agent.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.command.Command;
import io.kubesim.model.command.CommandEnvelope;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.PatchObject;
import io.kubesim.model.command.ReplaceObject;
import io.kubesim.model.command.UpdateStatus;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.status.Statuses;
import io.kubesim.runtime.CommandBus;

/**
 * A command sink for unit tests: records every command with the actor and the (virtual) time it was sent, and
 * answers at once like a store would: creates and status updates succeed and are stored with a new revision,
 * patches and deletes succeed.
 */
public final class FakeBus implements CommandBus {

    /** One command sent. */
    public record Sent(Instant at, String actor, Command command) {
    }

    private final Supplier<Instant> clock;
    private final List<Sent> sent = new ArrayList<>();
    private final Map<String, ObjectNode> stored = new HashMap<>();
    private long revision = 100;

    public FakeBus(Supplier<Instant> clock) {
        this.clock = clock;
    }

    @Override
    public CompletableFuture<CommandReply> submit(Command command) {
        return submit("test", command);
    }

    @Override
    public CompletableFuture<CommandReply> submit(CommandEnvelope envelope) {
        return submit(envelope.actor(), envelope.command());
    }

    @Override
    public synchronized CompletableFuture<CommandReply> submit(String actor, Command command) {
        sent.add(new Sent(clock.get(), actor, command));
        String id = UUID.randomUUID().toString();
        String key = command.target().key();
        CommandReply reply = switch (command) {
            case CreateObject c -> store(id, key, (ObjectNode) c.object(), 201);
            case UpdateStatus u -> store(id, key, (ObjectNode) u.object(), 200);
            case ReplaceObject r -> store(id, key, (ObjectNode) r.object(), 200);
            case PatchObject p -> new CommandReply(id, 200, ++revision, stored.get(key), null);
            case DeleteObject d -> {
                ObjectNode gone = stored.remove(key);
                yield new CommandReply(id, 200, ++revision, gone, null);
            }
            default -> new CommandReply(id, 500, 0, null, KubeJson.tree(Statuses.internal("not simulated")));
        };
        return CompletableFuture.completedFuture(reply);
    }

    private CommandReply store(String id, String key, ObjectNode object, int code) {
        ObjectNode copy = object.deepCopy();
        long rev = ++revision;
        copy.withObjectProperty("metadata").put("resourceVersion", String.valueOf(rev));
        stored.put(key, copy);
        return new CommandReply(id, code, rev, copy, null);
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** Commands of one type, in order. */
    public synchronized <T extends Command> List<T> sent(Class<T> type) {
        return sent.stream().map(Sent::command).filter(type::isInstance).map(type::cast).toList();
    }

    public synchronized void clear() {
        sent.clear();
    }
}
