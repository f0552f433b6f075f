package io.kubesim.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.HasMetadata;

import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.event.ChangeType;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;

/**
 * A process-local replica of cluster state, fed by {@code kubesim.events} in revision order (like an informer's
 * store). Entries are immutable: never modify the JSON or the typed object of an entry; copy first.
 *
 * <p>Reads may happen on any thread; changes are applied by one thread (the {@link EventStream}), which also calls
 * the listeners, in revision order, after the change is visible.
 */
public final class ClusterCache {

    private static final Logger log = LoggerFactory.getLogger(ClusterCache.class);

    /**
     * One cached object.
     *
     * @param key      storage key
     * @param revision the object's resourceVersion
     * @param json     the object as stored
     * @param object   the same object as a fabric8 type (null if its resource is unknown to this build)
     */
    public record Entry(String key, long revision, ObjectNode json, HasMetadata object) {

        public <T extends HasMetadata> T as(Class<T> type) {
            return type.cast(object);
        }
    }

    /** Called for every applied change, on the event thread, in revision order. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param event    the change
         * @param previous the entry before the change (null for ADDED)
         * @param current  the entry after the change (null for DELETED)
         */
        void onChange(ChangeEvent event, Entry previous, Entry current);

        /** Called once, when the cache has caught up with the events that existed at start. */
        default void onSynced() {
        }
    }

    private record Waiter(long revision, CompletableFuture<Long> future) {
    }

    private final ConcurrentSkipListMap<String, Entry> entries = new ConcurrentSkipListMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> Long.compare(a.revision, b.revision));
    private final CompletableFuture<Long> synced = new CompletableFuture<>();
    private volatile long revision;

    /** The highest revision applied. */
    public long revision() {
        return revision;
    }

    public boolean isSynced() {
        return synced.isDone();
    }

    /** Completes with the revision at which the cache caught up with the log. */
    public CompletableFuture<Long> whenSynced() {
        return synced;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    public Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public Optional<Entry> get(ObjectRef ref) {
        return get(ref.key());
    }

    public <T extends HasMetadata> Optional<T> get(ResourceType type, String namespace, String name, Class<T> cls) {
        return get(type.ref(namespace, name).key()).map(e -> e.as(cls));
    }

    /** Every entry whose key starts with {@code prefix}, in key order. */
    public Collection<Entry> list(String prefix) {
        ConcurrentNavigableMap<String, Entry> sub = entries.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
        return sub.values();
    }

    /** Every object of a resource, in all namespaces (namespace null) or one. */
    public Collection<Entry> list(ResourceType type, String namespace) {
        return list(ObjectRef.prefix(type.qualifiedName(), type.namespaced() ? namespace : null));
    }

    public <T extends HasMetadata> List<T> list(ResourceType type, String namespace, Class<T> cls) {
        Collection<Entry> found = list(type, namespace);
        List<T> out = new ArrayList<>(found.size());
        for (Entry e : found) {
            out.add(e.as(cls));
        }
        return out;
    }

    public int size() {
        return entries.size();
    }

    /** Completes once the cache has applied {@code revision} (at once if it already has). */
    public CompletableFuture<Long> awaitRevision(long wanted) {
        if (revision >= wanted) {
            return CompletableFuture.completedFuture(revision);
        }
        CompletableFuture<Long> f = new CompletableFuture<>();
        synchronized (waiters) {
            if (revision >= wanted) {
                return CompletableFuture.completedFuture(revision);
            }
            waiters.add(new Waiter(wanted, f));
        }
        return f;
    }

    /** Applies one change; changes at or below the current revision are duplicates and ignored. */
    void apply(ChangeEvent event) {
        if (event.revision() <= revision) {
            return;
        }
        Entry previous = entries.get(event.key());
        Entry current = null;
        if (event.type() == ChangeType.DELETED) {
            entries.remove(event.key());
        } else {
            ObjectNode json = (ObjectNode) event.object();
            current = new Entry(event.key(), event.revision(), json, typed(event.key(), json));
            entries.put(event.key(), current);
        }
        revision = event.revision();
        for (Listener l : listeners) {
            try {
                l.onChange(event, previous, current);
            } catch (RuntimeException e) {
                log.error("cache listener {} failed on revision {}", l, event.revision(), e);
            }
        }
        releaseWaiters();
    }

    void markSynced() {
        if (synced.complete(revision)) {
            for (Listener l : listeners) {
                try {
                    l.onSynced();
                } catch (RuntimeException e) {
                    log.error("cache listener {} failed on sync", l, e);
                }
            }
        }
    }

    private void releaseWaiters() {
        List<Waiter> ready = new ArrayList<>();
        synchronized (waiters) {
            while (!waiters.isEmpty() && waiters.peek().revision <= revision) {
                ready.add(waiters.poll());
            }
        }
        for (Waiter w : ready) {
            w.future.complete(revision);
        }
    }

    private static HasMetadata typed(String key, ObjectNode json) {
        try {
            return Resources.byQualifiedName(ObjectRef.fromKey(key).resource())
                    .map(t -> (HasMetadata) KubeJson.convert(json, t.javaType()))
                    .orElse(null);
        } catch (RuntimeException e) {
            log.warn("cannot read {} as its model type: {}", key, e.getMessage());
            return null;
        }
    }
}
