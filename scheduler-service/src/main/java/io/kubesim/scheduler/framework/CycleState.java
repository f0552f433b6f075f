package io.kubesim.scheduler.framework;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Data the plugins share within one scheduling cycle (pkg/scheduler/framework/cycle_state.go, Kubernetes 1.32):
 * what a PreFilter computed for its Filter, what a PreScore computed for its Score, and which plugins asked to be
 * skipped. Read concurrently by the parallel filter and score loops, written only by the sequential steps.
 */
public final class CycleState {

    /** State that preemption may modify on a per-node copy of the cycle state. */
    public interface StateData {
        StateData copy();
    }

    /** A typed key. */
    public record Key<T extends StateData>(String name) {
    }

    private final Map<Key<?>, StateData> data = new HashMap<>();
    private final Set<String> skipFilterPlugins = new HashSet<>();
    private final Set<String> skipScorePlugins = new HashSet<>();

    public <T extends StateData> void write(Key<T> key, T value) {
        data.put(key, value);
    }

    /** The value, or {@code null} when it was never written (the plugin's PreFilter/PreScore did not run). */
    @SuppressWarnings("unchecked")
    public <T extends StateData> T read(Key<T> key) {
        return (T) data.get(key);
    }

    void skipFilter(String plugin) {
        skipFilterPlugins.add(plugin);
    }

    void skipScore(String plugin) {
        skipScorePlugins.add(plugin);
    }

    boolean filterSkipped(String plugin) {
        return skipFilterPlugins.contains(plugin);
    }

    boolean scoreSkipped(String plugin) {
        return skipScorePlugins.contains(plugin);
    }

    /** A copy whose state data can be changed independently (preemption's what-if evaluation of one node). */
    public CycleState copy() {
        CycleState c = new CycleState();
        data.forEach((k, v) -> c.data.put(k, v.copy()));
        c.skipFilterPlugins.addAll(skipFilterPlugins);
        c.skipScorePlugins.addAll(skipScorePlugins);
        return c;
    }
}
