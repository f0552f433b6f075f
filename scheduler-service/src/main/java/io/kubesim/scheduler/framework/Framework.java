package io.kubesim.scheduler.framework;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The plugins of one profile and how to run each extension point (pkg/scheduler/framework/runtime/framework.go,
 * Kubernetes 1.32). Built by {@code io.kubesim.scheduler.plugins.DefaultPlugins}.
 */
public final class Framework {

    /** A score plugin with its weight. */
    public record WeightedScorePlugin(ScorePlugin plugin, int weight) {
    }

    private final ProfileConfig config;
    private final List<PreFilterPlugin> preFilterPlugins;
    private final List<FilterPlugin> filterPlugins;
    private final List<PostFilterPlugin> postFilterPlugins;
    private final List<PreScorePlugin> preScorePlugins;
    private final List<WeightedScorePlugin> scorePlugins;
    private final List<ReservePlugin> reservePlugins;
    private final Map<String, List<ClusterEventWithHint>> eventsByPlugin;

    public Framework(ProfileConfig config, List<PreFilterPlugin> preFilterPlugins, List<FilterPlugin> filterPlugins,
                     List<PostFilterPlugin> postFilterPlugins, List<PreScorePlugin> preScorePlugins,
                     List<WeightedScorePlugin> scorePlugins, List<ReservePlugin> reservePlugins,
                     List<EnqueueExtensions> enqueueExtensions) {
        this.config = config;
        this.preFilterPlugins = List.copyOf(preFilterPlugins);
        this.filterPlugins = List.copyOf(filterPlugins);
        this.postFilterPlugins = List.copyOf(postFilterPlugins);
        this.preScorePlugins = List.copyOf(preScorePlugins);
        this.scorePlugins = List.copyOf(scorePlugins);
        this.reservePlugins = List.copyOf(reservePlugins);
        Map<String, List<ClusterEventWithHint>> events = new LinkedHashMap<>();
        for (EnqueueExtensions e : enqueueExtensions) {
            events.put(e.name(), List.copyOf(e.eventsToRegister()));
        }
        this.eventsByPlugin = java.util.Collections.unmodifiableMap(events);
    }

    public String profileName() {
        return config.schedulerName();
    }

    public ProfileConfig config() {
        return config;
    }

    /** Each plugin's registered events, for the scheduling queue. */
    public Map<String, List<ClusterEventWithHint>> eventsByPlugin() {
        return eventsByPlugin;
    }

    public List<WeightedScorePlugin> scorePlugins() {
        return scorePlugins;
    }

    public boolean hasFilterPlugins() {
        return !filterPlugins.isEmpty();
    }

    public boolean hasScorePlugins() {
        return !scorePlugins.isEmpty();
    }

    public boolean hasPostFilterPlugins() {
        return !postFilterPlugins.isEmpty();
    }

    /** The outcome of the PreFilter extension point. */
    record PreFilterOutcome(Set<String> nodeNames, Status status, Set<String> pluginsWithNodes) {
    }

