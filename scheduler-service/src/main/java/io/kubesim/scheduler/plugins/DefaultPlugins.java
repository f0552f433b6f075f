package io.kubesim.scheduler.plugins;

import java.util.ArrayList;
import java.util.List;

import io.kubesim.scheduler.framework.EnqueueExtensions;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.Framework;
import io.kubesim.scheduler.framework.NamespaceLister;
import io.kubesim.scheduler.framework.Parallelizer;
import io.kubesim.scheduler.framework.Plugin;
import io.kubesim.scheduler.framework.PostFilterPlugin;
import io.kubesim.scheduler.framework.PreFilterPlugin;
import io.kubesim.scheduler.framework.PreScorePlugin;
import io.kubesim.scheduler.framework.ProfileConfig;
import io.kubesim.scheduler.framework.Profiles;
import io.kubesim.scheduler.framework.ScorePlugin;
import io.kubesim.scheduler.framework.SchedulerConfig;
import io.kubesim.scheduler.framework.WorkloadLister;
import io.kubesim.scheduler.plugins.defaultpreemption.DefaultPreemption;
import io.kubesim.scheduler.plugins.imagearchitecture.ImageArchitecture;
import io.kubesim.scheduler.plugins.imagearchitecture.ImagePlatformCatalog;
import io.kubesim.scheduler.plugins.imagelocality.ImageLocality;
import io.kubesim.scheduler.plugins.interpodaffinity.InterPodAffinity;
import io.kubesim.scheduler.plugins.nodeaffinity.NodeAffinity;
import io.kubesim.scheduler.plugins.nodename.NodeName;
import io.kubesim.scheduler.plugins.nodeports.NodePorts;
import io.kubesim.scheduler.plugins.noderesources.BalancedAllocation;
import io.kubesim.scheduler.plugins.noderesources.Fit;
import io.kubesim.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import io.kubesim.scheduler.plugins.podtopologyspread.PodTopologySpread;
import io.kubesim.scheduler.plugins.tainttoleration.TaintToleration;

/**
 * Builds each profile's framework with upstream's default plugins in upstream's order
 * (pkg/scheduler/apis/config/v1/default_plugins.go, Kubernetes 1.32; volume and DRA plugins are not simulated), plus
 * kubesim's ImageArchitecture filter right after NodeAffinity when a profile switches it on.
 */
public final class DefaultPlugins {

    /** What the plugins read besides the snapshot. */
    public record Dependencies(NamespaceLister namespaces, WorkloadLister workloads, ImagePlatformCatalog images,
                               Parallelizer parallelizer) {
    }

    private DefaultPlugins() {
    }

    public static Profiles profiles(SchedulerConfig config, Dependencies deps) {
        List<Framework> frameworks = new ArrayList<>();
        for (ProfileConfig p : config.profiles()) {
            frameworks.add(framework(p, deps));
        }
        return new Profiles(frameworks);
    }

    public static Framework framework(ProfileConfig profile, Dependencies deps) {
        List<Plugin> plugins = new ArrayList<>();
        add(plugins, profile, new NodeUnschedulable());
        add(plugins, profile, new NodeName());
        add(plugins, profile, new TaintToleration());
        add(plugins, profile, new NodeAffinity());
        add(plugins, profile, new ImageArchitecture(deps.images()));
        add(plugins, profile, new NodePorts());
        add(plugins, profile, new Fit());
        add(plugins, profile, new PodTopologySpread(deps.workloads(), deps.parallelizer()));
        add(plugins, profile, new InterPodAffinity(deps.namespaces(), deps.parallelizer(),
                profile.hardPodAffinityWeight()));
        add(plugins, profile, new DefaultPreemption(profile.minCandidateNodesPercentage(),
                profile.minCandidateNodesAbsolute()));
        add(plugins, profile, new BalancedAllocation());
        add(plugins, profile, new ImageLocality());

        List<PreFilterPlugin> preFilter = new ArrayList<>();
        List<FilterPlugin> filter = new ArrayList<>();
        List<PostFilterPlugin> postFilter = new ArrayList<>();
        List<PreScorePlugin> preScore = new ArrayList<>();
        List<Framework.WeightedScorePlugin> score = new ArrayList<>();
        List<EnqueueExtensions> events = new ArrayList<>();
        for (Plugin p : plugins) {
            if (p instanceof PreFilterPlugin x) {
                preFilter.add(x);
            }
            if (p instanceof FilterPlugin x) {
                filter.add(x);
            }
            if (p instanceof PostFilterPlugin x) {
                postFilter.add(x);
            }
            if (p instanceof PreScorePlugin x) {
                preScore.add(x);
            }
            if (p instanceof ScorePlugin x) {
                score.add(new Framework.WeightedScorePlugin(x, profile.weight(p.name())));
            }
            if (p instanceof EnqueueExtensions x) {
                events.add(x);
            }
        }
        return new Framework(profile, preFilter, filter, postFilter, preScore, score, List.of(), events);
    }

    private static void add(List<Plugin> plugins, ProfileConfig profile, Plugin plugin) {
        if (profile.enabled(plugin.name())) {
            plugins.add(plugin);
        }
    }
}
