package io.kubesim.agent.pod;

import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.agent.loop.AgentLoop;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.UpdateStatus;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.runtime.CommandBus;

/**
 * Writes one pod's status the way the kubelet's status manager does (pkg/kubelet/status/status_manager.go): only the
 * latest status matters, so writes are coalesced (one in flight, the newest waiting); each write is an
 * {@code UpdateStatus} with the resourceVersion of the newest pod known (compare-and-swap), built on that pod's
 * status so that conditions other components own (DisruptionTarget...) and {@code PodScheduled} stay; on 409 the
 * write waits for a newer pod from the cache and is tried again; on 404 the pod is gone and writing stops. While the
 * node is cut off from the API nothing is sent; the newest status goes out when it is connected again.
 */
final class PodStatusWriter {

    private static final Logger log = LoggerFactory.getLogger(PodStatusWriter.class);
    private static final Duration CONFLICT_RETRY = Duration.ofSeconds(1);
    /** Conditions the kubelet owns (pkg/kubelet/types/pod_status.go PodConditionByKubelet), in its order. */
    private static final Set<String> KUBELET_CONDITIONS = Set.of("PodReadyToStartContainers", "Initialized",
            "Ready", "ContainersReady");

    private final CommandBus bus;
    private final AgentLoop loop;
    private final String actor;
    private final ObjectRef ref;
    private final BooleanSupplier connected;
    private ObjectNode stored;
    private long storedRevision;
    private ObjectNode desired;
    private ObjectNode acked;
    private boolean inFlight;
    private boolean conflicted;
    private boolean gone;
    private Runnable onIdle;

    PodStatusWriter(CommandBus bus, AgentLoop loop, String actor, ObjectRef ref, ObjectNode pod, long revision,
            BooleanSupplier connected) {
        this.bus = bus;
        this.loop = loop;
        this.actor = actor;
        this.ref = ref;
        this.stored = pod;
        this.storedRevision = revision;
        this.connected = connected;
    }

    /** A version of the pod seen in the cache. */
    void observed(ObjectNode pod, long revision) {
        if (revision > storedRevision) {
            stored = pod;
            storedRevision = revision;
            if (conflicted && !inFlight) {
                conflicted = false;
                send();
            }
        }
    }

    /** The newest pod known (from the cache or from the answer to a write). */
    ObjectNode stored() {
        return stored;
    }

    /** Writes {@code status} (the kubelet's part of it) as soon as possible. */
    void write(ObjectNode status) {
        desired = status;
        if (!inFlight && !conflicted) {
            send();
        }
    }

    /** Runs {@code action} once every status given so far is stored (at once if it already is). */
    void whenIdle(Runnable action) {
        onIdle = action;
        if (!inFlight && !conflicted && upToDate()) {
            idle();
        }
    }

    /** Sends what is waiting (the node is connected again). */
    void flush() {
        if (!inFlight) {
            conflicted = false;
            send();
        }
    }

    void stop() {
        gone = true;
    }

    private boolean upToDate() {
        return desired == null || desired.equals(acked);
    }

    private void send() {
        if (gone) {
            return;
        }
        if (upToDate()) {
            idle();
            return;
        }
        if (!connected.getAsBoolean()) {
            return;
        }
        ObjectNode object = stored.deepCopy();
        object.set("status", merged(desired));
        ((ObjectNode) object.path("metadata")).put("resourceVersion", String.valueOf(storedRevision));
        inFlight = true;
        ObjectNode sent = desired;
        bus.submit(actor, new UpdateStatus(ref, object, WriteOptions.DEFAULT))
                .whenComplete((reply, error) -> loop.execute(() -> answered(sent, reply, error)));
    }

    private void answered(ObjectNode sent, CommandReply reply, Throwable error) {
        inFlight = false;
        if (gone) {
            return;
        }
        if (error != null) {
            log.warn("status of {} not written: {}; retrying", ref, error.toString());
            loop.schedule(CONFLICT_RETRY, this::flush);
            return;
        }
        if (reply.succeeded()) {
            acked = sent;
            if (reply.object() instanceof ObjectNode o && reply.revision() >= storedRevision) {
                stored = o;
                storedRevision = reply.revision();
            }
            send();
            return;
        }
        switch (reply.code()) {
            case 404 -> gone = true;
            case 409 -> {
                conflicted = true;
                loop.schedule(CONFLICT_RETRY, () -> {
                    if (conflicted && !inFlight) {
                        conflicted = false;
                        send();
                    }
                });
            }
            default -> log.warn("status of {} refused ({}): {}", ref, reply.code(),
                    reply.status() == null ? "" : reply.status().path("message").asString(""));
        }
    }

    private void idle() {
        if (onIdle != null && !inFlight) {
            Runnable r = onIdle;
            onIdle = null;
            r.run();
        }
    }

    /** The stored status with the kubelet's part replaced. */
    private ObjectNode merged(ObjectNode kubelet) {
        ObjectNode out = kubelet.deepCopy();
        JsonNode current = stored.path("status");
        ArrayNode conditions = KubeJson.json().createArrayNode();
        JsonNode scheduled = null;
        for (JsonNode c : current.path("conditions")) {
            String type = c.path("type").asString("");
            if (type.equals("PodScheduled")) {
                scheduled = c;
            } else if (!KUBELET_CONDITIONS.contains(type)) {
                conditions.add(c.deepCopy());
            }
        }
        JsonNode own = kubelet.path("conditions");
        if (own.isArray()) {
            own.forEach(c -> conditions.add(c.deepCopy()));
        } else {
            for (JsonNode c : current.path("conditions")) {
                if (KUBELET_CONDITIONS.contains(c.path("type").asString(""))) {
                    conditions.add(c.deepCopy());
                }
            }
        }
        if (scheduled != null) {
            conditions.add(scheduled.deepCopy());
        }
        if (!conditions.isEmpty()) {
            out.set("conditions", conditions);
        } else {
            out.remove("conditions");
        }
        if (!out.has("qosClass") && current.has("qosClass")) {
            out.set("qosClass", current.get("qosClass"));
        }
        return out;
    }
}
