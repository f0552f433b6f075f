package io.kubesim.controller.framework;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.command.Command;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.PatchObject;
import io.kubesim.model.command.PatchType;
import io.kubesim.model.command.ReplaceObject;
import io.kubesim.model.command.UpdateStatus;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.CommandBus;

/**
 * How controllers write: every method sends one command to state-service and waits for its reply, as a client-go
 * call would; a refusal is thrown as {@link ApiError} (409 on a stale resourceVersion, 404, 422 ...), which makes the
 * work queue retry the key with back-off.
 *
 * <p>Read-your-writes: each worker thread remembers the highest revision it wrote; {@link #awaitOwnWrites} (run by
 * the work queue after every key) waits until the cache has applied it, so the next sync of any key sees this
 * worker's own changes instead of acting again on stale objects.
 */
public final class Writer {

    /** The field manager kube-controller-manager's clients write with. */
    public static final WriteOptions OPTIONS = WriteOptions.manager("kube-controller-manager");

    private static final ThreadLocal<long[]> LAST_WRITE = ThreadLocal.withInitial(() -> new long[1]);
    private static final Duration AWAIT_CACHE = Duration.ofSeconds(10);

    private final CommandBus bus;
    private final Duration timeout;

    public Writer(CommandBus bus, Duration timeout) {
        this.bus = bus;
        this.timeout = timeout;
    }

    public CommandBus bus() {
        return bus;
    }

    /** Sends a command and waits for a successful reply. */
    public CommandReply send(Command command) {
        return result(command, bus.submit(command));
    }

    /**
     * Sends commands concurrently and waits for all of them; each element of the result is the reply or the
     * {@link ApiError} / exception of that command.
     */
    public List<Object> sendAll(List<? extends Command> commands) {
        List<CompletableFuture<CommandReply>> futures = new ArrayList<>(commands.size());
        for (Command c : commands) {
            futures.add(bus.submit(c));
        }
        List<Object> out = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            try {
                out.add(result(commands.get(i), futures.get(i)));
            } catch (RuntimeException e) {
                out.add(e);
            }
        }
        return out;
    }

    public CommandReply create(ResourceType type, String namespace, ObjectNode object) {
        return send(createCommand(type, namespace, object));
    }

    public static CreateObject createCommand(ResourceType type, String namespace, ObjectNode object) {
        String name = object.path("metadata").path("name").asString(null);
        return new CreateObject(new ObjectRef(type.qualifiedName(), type.namespaced() ? namespace : null, name),
                object, OPTIONS);
    }

    /** PUT of the whole object; compare-and-swap on the {@code metadata.resourceVersion} it carries. */
    public CommandReply replace(ResourceType type, ObjectNode object) {
        return send(new ReplaceObject(refOf(type, object), object, OPTIONS));
    }

    /** PUT of the status subresource; compare-and-swap on the {@code metadata.resourceVersion} it carries. */
    public CommandReply updateStatus(ResourceType type, ObjectNode object) {
        return send(updateStatusCommand(type, object));
    }

    public static UpdateStatus updateStatusCommand(ResourceType type, ObjectNode object) {
        return new UpdateStatus(refOf(type, object), object, OPTIONS);
    }

    /** A JSON merge patch of the object (a {@code metadata.resourceVersion} in the patch makes it compare-and-swap). */
    public CommandReply mergePatch(ObjectRef ref, ObjectNode patch) {
        return send(mergePatchCommand(ref, patch));
    }

    public static PatchObject mergePatchCommand(ObjectRef ref, ObjectNode patch) {
        return new PatchObject(ref, null, PatchType.MERGE_PATCH, KubeJson.write(patch), false, OPTIONS);
    }

    /**
     * Deletes an object.
     *
     * @param uid                precondition (null: none)
     * @param resourceVersion    precondition (null: none)
     * @param gracePeriodSeconds null for the object's own
     * @param propagationPolicy  null, {@code Background}, {@code Foreground} or {@code Orphan}
     */
    public CommandReply delete(ObjectRef ref, String uid, String resourceVersion, Long gracePeriodSeconds,
            String propagationPolicy) {
        return send(deleteCommand(ref, uid, resourceVersion, gracePeriodSeconds, propagationPolicy));
    }

    public static DeleteObject deleteCommand(ObjectRef ref, String uid, String resourceVersion,
            Long gracePeriodSeconds, String propagationPolicy) {
        return new DeleteObject(ref, uid, resourceVersion, gracePeriodSeconds, propagationPolicy, OPTIONS);
    }

    /** The highest revision this thread wrote since the last call, and forgets it. */
    private static long takeOwnWrites() {
        long[] last = LAST_WRITE.get();
        long r = last[0];
        last[0] = 0;
        return r;
    }

    /** Waits (bounded) until the cache has applied every revision this thread wrote. */
    public static void awaitOwnWrites(ClusterCache cache) {
        long revision = takeOwnWrites();
        if (revision <= cache.revision()) {
            return;
        }
        try {
            cache.awaitRevision(revision).get(AWAIT_CACHE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the next sync may see a stale object; compare-and-swap and expectations keep it safe
        }
    }

    private CommandReply result(Command command, CompletableFuture<CommandReply> future) {
        CommandReply reply;
        try {
            reply = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + command.target(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("no reply to " + command.getClass().getSimpleName() + " "
                    + command.target() + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no reply to " + command.getClass().getSimpleName() + " "
                    + command.target() + " within " + timeout.toSeconds() + " s");
        }
        if (!reply.succeeded()) {
            throw ApiError.of(command, reply);
        }
        long[] last = LAST_WRITE.get();
        if (reply.revision() > last[0]) {
            last[0] = reply.revision();
        }
        return reply;
    }

    private static ObjectRef refOf(ResourceType type, ObjectNode object) {
        String namespace = object.path("metadata").path("namespace").asString(null);
        String name = object.path("metadata").path("name").asString(null);
        return type.ref(namespace, name);
    }
}
