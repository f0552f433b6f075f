package io.kubesim.runtime;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.HasMetadata;

import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.PatchObject;
import io.kubesim.model.command.PatchType;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;

/**
 * Records core/v1 Events as client-go's event recorder does (staging/src/k8s.io/client-go/tools/record/event.go,
 * events_cache.go): an event is named {@code <object name>.<16 hex digits>}; repeating the same reason and message
 * for the same object within 10 minutes bumps {@code count} and {@code lastTimestamp} of the existing Event instead
 * of creating a new one (what {@code kubectl describe} shows as "x5 over 2m").
 */
public final class EventRecorder {

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";

    private static final long AGGREGATION_WINDOW_MILLIS = 10 * 60 * 1000L;
    private static final int MAX_REMEMBERED = 4096;

    private final CommandBus bus;
    private final Clock clock;
    private final String component;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Seen> seen = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    private record Seen(String namespace, String name, int count, Instant first, Instant last) {
    }

    /**
     * @param component the reporting component, e.g. {@code default-scheduler}, {@code kubelet},
     *                  {@code deployment-controller}
     */
    public EventRecorder(CommandBus bus, Clock clock, String component) {
        this.bus = bus;
        this.clock = clock;
        this.component = component;
    }

    /** Records an event about {@code object}, as {@code actor} (null: the bus's own actor). */
    public CompletableFuture<CommandReply> record(HasMetadata object, String type, String reason, String message) {
        return record(object, type, reason, message, null, null, null);
    }

    /**
     * @param host      the node the reporting component runs on ({@code source.host}), or null
     * @param fieldPath e.g. {@code spec.containers{nginx}}, or null
     * @param actor     who writes the event (e.g. {@code system:node:w1}); null for the bus's actor
     */
    public CompletableFuture<CommandReply> record(HasMetadata object, String type, String reason, String message,
            String host, String fieldPath, String actor) {
        String namespace = object.getMetadata().getNamespace() == null ? "default"
                : object.getMetadata().getNamespace();
        Instant now = clock.instant();
        String aggregateKey = object.getKind() + "/" + namespace + "/" + object.getMetadata().getName() + "/"
                + object.getMetadata().getUid() + "/" + fieldPath + "/" + type + "/" + reason + "/" + message;
        Seen previous;
        synchronized (seen) {
            previous = seen.get(aggregateKey);
            if (previous != null && now.toEpochMilli() - previous.last().toEpochMilli() > AGGREGATION_WINDOW_MILLIS) {
                previous = null;
            }
            Seen next = previous == null
                    ? new Seen(namespace, object.getMetadata().getName() + "." + suffix(), 1, now, now)
                    : new Seen(previous.namespace(), previous.name(), previous.count() + 1, previous.first(), now);
            seen.put(aggregateKey, next);
            if (previous != null) {
                String patch = "{\"count\":" + next.count() + ",\"lastTimestamp\":\"" + KubeTime.time(now) + "\"}";
                PatchObject p = new PatchObject(Resources.EVENTS.ref(next.namespace(), next.name()), null,
                        PatchType.MERGE_PATCH, patch, false, WriteOptions.DEFAULT);
                return actor == null ? bus.submit(p) : bus.submit(actor, p);
            }
            ObjectNode event = newEvent(object, namespace, next.name(), type, reason, message, host, fieldPath, now);
            CreateObject c = new CreateObject(Resources.EVENTS.ref(namespace, next.name()), event,
                    WriteOptions.DEFAULT);
            return actor == null ? bus.submit(c) : bus.submit(actor, c);
        }
    }

    private ObjectNode newEvent(HasMetadata object, String namespace, String name, String type, String reason,
            String message, String host, String fieldPath, Instant now) {
        ObjectNode e = KubeJson.json().createObjectNode();
        e.put("apiVersion", "v1");
        e.put("kind", "Event");
        e.putObject("metadata").put("name", name).put("namespace", namespace);
        ObjectNode involved = e.putObject("involvedObject");
        involved.put("apiVersion", object.getApiVersion());
        involved.put("kind", object.getKind());
        if (object.getMetadata().getNamespace() != null) {
            involved.put("namespace", object.getMetadata().getNamespace());
        }
        involved.put("name", object.getMetadata().getName());
        if (object.getMetadata().getUid() != null) {
            involved.put("uid", object.getMetadata().getUid());
        }
        if (object.getMetadata().getResourceVersion() != null) {
            involved.put("resourceVersion", object.getMetadata().getResourceVersion());
        }
        if (fieldPath != null) {
            involved.put("fieldPath", fieldPath);
        }
        e.put("reason", reason);
        e.put("message", message);
        ObjectNode source = e.putObject("source").put("component", component);
        if (host != null) {
            source.put("host", host);
        }
        e.put("firstTimestamp", KubeTime.time(now));
        e.put("lastTimestamp", KubeTime.time(now));
        e.put("count", 1);
        e.put("type", type);
        e.putNull("eventTime");
        e.put("reportingComponent", component);
        e.put("reportingInstance", host != null ? host : "");
        return e;
    }

    private String suffix() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
