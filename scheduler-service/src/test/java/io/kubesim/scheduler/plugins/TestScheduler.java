package io.kubesim.scheduler.plugins;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.InMemoryListers;
import io.kubesim.scheduler.framework.Nominator;
import io.kubesim.scheduler.framework.Parallelizer;
import io.kubesim.scheduler.framework.ProfileConfig;
import io.kubesim.scheduler.framework.Profiles;
import io.kubesim.scheduler.framework.SchedulerConfig;
import io.kubesim.scheduler.framework.SchedulingAlgorithm;
import io.kubesim.scheduler.framework.SchedulingResult;
import io.kubesim.scheduler.framework.Snapshot;
import io.kubesim.scheduler.plugins.imagearchitecture.ImagePlatformCatalog;

/** The default plugins wired for tests: sequential, seeded, fixed clock. */
public final class TestScheduler {

    public static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    public static final Parallelizer SEQUENTIAL = new Parallelizer(1);

    private TestScheduler() {
    }

    public static DefaultPlugins.Dependencies deps(InMemoryListers listers, ImagePlatformCatalog images) {
        return new DefaultPlugins.Dependencies(listers, listers, images, SEQUENTIAL);
    }

    public static DefaultPlugins.Dependencies deps() {
        return deps(new InMemoryListers(), image -> Optional.<Set<ImagePlatformCatalog.Platform>>empty());
    }

    public static SchedulingAlgorithm algorithm(List<ProfileConfig> profiles, DefaultPlugins.Dependencies deps,
                                                Nominator nominator, long seed) {
        SchedulerConfig config = SchedulerConfig.defaults(seed).withProfiles(profiles).withParallelism(1);
        Profiles p = DefaultPlugins.profiles(config, deps);
        return new SchedulingAlgorithm(p, nominator, SEQUENTIAL, Clock.fixed(NOW, ZoneOffset.UTC), new Random(seed),
                3);
    }

    public static SchedulingAlgorithm algorithm() {
        return algorithm(List.of(ProfileConfig.defaults(ProfileConfig.DEFAULT_SCHEDULER_NAME)), deps(),
                Nominator.NONE, 1);
    }

    /** Schedules one pod against these nodes and pods with the default profile. */
    public static SchedulingResult schedule(Pod pod, List<Node> nodes, List<Pod> pods) {
        return algorithm().scheduleOne(pod, Snapshot.of(nodes, pods));
    }
}
