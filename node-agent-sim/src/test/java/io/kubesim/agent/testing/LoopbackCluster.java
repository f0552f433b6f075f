package io.kubesim.agent.testing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.command.Command;
import io.kubesim.model.command.CommandEnvelope;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.PatchObject;
import io.kubesim.model.command.PatchType;
import io.kubesim.model.command.UpdateStatus;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.event.ChangeType;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.status.Statuses;
import io.kubesim.runtime.CacheFeeder;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.CommandBus;

/**
 * A stand-in for state-service in unit tests and the in-process benchmark: applies creates, status updates, JSON
 * merge patches and deletes to an in-memory store and feeds every change to a {@link ClusterCache} at once, in
 * revision order. No validation, no graceful deletion: just enough for agents to register and heartbeat.
 */
public final class LoopbackCluster implements CommandBus {

    private final ClusterCache cache = new ClusterCache();
    private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
    private final AtomicLong revision = new AtomicLong(1);
    private final AtomicLong patches = new AtomicLong();
    private final Clock clock;
    private final List<FakeBus.Sent> sent = new ArrayList<>();
    private final boolean wire;
    private boolean recording = true;

    public LoopbackCluster(Clock clock) {
        this(clock, false);
    }

    /**
     * @param wire whether every command and every change goes through its JSON form, as over Kafka (what the
     *             agent pays to serialise commands and read events; the benchmark uses it)
     */
    public LoopbackCluster(Clock clock, boolean wire) {
        this.clock = clock;
        this.wire = wire;
    }

    public ClusterCache cache() {
        return cache;
    }

    /** Marks the cache synced, as the event stream does when it has caught up. */
    public void synced() {
        CacheFeeder.markSynced(cache);
    }

    /** Stops keeping a record of commands (benchmarks). */
    public void stopRecording() {
        recording = false;
        sent.clear();
    }

    public synchronized List<FakeBus.Sent> sent() {
        return List.copyOf(sent);
    }

    public synchronized <T extends Command> List<T> sent(Class<T> type) {
        return sent.stream().map(FakeBus.Sent::command).filter(type::isInstance).map(type::cast).toList();
    }

    /** Stores {@code object} as created by someone else. */
    public void put(String key, ObjectNode object) {
        submit("test", new CreateObject(io.kubesim.model.resource.ObjectRef.fromKey(key), object,
                io.kubesim.model.command.WriteOptions.DEFAULT));
    }

    /** Merge patches applied so far (lease renewals, event count bumps). */
    public long patches() {
        return patches.get();
    }

    public ObjectNode get(String key) {
        return objects.get(key);
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
    public synchronized CompletableFuture<CommandReply> submit(String actor, Command original) {
        Command command = wire ? KubeJson.read(KubeJson.write(CommandEnvelope.of(actor, original)),
                CommandEnvelope.class).command() : original;
        if (recording) {
            sent.add(new FakeBus.Sent(clock.instant(), actor, command));
        }
        String id = UUID.randomUUID().toString();
        String key = command.target().key();
        ObjectNode current = objects.get(key);
        CommandReply reply = switch (command) {
            case CreateObject c -> {
                if (current != null) {
                    yield failure(id, 409, "AlreadyExists");
                }
                ObjectNode o = ((ObjectNode) c.object()).deepCopy();
                ObjectNode meta = o.withObjectProperty("metadata");
                meta.put("uid", UUID.randomUUID().toString());
                meta.put("creationTimestamp", KubeTime.time(clock.instant()));
                yield write(id, key, ChangeType.ADDED, o, 201, actor);
            }
            case UpdateStatus u -> {
                if (current == null) {
                    yield failure(id, 404, "NotFound");
                }
                String rv = u.object().path("metadata").path("resourceVersion").asString("");
                if (!rv.isEmpty() && !rv.equals(current.path("metadata").path("resourceVersion").asString())) {
                    yield failure(id, 409, "Conflict");
                }
                ObjectNode o = current.deepCopy();
                o.set("status", u.object().path("status").deepCopy());
                yield write(id, key, ChangeType.MODIFIED, o, 200, actor);
            }
            case PatchObject p -> {
                patches.incrementAndGet();
                if (current == null) {
                    yield failure(id, 404, "NotFound");
                }
                if (p.patchType() != PatchType.MERGE_PATCH) {
                    yield failure(id, 415, "UnsupportedMediaType");
                }
                ObjectNode o = current.deepCopy();
                merge(o, KubeJson.parse(p.patch()));
                yield write(id, key, ChangeType.MODIFIED, o, 200, actor);
            }
            case DeleteObject d -> {
                if (current == null) {
                    yield failure(id, 404, "NotFound");
                }
                yield write(id, key, ChangeType.DELETED, current.deepCopy(), 200, actor);
            }
            default -> failure(id, 405, "MethodNotAllowed");
        };
        return CompletableFuture.completedFuture(reply);
    }

    private CommandReply write(String id, String key, ChangeType type, ObjectNode o, int code, String actor) {
        long rev = revision.incrementAndGet();
        o.withObjectProperty("metadata").put("resourceVersion", String.valueOf(rev));
        if (type == ChangeType.DELETED) {
            objects.remove(key);
        } else {
            objects.put(key, o);
        }
        ChangeEvent event = new ChangeEvent(rev, type, key, o, 0, actor, id, clock.instant());
        CacheFeeder.apply(cache, wire ? KubeJson.read(KubeJson.write(event), ChangeEvent.class) : event);
        return new CommandReply(id, code, rev, o, null);
    }

    private static CommandReply failure(String id, int code, String reason) {
        return new CommandReply(id, code, 0, null, KubeJson.tree(Statuses.failure(code, reason, reason, null, null,
                null, List.of())));
    }

    /** RFC 7386 JSON merge patch. */
    private static void merge(ObjectNode target, JsonNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                target.remove(e.getKey());
            } else if (e.getValue().isObject() && target.get(e.getKey()) instanceof ObjectNode inner) {
                merge(inner, e.getValue());
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }
}
