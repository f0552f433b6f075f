package io.kubesim.controller.namespace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.ApiError;
import io.kubesim.controller.framework.ClusterIndex;
import io.kubesim.controller.framework.Json;
import io.kubesim.controller.framework.WorkQueue;
import io.kubesim.controller.framework.Writer;
import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.model.command.Command;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.ClusterCache.Entry;

/**
 * The namespace controller (pkg/controller/namespace/namespace_controller.go,
 * deletion/namespaced_resources_deleter.go): a namespace with a deletionTimestamp (phase Terminating) has all its
 * content deleted, its status conditions report what remains (NamespaceContentRemaining,
 * NamespaceFinalizersRemaining ...), and once it is empty it is deleted again, which state-service completes.
 */
@Component
final class NamespaceController implements ClusterCache.Listener, AutoCloseable {

    static final String CONTENT_REMAINING = "NamespaceContentRemaining";
    static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";
    static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
    static final String GV_PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
    static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";

    /** {@code conditionTypes} in upstream order, with the "all is well" reason and message of each. */
    static final List<String[]> CONDITIONS = List.of(
            new String[] {DISCOVERY_FAILURE, "ResourcesDiscovered", "All resources successfully discovered"},
            new String[] {GV_PARSING_FAILURE, "ParsedGroupVersions", "All legacy kube types successfully parsed"},
            new String[] {CONTENT_FAILURE, "ContentDeleted",
                "All content successfully deleted, may be waiting on finalization"},
            new String[] {CONTENT_REMAINING, "ContentRemoved", "All content successfully removed"},
            new String[] {FINALIZERS_REMAINING, "ContentHasNoFinalizers", "All content-preserving finalizers finished"});

    private static final String NS_PREFIX = "/" + Resources.NAMESPACES.qualifiedName() + "/";

    private final ClusterCache cache;
    private final Writer writer;
    private final VirtualClock clock;
    private final WorkQueue<String> queue;

    NamespaceController(ClusterIndex index, Writer writer, VirtualClock clock, ControllerProperties properties) {
        this.cache = index.cache();
        this.writer = writer;
        this.clock = clock;
        this.queue = new WorkQueue<>("namespace", properties.concurrency().namespace(), clock, this::sync,
                () -> Writer.awaitOwnWrites(cache));
        cache.addListener(this);
    }

    @Override
    public void onSynced() {
        queue.start();
    }

    @Override
    public void close() {
        queue.close();
    }

    @Override
    public void onChange(ChangeEvent event, Entry previous, Entry current) {
        String key = event.key();
        if (key.startsWith(NS_PREFIX)) {
            if (current != null && current.json().path("metadata").has("deletionTimestamp")) {
                queue.add(ObjectRef.fromKey(key).name());
            }
            return;
        }
        String namespace = ObjectRef.fromKey(key).namespace();
        if (namespace != null && cache.get(Resources.NAMESPACES.ref(null, namespace))
                .filter(ns -> ns.json().path("metadata").has("deletionTimestamp")).isPresent()) {
            queue.add(namespace);
        }
    }

    /** What a namespace still holds. */
    record Content(Map<String, Integer> remainingByResource, Map<String, Integer> remainingByFinalizer,
            List<Entry> toDelete) {
        boolean empty() {
            return remainingByResource.isEmpty();
        }
    }

