package io.kubesim.controller.framework;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * {@code UIDTrackingControllerExpectations} (pkg/controller/controller_utils.go): how many pod creations a controller
 * still expects to see, and which pods it expects to see deleted, after it wrote them. A controller does not act on a
 * key whose expectations are pending (its cache is behind its own writes); expectations older than 5 minutes are
 * treated as satisfied, so a lost event cannot block a controller forever.
 *
 * <p>The timeout is wall-clock time: it guards against lost events, not a cluster behaviour.
 */
public final class Expectations {

    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private record Pending(int creations, Set<String> deletions, long setAtNanos) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final LongSupplier nanos;

    public Expectations() {
        this(System::nanoTime);
    }

    Expectations(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** Whether the controller may act on {@code key}: nothing pending, or pending for too long. */
    public boolean satisfied(String key) {
        Pending p = pending.get(key);
        if (p == null) {
            return true;
        }
        if (p.creations() <= 0 && p.deletions().isEmpty()) {
            return true;
        }
        return nanos.getAsLong() - p.setAtNanos() > TIMEOUT.toNanos();
    }

    /** Records that {@code creations} pods and the deletion of {@code deletions} (pod storage keys) are expected. */
    public void expect(String key, int creations, Set<String> deletions) {
        pending.put(key, new Pending(creations, Set.copyOf(deletions), nanos.getAsLong()));
    }

    public void creationObserved(String key) {
        pending.computeIfPresent(key, (k, p) -> new Pending(p.creations() - 1, p.deletions(), p.setAtNanos()));
    }

    /** Lowers the expected creations by {@code count} (creations that failed, or were skipped). */
    public void creationsSkipped(String key, int count) {
        pending.computeIfPresent(key, (k, p) -> new Pending(p.creations() - count, p.deletions(), p.setAtNanos()));
    }

    public void deletionObserved(String key, String podKey) {
        pending.computeIfPresent(key, (k, p) -> {
            if (!p.deletions().contains(podKey)) {
                return p;
            }
            Set<String> rest = new HashSet<>(p.deletions());
            rest.remove(podKey);
            return new Pending(p.creations(), Set.copyOf(rest), p.setAtNanos());
        });
    }

    public void forget(String key) {
        pending.remove(key);
    }
}
