package io.kubesim.controller.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.controller.framework.ClusterIndex;
import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.model.command.Command;
import io.kubesim.model.command.CommandEnvelope;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.PatchObject;
import io.kubesim.model.command.PatchType;
import io.kubesim.model.command.ReplaceObject;
import io.kubesim.model.command.UpdateStatus;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.event.ChangeType;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.CacheFeeder;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.CommandBus;

/**
 * A fake command sink for unit tests: a {@link CommandBus} that applies commands at once to an in-memory store with
 * state-service's generic rules (generateName, uid, resourceVersion compare-and-swap, status-only updates, JSON merge
 * patches, finalizers, graceful deletion of bound pods) and feeds every change into a real {@link ClusterCache}, so
 * controllers under test see their own writes as they would in the cluster. Every command is recorded.
 */
public final class FakeCluster implements CommandBus {

    public final ClusterCache cache = new ClusterCache();
    public final ClusterIndex index = new ClusterIndex(cache);
    public final VirtualClock clock;
    private final List<Command> commands = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    private long revision;
    private int generated;

    public FakeCluster() {
        this(new VirtualClock(System.currentTimeMillis(), 1.0));
    }

    public FakeCluster(VirtualClock clock) {
        this.clock = clock;
    }

    public FakeCluster synced() {
        CacheFeeder.markSynced(cache);
        return this;
    }

    // ------------------------------------------------------------------------------------------ test setup

    /**
     * Stores an object as a user would: a new one gets uid, creationTimestamp and generation 1; an existing one keeps
     * them (and its status when the new version has none), its generation rising when the spec changes.
     */
    public synchronized ObjectNode put(String yamlOrJson) {
        return put((ObjectNode) KubeJson.readDocuments(yamlOrJson).getFirst());
    }

    public synchronized ObjectNode put(ObjectNode object) {
        ResourceType type = typeOf(object);
        ObjectNode obj = object.deepCopy();
        ObjectNode meta = obj.withObjectProperty("metadata");
        String key = type.ref(meta.path("namespace").asString(null), meta.path("name").asString()).key();
        Optional<ClusterCache.Entry> existing = cache.get(key);
        if (existing.isPresent()) {
            JsonNode old = existing.get().json();
            for (String f : List.of("uid", "creationTimestamp")) {
                if (!meta.has(f)) {
                    meta.set(f, old.path("metadata").get(f));
                }
            }
            if (!obj.has("status") && old.has("status")) {
                obj.set("status", old.get("status").deepCopy());
            }
            if (!meta.has("generation") && old.path("metadata").has("generation")) {
                long generation = old.path("metadata").path("generation").asLong();
                meta.put("generation", old.path("spec").equals(obj.path("spec")) ? generation : generation + 1);
            }
        } else {
            if (!meta.has("uid")) {
                meta.put("uid", UUID.randomUUID().toString());
            }
            if (!meta.has("creationTimestamp")) {
                meta.put("creationTimestamp", KubeTime.time(clock.instant()));
            }
            if (!meta.has("generation")) {
                meta.put("generation", 1);
            }
        }
        write(existing.isPresent() ? ChangeType.MODIFIED : ChangeType.ADDED, key, obj);
        return obj;
    }

    public synchronized void remove(String key) {
        cache.get(key).ifPresent(e -> write(ChangeType.DELETED, key, e.json().deepCopy()));
    }

    public ObjectNode get(String key) {
        return cache.get(key).map(e -> e.json()).orElse(null);
    }

    private static final class Failure {
        final Predicate<Command> which;
        final int code;
        final String reason;
        int remaining;

        Failure(Predicate<Command> which, int code, String reason, int remaining) {
            this.which = which;
            this.code = code;
            this.reason = reason;
            this.remaining = remaining;
        }
    }

    /** The next {@code count} commands matching {@code which} fail with this code and reason. */
    public synchronized void fail(Predicate<Command> which, int code, String reason, int count) {
        failures.add(new Failure(which, code, reason, count));
    }

    public synchronized List<Command> commands() {
        return List.copyOf(commands);
    }

    /** Commands other than Event writes. */
    public synchronized List<Command> writes() {
        return commands.stream().filter(c -> !c.target().resource().equals(Resources.EVENTS.qualifiedName()))
                .toList();
    }