    void sync(String name) {
        Optional<Entry> found = cache.get(Resources.NAMESPACES.ref(null, name));
        if (found.isEmpty() || !found.get().json().path("metadata").has("deletionTimestamp")) {
            return;
        }
        Entry ns = found.get();
        Content content = content(name);
        if (content.empty()) {
            try {
                writer.delete(Resources.NAMESPACES.ref(null, name), null, null, null, null);
            } catch (ApiError e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
            return;
        }
        List<Command> deletes = new ArrayList<>();
        for (Entry e : content.toDelete()) {
            deletes.add(Writer.deleteCommand(ObjectRef.fromKey(e.key()),
                    e.json().path("metadata").path("uid").asString(null), null, null, null));
        }
        List<String> failures = new ArrayList<>();
        for (Object r : writer.sendAll(deletes)) {
            if (r instanceof RuntimeException e && !(e instanceof ApiError api && api.isNotFound())) {
                failures.add(e.getMessage());
            }
        }
        String contentFailure = failures.isEmpty() ? null : failures.size() + " remaining: "
                + (failures.size() == 1 ? failures.getFirst() : "[" + String.join(", ", failures) + "]");
        ObjectNode status = status(ns.json().path("status"), content, contentFailure, clock.instant());
        if (!status.equals(ns.json().path("status"))) {
            try {
                writer.updateStatus(Resources.NAMESPACES, Json.withStatus(ns.json(), status));
            } catch (ApiError e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
        }
        if (contentFailure != null) {
            throw new IllegalStateException("deleting the content of namespace " + name + ": " + contentFailure);
        }
    }

    /** Every object in the namespace: counts by resource and by finalizer, and those not yet being deleted. */
    Content content(String namespace) {
        Map<String, Integer> byResource = new TreeMap<>();
        Map<String, Integer> byFinalizer = new TreeMap<>();
        List<Entry> toDelete = new ArrayList<>();
        for (ResourceType type : Resources.all()) {
            if (!type.namespaced()) {
                continue;
            }
            for (Entry e : cache.list(type, namespace)) {
                byResource.merge(type.plural() + "." + type.group(), 1, Integer::sum);
                for (JsonNode f : e.json().path("metadata").path("finalizers")) {
                    byFinalizer.merge(f.asString(""), 1, Integer::sum);
                }
                if (!e.json().path("metadata").has("deletionTimestamp")) {
                    toDelete.add(e);
                }
            }
        }
        return new Content(byResource, byFinalizer, toDelete);
    }

    /** The namespace's status: phase Terminating and the five deletion conditions ({@code namespaceConditionUpdater}). */
    static ObjectNode status(JsonNode previous, Content content, String contentFailure, Instant now) {
        ObjectNode status = previous.isObject() ? ((ObjectNode) previous).deepCopy() : Json.object();
        status.put("phase", "Terminating");
        ArrayNode conditions = status.withArrayProperty("conditions");
        for (String[] c : CONDITIONS) {
            String type = c[0];
            String st = "False";
            String reason = c[1];
            String message = c[2];
            if (CONTENT_FAILURE.equals(type) && contentFailure != null) {
                st = "True";
                reason = "ContentDeletionFailed";
                message = "Failed to delete all resource types, " + contentFailure;
            } else if (CONTENT_REMAINING.equals(type) && !content.remainingByResource().isEmpty()) {
                List<String> parts = new ArrayList<>();
                content.remainingByResource().forEach((r, n) -> parts.add(r + " has " + n + " resource instances"));
                st = "True";
                reason = "SomeResourcesRemain";
                message = "Some resources are remaining: " + String.join(", ", parts);
            } else if (FINALIZERS_REMAINING.equals(type) && !content.remainingByFinalizer().isEmpty()) {
                List<String> parts = new ArrayList<>();
                content.remainingByFinalizer().forEach((f, n) -> parts.add(f + " in " + n + " resource instances"));
                st = "True";
                reason = "SomeFinalizersRemain";
                message = "Some content in the namespace has finalizers remaining: " + String.join(", ", parts);
            }
            ObjectNode existing = null;
            for (JsonNode x : conditions) {
                if (type.equals(x.path("type").asString(""))) {
                    existing = (ObjectNode) x;
                }
            }
            if (existing == null) {
                existing = conditions.addObject();
                existing.put("type", type);
            } else if (st.equals(existing.path("status").asString("")) && reason.equals(existing.path("reason")
                    .asString("")) && message.equals(existing.path("message").asString(""))) {
                continue;
            }
            existing.put("status", st);
            existing.put("lastTransitionTime", KubeTime.time(now));
            existing.put("reason", reason);
            existing.put("message", message);
        }
        return status;
    }
}
