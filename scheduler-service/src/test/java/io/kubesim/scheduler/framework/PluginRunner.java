package io.kubesim.scheduler.framework;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

/** Runs one plugin's extension points the way the framework does, for the plugins' table tests. */
public final class PluginRunner {

    private PluginRunner() {
    }

    /** The PreFilter result (or null when the plugin has no PreFilter) and the Filter status of each node. */
    public record FilterRun(PreFilterResult preFilter, List<Status> statuses) {
    }

    /**
     * PreFilter, then Filter on every node in snapshot order (Success when PreFilter skipped the plugin, the
     * PreFilter status when it rejected the pod); statuses carry the plugin name as the framework sets it.
     */
    public static FilterRun filter(Plugin plugin, Pod pod, Snapshot snapshot) {
        CycleState state = new CycleState();
        PodInfo info = PodInfo.of(pod);
        PreFilterResult pre = null;
        if (plugin instanceof PreFilterPlugin p) {
            pre = p.preFilter(state, info, snapshot);
        }
        List<Status> out = new ArrayList<>();
        for (NodeInfo node : snapshot.nodes()) {
            Status s;
            if (pre != null && pre.status().isSkip()) {
                s = Status.SUCCESS;
            } else if (pre != null && !pre.status().isSuccess()) {
                s = pre.status().withPlugin(plugin.name());
            } else {
                s = ((FilterPlugin) plugin).filter(state, info, node);
                s = s.isSuccess() ? s : s.withPlugin(plugin.name());
            }
            out.add(s);
        }
        return new FilterRun(pre, out);
    }

    /** Filter status per node name of a snapshot made of these nodes and pods. */
    public static Map<String, Status> filterStatuses(Plugin plugin, Pod pod, List<Node> nodes, List<Pod> pods) {
        Snapshot snapshot = Snapshot.of(nodes, pods);
        List<Status> statuses = filter(plugin, pod, snapshot).statuses();
        Map<String, Status> out = new LinkedHashMap<>();
        for (int i = 0; i < statuses.size(); i++) {
            out.put(snapshot.nodes().get(i).name(), statuses.get(i));
        }
        return out;
    }

    /**
     * PreScore over all nodes of the snapshot, Score and NormalizeScore; every score is 0 when PreScore skipped the
     * plugin. The scores follow the snapshot's node order.
     */
    public static long[] scores(ScorePlugin plugin, Pod pod, Snapshot snapshot) {
        CycleState state = new CycleState();
        PodInfo info = PodInfo.of(pod);
        List<NodeInfo> nodes = snapshot.nodes();
        long[] scores = new long[nodes.size()];
        if (plugin instanceof PreScorePlugin p) {
            Status s = p.preScore(state, info, nodes, snapshot);
            if (s.isSkip()) {
                return scores;
            }
            if (!s.isSuccess()) {
                throw new AssertionError("PreScore failed: " + s);
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            scores[i] = plugin.score(state, info, nodes.get(i));
        }
        Status n = plugin.normalizeScore(state, info, nodes, scores);
        if (!n.isSuccess()) {
            throw new AssertionError("NormalizeScore failed: " + n);
        }
        return scores;
    }

    /** Normalised score per node name of a snapshot made of these nodes and pods. */
    public static Map<String, Long> scores(ScorePlugin plugin, Pod pod, List<Node> nodes, List<Pod> pods) {
        Snapshot snapshot = Snapshot.of(nodes, pods);
        long[] s = scores(plugin, pod, snapshot);
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < s.length; i++) {
            out.put(snapshot.nodes().get(i).name(), s[i]);
        }
        return out;
    }
}