    /** Events recorded: "reason: message" in order. */
    public synchronized List<String> events() {
        List<String> out = new ArrayList<>();
        for (Command c : commands) {
            if (c instanceof CreateObject create && c.target().resource().equals(Resources.EVENTS.qualifiedName())) {
                out.add(create.object().path("reason").asString("") + ": "
                        + create.object().path("message").asString(""));
            }
        }
        return out;
    }

    public synchronized void clearCommands() {
        commands.clear();
    }

    // ------------------------------------------------------------------------------------------ CommandBus

    @Override
    public CompletableFuture<CommandReply> submit(Command command) {
        return CompletableFuture.completedFuture(apply(command));
    }

    @Override
    public CompletableFuture<CommandReply> submit(String actor, Command command) {
        return submit(command);
    }

    @Override
    public CompletableFuture<CommandReply> submit(CommandEnvelope envelope) {
        return submit(envelope.command());
    }

    private synchronized CommandReply apply(Command command) {
        commands.add(command);
        for (Failure f : failures) {
            if (f.remaining > 0 && f.which.test(command)) {
                f.remaining--;
                return refuse(f.code, f.reason, "injected failure");
            }
        }
        return switch (command) {
            case CreateObject c -> create(c);
            case ReplaceObject c -> update(c.target(), (ObjectNode) c.object(), false);
            case UpdateStatus c -> update(c.target(), (ObjectNode) c.object(), true);
            case PatchObject c -> patch(c);
            case DeleteObject c -> delete(c);
            default -> refuse(405, "MethodNotAllowed", command.getClass().getSimpleName() + " is not faked");
        };
    }

    private CommandReply create(CreateObject c) {
        ObjectNode obj = ((ObjectNode) c.object()).deepCopy();
        ResourceType type = Resources.of(c.target());
        ObjectNode meta = obj.withObjectProperty("metadata");
        String name = meta.path("name").asString(null);
        if (name == null) {
            name = meta.path("generateName").asString("") + String.format("x%04d", ++generated);
            meta.put("name", name);
        }
        if (type.namespaced()) {
            meta.put("namespace", c.target().namespace());
        }
        String key = type.ref(c.target().namespace(), name).key();
        if (cache.get(key).isPresent()) {
            return refuse(409, "AlreadyExists", type.qualifiedName() + " \"" + name + "\" already exists");
        }
        obj.put("apiVersion", type.apiVersion());
        obj.put("kind", type.kind());
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", KubeTime.time(clock.instant()));
        return ok(201, write(ChangeType.ADDED, key, obj));
    }

    private CommandReply update(ObjectRef target, ObjectNode body, boolean status) {
        Optional<ClusterCache.Entry> current = cache.get(target);
        if (current.isEmpty()) {
            return refuse(404, "NotFound", target + " not found");
        }
        String rv = body.path("metadata").path("resourceVersion").asString("");
        if (!rv.isEmpty() && !rv.equals(String.valueOf(current.get().revision()))) {
            return refuse(409, "Conflict", "the object has been modified");
        }
        ObjectNode next;
        if (status) {
            next = current.get().json().deepCopy();
            next.set("status", body.path("status").deepCopy());
        } else {
            next = body.deepCopy();
            if (current.get().json().has("status") && Resources.of(target).hasStatus()) {
                next.set("status", current.get().json().get("status").deepCopy());
            }
            ObjectNode meta = next.withObjectProperty("metadata");
            JsonNode oldMeta = current.get().json().path("metadata");
            for (String f : List.of("uid", "creationTimestamp", "deletionTimestamp")) {
                if (oldMeta.has(f)) {
                    meta.set(f, oldMeta.get(f));
                }
            }
        }
        return finish(target, current.get().json(), next);
    }

    private CommandReply patch(PatchObject c) {
        Optional<ClusterCache.Entry> current = cache.get(c.target());
        if (current.isEmpty()) {
            return refuse(404, "NotFound", c.target() + " not found");
        }
        if (c.patchType() != PatchType.MERGE_PATCH) {
            return refuse(415, "UnsupportedMediaType", "only merge patches are faked");
        }
        JsonNode patch = KubeJson.parse(c.patch());
        ObjectNode next = (ObjectNode) mergePatch(current.get().json().deepCopy(), patch);
        String rv = next.path("metadata").path("resourceVersion").asString("");
        if (!rv.isEmpty() && !rv.equals(String.valueOf(current.get().revision()))) {
            return refuse(409, "Conflict", "the object has been modified");
        }
        return finish(c.target(), current.get().json(), next);
    }