    PreFilterOutcome runPreFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        Set<String> nodeNames = null;
        Set<String> pluginsWithNodes = new TreeSet<>();
        Status returnStatus = Status.SUCCESS;
        for (PreFilterPlugin pl : preFilterPlugins) {
            PreFilterResult r = pl.preFilter(state, pod, snapshot);
            Status s = r.status();
            if (s.isSkip()) {
                state.skipFilter(pl.name());
                continue;
            }
            if (!s.isSuccess()) {
                s = s.withPlugin(pl.name());
                if (s.code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
                    return new PreFilterOutcome(null, s, Set.of());
                }
                if (s.code() == Status.Code.UNSCHEDULABLE) {
                    returnStatus = s;
                    continue;
                }
                return new PreFilterOutcome(null, Status.error("running PreFilter plugin \"" + pl.name() + "\": "
                        + s.message()).withPlugin(pl.name()), Set.of());
            }
            if (!r.allNodes()) {
                pluginsWithNodes.add(pl.name());
                if (nodeNames == null) {
                    nodeNames = new TreeSet<>(r.nodeNames());
                } else {
                    nodeNames.retainAll(r.nodeNames());
                }
                if (nodeNames.isEmpty()) {
                    String msg = pluginsWithNodes.size() == 1
                            ? "node(s) didn't satisfy plugin " + pluginsWithNodes.iterator().next()
                            : "node(s) didn't satisfy plugin(s) " + goList(pluginsWithNodes) + " simultaneously";
                    return new PreFilterOutcome(nodeNames, Status.unresolvable(msg), pluginsWithNodes);
                }
            }
        }
        return new PreFilterOutcome(nodeNames, returnStatus, pluginsWithNodes);
    }

    /** {@code [a b c]}, the way Go prints a string slice. */
    static String goList(Set<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    /** Runs the filter plugins in order; the first rejection ends the node's evaluation. */
    Status runFilter(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        for (FilterPlugin pl : filterPlugins) {
            if (state.filterSkipped(pl.name())) {
                continue;
            }
            Status s = pl.filter(state, pod, nodeInfo);
            if (!s.isSuccess()) {
                if (!s.isRejected()) {
                    return Status.error("running \"" + pl.name() + "\" filter plugin: " + s.message())
                            .withPlugin(pl.name());
                }
                return pl.name().equals(s.plugin()) ? s : s.withPlugin(pl.name());
            }
        }
        return Status.SUCCESS;
    }

    /**
     * Filters with the node's nominated pods of equal or higher priority added first and, if that passes, again
     * without them (both must pass).
     */
    Status runFilterWithNominatedPods(CycleState state, PodInfo pod, NodeInfo nodeInfo, Nominator nominator) {
        List<PodInfo> nominated = nominator.nominatedPodsForNode(nodeInfo.name());
        if (nominated.isEmpty()) {
            return runFilter(state, pod, nodeInfo);
        }
        NodeInfo withNominated = null;
        CycleState stateWithNominated = null;
        for (PodInfo p : nominated) {
            if (p.priority() >= pod.priority() && !p.uid().equals(pod.uid())) {
                if (withNominated == null) {
                    withNominated = nodeInfo.copy();
                    stateWithNominated = state.copy();
                }
                withNominated.addPod(p);
                Status s = runPreFilterExtensionAddPod(stateWithNominated, pod, p, withNominated);
                if (!s.isSuccess()) {
                    return Status.error(s.message());
                }
            }
        }
        if (withNominated == null) {
            return runFilter(state, pod, nodeInfo);
        }
        Status first = runFilter(stateWithNominated, pod, withNominated);
        if (!first.isSuccess()) {
            return first;
        }
        return runFilter(state, pod, nodeInfo);
    }

    Status runPreFilterExtensionAddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo node) {
        for (PreFilterPlugin pl : preFilterPlugins) {
            if (pl instanceof PreFilterExtensions ext && !state.filterSkipped(pl.name())) {
                Status s = ext.addPod(state, podToSchedule, podToAdd, node);
                if (!s.isSuccess()) {
                    return Status.error("running AddPod on PreFilter plugin \"" + pl.name() + "\": " + s.message());
                }
            }
        }
        return Status.SUCCESS;
    }

    Status runPreFilterExtensionRemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove,
                                          NodeInfo node) {
        for (PreFilterPlugin pl : preFilterPlugins) {
            if (pl instanceof PreFilterExtensions ext && !state.filterSkipped(pl.name())) {
                Status s = ext.removePod(state, podToSchedule, podToRemove, node);
                if (!s.isSuccess()) {
                    return Status.error("running RemovePod on PreFilter plugin \"" + pl.name() + "\": "
                            + s.message());
                }
            }
        }
        return Status.SUCCESS;
    }

    /** Runs the PostFilter plugins until one succeeds or rejects the pod for good. */
    PostFilterResult runPostFilter(CycleState state, PodInfo pod, Snapshot snapshot, NodeToStatus statuses,
                                   FrameworkHandle handle) {
        PostFilterResult last = null;
        List<String> reasons = new ArrayList<>();
        String rejector = null;
        for (PostFilterPlugin pl : postFilterPlugins) {
            PostFilterResult r = pl.postFilter(state, pod, snapshot, statuses, handle);
            Status s = r.status();
            if (s.isSuccess()) {
                return r;
            }
            if (s.code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
                return new PostFilterResult(s.withPlugin(pl.name()), r.nomination(), r.victims(),
                        r.nominationsToClear());
            }
            if (!s.isRejected()) {
                return PostFilterResult.of(Status.error(s.message()).withPlugin(pl.name()), Nomination.KEEP);
            }
            if (r.nomination().mode() != Nomination.Mode.KEEP) {
                last = r;
            }
            reasons.addAll(s.reasons());
            if (rejector == null) {
                rejector = pl.name();
            }
        }
        Status status = new Status(Status.Code.UNSCHEDULABLE, reasons, rejector);
        return last == null ? PostFilterResult.of(status, Nomination.KEEP)
                : new PostFilterResult(status, last.nomination(), last.victims(), last.nominationsToClear());
    }

    /** Runs the PreScore plugins; plugins that return Skip are not scored in this cycle. */
    Status runPreScore(CycleState state, PodInfo pod, List<NodeInfo> nodes, Snapshot snapshot) {
        for (PreScorePlugin pl : preScorePlugins) {
            Status s = pl.preScore(state, pod, nodes, snapshot);
            if (s.isSkip()) {
                state.skipScore(pl.name());
                continue;
            }
            if (!s.isSuccess()) {
                return Status.error("running PreScore plugin \"" + pl.name() + "\": " + s.message());
            }
        }
        return Status.SUCCESS;
    }

    /** Runs the Reserve plugins; on failure runs Unreserve of all of them. */
    Status runReserve(CycleState state, PodInfo pod, String nodeName) {
        for (ReservePlugin pl : reservePlugins) {
            Status s = pl.reserve(state, pod, nodeName);
            if (!s.isSuccess()) {
                for (int i = reservePlugins.size() - 1; i >= 0; i--) {
                    reservePlugins.get(i).unreserve(state, pod, nodeName);
                }
                if (s.isRejected()) {
                    return s.withPlugin(pl.name());
                }
                return Status.error("running Reserve plugin \"" + pl.name() + "\": " + s.message())
                        .withPlugin(pl.name());
            }
        }
        return Status.SUCCESS;
    }
}
