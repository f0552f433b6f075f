package io.kubesim.controller.gc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.ClusterCache.Entry;

/**
 * The garbage collector (pkg/controller/garbagecollector/garbagecollector.go, graph_builder.go): an object none of
 * whose owners exists any more is deleted (background propagation, or the policy its own finalizers ask for); owners
 * that no longer exist are removed from objects that still have a live owner; an owner deleted with
 * {@code propagationPolicy=Orphan} (finalizer {@code orphan}) has its reference removed from its dependents and then
 * the finalizer; one deleted in the foreground (finalizer {@code foregroundDeletion}) keeps the finalizer until every
 * dependent that blocks owner deletion is gone, its dependents being deleted first.
 *
 * <p>The owner graph is {@link ClusterIndex#dependents}; whether an owner exists is read from the cache, which holds
 * every change in revision order. Owners of kinds this cluster does not serve count as existing.
 */
@Component
final class GarbageCollector implements ClusterCache.Listener, AutoCloseable {

    static final String FOREGROUND_FINALIZER = "foregroundDeletion";
    static final String ORPHAN_FINALIZER = "orphan";

    /** How one owner reference of a dependent stands. */
    enum OwnerState {
        /** The owner exists and is not waiting for its dependents. */
        SOLID,
        /** The owner does not exist (or has another uid). */
        DANGLING,
        /** The owner is being deleted in the foreground. */
        WAITING_FOR_DEPENDENTS
    }

    private final ClusterCache cache;
    private final ClusterIndex index;
    private final Writer writer;
    private final WorkQueue<String> attemptToDelete;
    private final WorkQueue<String> attemptToOrphan;

    GarbageCollector(ClusterIndex index, Writer writer, VirtualClock clock, ControllerProperties properties) {
        this.cache = index.cache();
        this.index = index;
        this.writer = writer;
        this.attemptToDelete = new WorkQueue<>("gc-attempt-to-delete", properties.concurrency().garbageCollector(),
                clock, this::attemptToDeleteItem, () -> Writer.awaitOwnWrites(cache));
        this.attemptToOrphan = new WorkQueue<>("gc-attempt-to-orphan", 1, clock, this::attemptToOrphanItem,
                () -> Writer.awaitOwnWrites(cache));
        cache.addListener(this);
    }

    @Override
    public void onSynced() {
        attemptToDelete.start();
        attemptToOrphan.start();
    }

    @Override
    public void close() {
        attemptToDelete.close();
        attemptToOrphan.close();
    }

    // ------------------------------------------------------------------------------------------ graph changes