    /** Upstream's {@code shouldDeleteDuringUpdate}: a deleting object whose last finalizer goes is deleted. */
    private CommandReply finish(ObjectRef target, ObjectNode old, ObjectNode next) {
        boolean deleting = old.path("metadata").has("deletionTimestamp");
        boolean hadFinalizers = !old.path("metadata").path("finalizers").isEmpty();
        boolean hasFinalizers = !next.path("metadata").path("finalizers").isEmpty();
        if (deleting && hadFinalizers && !hasFinalizers) {
            return ok(200, write(ChangeType.DELETED, target.key(), next));
        }
        ObjectNode a = old.deepCopy();
        ObjectNode b = next.deepCopy();
        a.withObjectProperty("metadata").remove("resourceVersion");
        b.withObjectProperty("metadata").remove("resourceVersion");
        if (a.equals(b)) {
            return ok(200, old);
        }
        return ok(200, write(ChangeType.MODIFIED, target.key(), next));
    }

    private CommandReply delete(DeleteObject c) {
        Optional<ClusterCache.Entry> current = cache.get(c.target());
        if (current.isEmpty()) {
            return refuse(404, "NotFound", c.target() + " not found");
        }
        ObjectNode obj = current.get().json().deepCopy();
        ObjectNode meta = obj.withObjectProperty("metadata");
        if (c.uid() != null && !c.uid().equals(meta.path("uid").asString(""))) {
            return refuse(409, "Conflict", "Precondition failed: UID");
        }
        if (c.resourceVersion() != null && !c.resourceVersion().equals(String.valueOf(current.get().revision()))) {
            return refuse(409, "Conflict", "Precondition failed: ResourceVersion");
        }
        boolean deleting = meta.has("deletionTimestamp");
        if (!deleting && ("Orphan".equals(c.propagationPolicy()) || "Foreground".equals(c.propagationPolicy()))) {
            String finalizer = "Orphan".equals(c.propagationPolicy()) ? "orphan" : "foregroundDeletion";
            ArrayNode f = meta.withArrayProperty("finalizers");
            boolean present = false;
            for (JsonNode x : f) {
                present |= finalizer.equals(x.asString());
            }
            if (!present) {
                f.add(finalizer);
            }
        }
        boolean hasFinalizers = !meta.path("finalizers").isEmpty();
        String phase = obj.path("status").path("phase").asString("");
        boolean graceful = c.target().resource().equals(Resources.PODS.qualifiedName())
                && !obj.path("spec").path("nodeName").asString("").isEmpty()
                && !"Succeeded".equals(phase) && !"Failed".equals(phase)
                && (c.gracePeriodSeconds() == null || c.gracePeriodSeconds() > 0);
        if (hasFinalizers || graceful) {
            if (deleting) {
                return ok(200, current.get().json());
            }
            meta.put("deletionTimestamp", KubeTime.time(clock.instant()));
            meta.put("deletionGracePeriodSeconds", graceful ? 30 : 0);
            return ok(200, write(ChangeType.MODIFIED, c.target().key(), obj));
        }
        if (!deleting) {
            meta.put("deletionTimestamp", KubeTime.time(clock.instant()));
        }
        return ok(200, write(ChangeType.DELETED, c.target().key(), obj));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private ObjectNode write(ChangeType type, String key, ObjectNode obj) {
        long rev = ++revision;
        obj.withObjectProperty("metadata").put("resourceVersion", String.valueOf(rev));
        CacheFeeder.apply(cache, new ChangeEvent(rev, type, key, obj, 0, "test", "cmd-" + rev, Instant.now()));
        return obj;
    }

    private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : KubeJson.json()
                .createObjectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }

    private static ResourceType typeOf(ObjectNode obj) {
        return Resources.byKind(obj.path("apiVersion").asString(""), obj.path("kind").asString(""))
                .orElseThrow(() -> new IllegalArgumentException("unknown kind " + obj.path("kind")));
    }

    private static CommandReply ok(int code, ObjectNode obj) {
        return new CommandReply("test", code, obj.path("metadata").path("resourceVersion").asLong(0), obj, null);
    }

    private static CommandReply refuse(int code, String reason, String message) {
        ObjectNode status = KubeJson.json().createObjectNode();
        status.put("kind", "Status");
        status.put("code", code);
        status.put("reason", reason);
        status.put("message", message);
        return new CommandReply("test", code, 0, null, status);
    }
}
