package io.kubesim.scheduler.framework;

import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/** What the framework offers a PostFilter plugin (a subset of upstream's {@code framework.Handle}). */
public interface FrameworkHandle {

    /** The filter plugins, run with the node's nominated pods of equal or higher priority counted, then without. */
    Status runFilterWithNominatedPods(CycleState state, PodInfo pod, NodeInfo nodeInfo);

    Status runPreFilterExtensionAddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo);

    Status runPreFilterExtensionRemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove,
                                          NodeInfo nodeInfo);

    List<PodInfo> nominatedPodsForNode(String nodeName);

    Parallelizer parallelizer();

    /** The scheduler's seeded random source (same seed and inputs give the same decisions). */
    RandomGenerator random();

    /** The cluster clock's current time. */
    Instant now();
}
