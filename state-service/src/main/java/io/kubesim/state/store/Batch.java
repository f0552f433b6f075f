package io.kubesim.state.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The state as one batch of commands sees it: the {@link Projection} plus the changes earlier commands of the same
 * batch made. Revisions are handed out here, one after the other; nothing reaches the projection until the batch's
 * transaction has committed ({@link #commitTo}). A failed transaction just drops the batch.
 */
public final class Batch implements StateView {

    private final Projection base;
    private final TreeMap<String, Optional<StoredObject>> overlay = new TreeMap<>();
    private final Map<String, String> overlayPodNode = new HashMap<>();
    private long nextRevision;

    public Batch(Projection base, long nextRevision) {
        this.base = base;
        this.nextRevision = nextRevision;
    }

    public long allocateRevision() {
        return nextRevision++;
    }

    /** The revision the next batch starts from once this one commits. */
    public long nextRevision() {
        return nextRevision;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        Optional<StoredObject> o = overlay.get(key);
        return o != null ? o : base.get(key);
    }

    @Override
    public List<StoredObject> list(String prefix) {
        Map<String, Optional<StoredObject>> changed = overlay.subMap(prefix, true, prefix + Character.MAX_VALUE,
                false);
        if (changed.isEmpty()) {
            return base.list(prefix);
        }
        TreeMap<String, StoredObject> merged = new TreeMap<>(base.range(prefix));
        changed.forEach((k, v) -> {
            if (v.isPresent()) {
                merged.put(k, v.get());
            } else {
                merged.remove(k);
            }
        });
        return List.copyOf(merged.values());
    }

    /** Keys of the pods bound to a node, counting this batch's changes. */
    public Set<String> podsOnNode(String nodeName) {
        Set<String> pods = new HashSet<>(base.podsOnNode(nodeName));
        overlayPodNode.forEach((key, node) -> {
            if (node.equals(nodeName)) {
                pods.add(key);
            } else {
                pods.remove(key);
            }
        });
        return pods;
    }

    void put(String key, StoredObject object) {
        overlay.put(key, Optional.of(object));
        if (Keys.isPod(key)) {
            String node = object.nodeName();
            overlayPodNode.put(key, node == null ? "" : node);
        }
    }

    void remove(String key) {
        overlay.put(key, Optional.empty());
        if (Keys.isPod(key)) {
            overlayPodNode.put(key, "");
        }
    }

    public boolean isEmpty() {
        return overlay.isEmpty();
    }

    /** Applies this batch's changes to the projection, after its transaction committed. */
    public void commitTo(Projection projection) {
        overlay.forEach((k, v) -> {
            if (v.isPresent()) {
                projection.put(k, v.get());
            } else {
                projection.remove(k);
            }
        });
    }
}