    @Override
    public void onChange(ChangeEvent event, Entry previous, Entry current) {
        String key = event.key();
        if (current == null) {
            String uid = uid(previous.json());
            for (String dependent : index.dependents(uid)) {
                attemptToDelete.add(dependent);
            }
            for (JsonNode ref : previous.json().path("metadata").path("ownerReferences")) {
                ownerKey(ref, namespaceOf(key)).flatMap(cache::get)
                        .filter(owner -> deletingWith(owner.json(), FOREGROUND_FINALIZER))
                        .ifPresent(owner -> attemptToDelete.add(owner.key()));
            }
            return;
        }
        JsonNode refs = current.json().path("metadata").path("ownerReferences");
        JsonNode oldRefs = previous == null ? null : previous.json().path("metadata").path("ownerReferences");
        if (!refs.isEmpty() && (oldRefs == null || !refs.equals(oldRefs))) {
            attemptToDelete.add(key);
        }
        if (deletingWith(current.json(), ORPHAN_FINALIZER)) {
            attemptToOrphan.add(key);
        }
        if (deletingWith(current.json(), FOREGROUND_FINALIZER)) {
            attemptToDelete.add(key);
            boolean started = previous == null || !deletingWith(previous.json(), FOREGROUND_FINALIZER);
            if (started) {
                for (String dependent : index.dependents(uid(current.json()))) {
                    attemptToDelete.add(dependent);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ attempt to delete

    /** {@code attemptToDeleteItem}. */
    void attemptToDeleteItem(String key) {
        Optional<Entry> found = cache.get(key);
        if (found.isEmpty()) {
            return;
        }
        Entry item = found.get();
        ObjectNode json = item.json();
        boolean deleting = json.path("metadata").has("deletionTimestamp");
        if (deleting && !hasFinalizer(json, FOREGROUND_FINALIZER)) {
            return;
        }
        if (deleting) {
            processDeletingDependents(item);
            return;
        }
        JsonNode refs = json.path("metadata").path("ownerReferences");
        if (refs.isEmpty()) {
            return;
        }
        String namespace = namespaceOf(key);
        Set<String> danglingOrWaiting = new HashSet<>();
        boolean solid = false;
        boolean waiting = false;
        for (JsonNode ref : refs) {
            OwnerState state = classify(ref, namespace);
            switch (state) {
                case SOLID -> solid = true;
                case DANGLING -> danglingOrWaiting.add(ref.path("uid").asString(""));
                case WAITING_FOR_DEPENDENTS -> {
                    waiting = true;
                    danglingOrWaiting.add(ref.path("uid").asString(""));
                }
            }
        }
        if (solid) {
            if (danglingOrWaiting.isEmpty()) {
                return;
            }
            patchOwnerReferences(item, r -> !danglingOrWaiting.contains(r.path("uid").asString("")), false);
            return;
        }
        Set<String> dependents = index.dependents(uid(json));
        if (waiting && !dependents.isEmpty()) {
            for (Entry dep : index.entries(dependents)) {
                if (deletingWith(dep.json(), FOREGROUND_FINALIZER)) {
                    patchOwnerReferences(item, r -> true, true);
                    break;
                }
            }
            delete(key, json, "Foreground");
            return;
        }
        String policy = hasFinalizer(json, ORPHAN_FINALIZER) ? "Orphan"
                : hasFinalizer(json, FOREGROUND_FINALIZER) ? "Foreground" : "Background";
        delete(key, json, policy);
    }

    /** How an owner reference of a dependent in {@code namespace} (null: cluster-scoped) stands. */
    OwnerState classify(JsonNode ref, String namespace) {
        Optional<ResourceType> type = Resources.byKind(ref.path("apiVersion").asString(""),
                ref.path("kind").asString(""));
        if (type.isEmpty()) {
            return OwnerState.SOLID;
        }
        if (type.get().namespaced() && namespace == null) {
            return OwnerState.DANGLING;
        }
        Optional<Entry> owner = cache.get(type.get().ref(namespace, ref.path("name").asString("")));
        if (owner.isEmpty() || !uid(owner.get().json()).equals(ref.path("uid").asString(""))) {
            return OwnerState.DANGLING;
        }
        if (deletingWith(owner.get().json(), FOREGROUND_FINALIZER)) {
            return OwnerState.WAITING_FOR_DEPENDENTS;
        }
        return OwnerState.SOLID;
    }

    /**
     * {@code processDeletingDependentsItem}: the foreground finalizer goes once no dependent blocks; until then the
     * blocking dependents are deleted.
     */
    private void processDeletingDependents(Entry owner) {
        String ownerUid = uid(owner.json());
        List<Entry> blocking = new ArrayList<>();
        for (Entry dep : index.entries(index.dependents(ownerUid))) {
            for (JsonNode ref : dep.json().path("metadata").path("ownerReferences")) {
                if (ownerUid.equals(ref.path("uid").asString("")) && ref.path("blockOwnerDeletion").asBoolean(false)) {
                    blocking.add(dep);
                    break;
                }
            }
        }
        if (blocking.isEmpty()) {
            removeFinalizer(owner, FOREGROUND_FINALIZER);
            return;
        }
        for (Entry dep : blocking) {
            if (!deletingWith(dep.json(), FOREGROUND_FINALIZER)) {
                attemptToDelete.add(dep.key());
            }
        }
    }

    // ------------------------------------------------------------------------------------------ attempt to orphan

    /** {@code attemptToOrphanWorker}: removes the owner from its dependents, then the {@code orphan} finalizer. */
    void attemptToOrphanItem(String key) {
        Optional<Entry> found = cache.get(key);
        if (found.isEmpty() || !deletingWith(found.get().json(), ORPHAN_FINALIZER)) {
            return;
        }
        Entry owner = found.get();
        String ownerUid = uid(owner.json());
        for (Entry dep : index.entries(index.dependents(ownerUid))) {
            try {
                patchOwnerReferences(dep, r -> !ownerUid.equals(r.path("uid").asString("")), false);
            } catch (ApiError e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
        }
        removeFinalizer(owner, ORPHAN_FINALIZER);
    }

    // ------------------------------------------------------------------------------------------ writes

    private void delete(String key, ObjectNode json, String policy) {
        try {
            writer.delete(ObjectRef.fromKey(key), uid(json), json.path("metadata").path("resourceVersion")
                    .asString(null), null, policy);
        } catch (ApiError e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    /** Keeps the owner references passing {@code keep}; optionally with blockOwnerDeletion turned off. */
    private void patchOwnerReferences(Entry item, java.util.function.Predicate<JsonNode> keep, boolean unblock) {
        ObjectNode patch = Json.casPatch(String.valueOf(item.revision()));
        ArrayNode refs = patch.withObjectProperty("metadata").putArray("ownerReferences");
        for (JsonNode ref : item.json().path("metadata").path("ownerReferences")) {
            if (keep.test(ref)) {
                ObjectNode copy = (ObjectNode) ref.deepCopy();
                if (unblock && copy.path("blockOwnerDeletion").asBoolean(false)) {
                    copy.put("blockOwnerDeletion", false);
                }
                refs.add(copy);
            }
        }
        if (refs.isEmpty()) {
            ((ObjectNode) patch.get("metadata")).putNull("ownerReferences");
        }
        writer.mergePatch(ObjectRef.fromKey(item.key()), patch);
    }

    private void removeFinalizer(Entry item, String finalizer) {
        ObjectNode patch = Json.casPatch(String.valueOf(item.revision()));
        ArrayNode remaining = patch.withObjectProperty("metadata").putArray("finalizers");
        for (JsonNode f : item.json().path("metadata").path("finalizers")) {
            if (!finalizer.equals(f.asString(""))) {
                remaining.add(f);
            }
        }
        if (remaining.isEmpty()) {
            ((ObjectNode) patch.get("metadata")).putNull("finalizers");
        }
        try {
            writer.mergePatch(ObjectRef.fromKey(item.key()), patch);
        } catch (ApiError e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static Optional<String> ownerKey(JsonNode ref, String namespace) {
        return Resources.byKind(ref.path("apiVersion").asString(""), ref.path("kind").asString(""))
                .filter(t -> !t.namespaced() || namespace != null)
                .map(t -> t.ref(namespace, ref.path("name").asString("")).key());
    }

    static boolean hasFinalizer(JsonNode json, String finalizer) {
        for (JsonNode f : json.path("metadata").path("finalizers")) {
            if (finalizer.equals(f.asString(""))) {
                return true;
            }
        }
        return false;
    }

    static boolean deletingWith(JsonNode json, String finalizer) {
        return json.path("metadata").has("deletionTimestamp") && hasFinalizer(json, finalizer);
    }

    private static String uid(JsonNode json) {
        return json.path("metadata").path("uid").asString("");
    }

    private static String namespaceOf(String key) {
        return ObjectRef.fromKey(key).namespace();
    }
}
