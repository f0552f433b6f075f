package io.kubesim.controller.namespace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.ApiError;
import io.kubesim.controller.framework.ClusterIndex;
import io.kubesim.controller.framework.WorkQueue;
import io.kubesim.controller.framework.Writer;
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
 * content deleted (pods gracefully, objects with finalizers once these are removed), and once it is empty it is
 * deleted again, which state-service completes.
 *
 * <p>The namespace's deletion conditions (NamespaceContentRemaining ...) are not written: state-service keeps a
 * terminating namespace only while nothing updates it (it has no {@code spec.finalizers} to hold it), so a status
 * update would delete it with its content still there.
 */
@Component
final class NamespaceController implements ClusterCache.Listener, AutoCloseable {

    private static final String NS_PREFIX = "/" + Resources.NAMESPACES.qualifiedName() + "/";

    private final ClusterCache cache;
    private final Writer writer;
    private final WorkQueue<String> queue;

    NamespaceController(ClusterIndex index, Writer writer, VirtualClock clock, ControllerProperties properties) {
        this.cache = index.cache();
        this.writer = writer;
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

    void sync(String name) {
        Optional<Entry> found = cache.get(Resources.NAMESPACES.ref(null, name));
        if (found.isEmpty() || !found.get().json().path("metadata").has("deletionTimestamp")) {
            return;
        }
        List<Entry> content = content(name);
        if (content.isEmpty()) {
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
        for (Entry e : content) {
            if (!e.json().path("metadata").has("deletionTimestamp")) {
                deletes.add(Writer.deleteCommand(ObjectRef.fromKey(e.key()),
                        e.json().path("metadata").path("uid").asString(null), null, null, null));
            }
        }
        List<String> failures = new ArrayList<>();
        for (Object r : writer.sendAll(deletes)) {
            if (r instanceof RuntimeException e && !(e instanceof ApiError api && api.isNotFound())) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("Failed to delete all resource types, " + failures.size()
                    + " remaining: " + String.join(", ", failures));
        }
    }

    /** Every object of a namespaced resource in the namespace. */
    List<Entry> content(String namespace) {
        List<Entry> out = new ArrayList<>();
        for (ResourceType type : Resources.all()) {
            if (type.namespaced()) {
                out.addAll(cache.list(type, namespace));
            }
        }
        return out;
    }
}
