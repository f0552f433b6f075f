package io.kubesim.scheduler.bench;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.kubesim.scheduler.framework.InMemoryListers;
import io.kubesim.scheduler.framework.Parallelizer;
import io.kubesim.scheduler.framework.Profiles;
import io.kubesim.scheduler.framework.SchedulerCache;
import io.kubesim.scheduler.framework.SchedulerConfig;
import io.kubesim.scheduler.framework.SchedulingAlgorithm;
import io.kubesim.scheduler.framework.SchedulingResult;
import io.kubesim.scheduler.plugins.DefaultPlugins;
import io.kubesim.scheduler.plugins.imagearchitecture.ImagePlatformCatalog;
import io.kubesim.scheduler.plugins.queuesort.PrioritySort;
import io.kubesim.scheduler.queue.ClusterEventHandler;
import io.kubesim.scheduler.queue.SchedulingLoop;
import io.kubesim.scheduler.queue.SchedulingQueue;

/**
 * In-process throughput benchmark after upstream's scheduler_perf (test/integration/scheduler_perf,
 * config/performance-config.yaml and its pod templates): 5,000 nodes (4 cpu, 32Gi, 110 pods), the workload's initial
 * pods, then the measured pods, all through event handler, queue, cache (with assume) and algorithm; binding is
 * simulated by the assigned-pod update a watch would deliver. Prints pods/s per workload and the ratio to upstream's CI
 * floor.
 *
 * <p>Every workload ends with a check that every measured pod was bound and that the placements obey the workload's
 * constraints; a workload that fails prints FAILED instead of a rate. Where upstream's pods cannot all be placed at
 * the issue's sizes (10,000 pods that are all mutually anti-affine on {@code kubernetes.io/hostname} need 10,000
 * nodes), the pods carry a {@code group} label as well and their terms select their own group only:
 * <ul>
 *   <li>required anti-affinity (pod-with-pod-anti-affinity.yaml): {@value #GROUPS} groups, so each group (at most
 *       1,100 pods at the issue sizes) fits on distinct hostnames of the 5,000 nodes;</li>
 *   <li>required affinity (pod-with-pod-affinity.yaml): affinity to the pod's own group on
 *       {@code topology.kubernetes.io/zone}, nodes labelled into {@value #GROUPS} zones of 500; each group ends up in
 *       one zone, and even all of them in one zone would fit (500 nodes x 40 pods);</li>
 *   <li>topology spread (pod-with-topology-spreading.yaml): as upstream, maxSkew 5 on the zone over three zones
 *       ({@code moon-1..3}), DoNotSchedule.</li>
 * </ul>
 *
 * <p>Run: {@code ./mvnw -B -q -o -pl scheduler-service test-compile exec:java} (see the module pom); arguments
 * {@code [parallelism] [workload-name-filter or all] [issue-sizes]} ({@code issue-sizes}: 1,000 initial and 10,000
 * measured pods for every workload instead of scheduler_perf's sizes).
 */
public final class SchedulerBenchmark {

    private static final int NODES = 5000;
    private static final int GROUPS = 10;
    private static final String HOSTNAME = "kubernetes.io/hostname";
    private static final String ZONE = "topology.kubernetes.io/zone";
    private static final String COLOR = "color";
    private static final String GROUP = "group";
    private static final String SETUP_NAMESPACE = "sched-0";
    private static final String TEST_NAMESPACE = "sched-1";

    /** The labels and spec of a workload's pod, by whether it is an initial pod and its index. */
    @FunctionalInterface
    private interface PodTemplate {
        PodShape pod(boolean init, int index);
    }

    private record PodShape(Map<String, String> labels, PodSpecBuilder spec) {
    }

    /** Where a measured or initial pod was bound. */
    private record Placement(Map<String, String> labels, String node, String zone) {
    }

    /** What must hold of all placements at the end: empty if it holds, else what does not. */
    @FunctionalInterface
    private interface PlacementCheck {
        Optional<String> violation(List<Placement> placements);
    }

    /** A scheduler_perf workload. */
    private record Workload(String name, int initPods, int measuredPods, int floor, List<String> zones,
                            PodTemplate template, String initNamespace, String measuredNamespace,
                            PlacementCheck check) {

        Workload withSizes(int init, int measured) {
            return new Workload(name, init, measured, floor, zones, template, initNamespace, measuredNamespace, check);
        }
    }

    /** The figures of one workload; {@code failure} is empty when every measured pod was bound as required. */
    private record Result(double seconds, double podsPerSecond, double cpuMicrosPerPod, long attempts,
                          Optional<String> failure) {
    }

    private SchedulerBenchmark() {
    }

    public static void main(String[] args) throws InterruptedException {
        int parallelism = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        String filter = args.length > 1 && !args[1].equals("all") ? args[1] : "";
        List<Workload> workloads = workloads();
        if (args.length > 2 && args[2].equals("issue-sizes")) {
            // the sizes the project's issue asks for: 1,000 existing pods, then 10,000 measured pods per workload
            workloads = workloads.stream().map(w -> w.withSizes(1000, 10_000)).toList();
        }
        System.out.printf(Locale.ROOT, "kubesim scheduler benchmark: %d nodes, parallelism %d, %d cpus, java %s%n",
                NODES, parallelism, Runtime.getRuntime().availableProcessors(), Runtime.version());
        Result warmUp = run(workloads.getFirst().withSizes(500, 2000), 500, parallelism);
        warmUp.failure().ifPresent(f -> System.out.println("warm-up FAILED: " + f));
        System.out.printf(Locale.ROOT, "load average before: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "%-42s %5s %6s %8s %8s %6s %7s %9s %11s%n", "workload", "init", "pods",
                "seconds", "pods/s", "floor", "ratio", "attempts", "cpu us/pod");
        int failed = 0;
        for (Workload w : workloads) {
            if (!w.name().contains(filter)) {
                continue;
            }
            Result r = run(w, NODES, parallelism);
            if (r.failure().isPresent()) {
                failed++;
                System.out.printf(Locale.ROOT, "%-42s %5d %6d FAILED: %s%n", w.name(), w.initPods(),
                        w.measuredPods(), r.failure().get());
            } else {
                System.out.printf(Locale.ROOT, "%-42s %5d %6d %8.2f %8.0f %6d %6.1fx %9d %11.0f%n", w.name(),
                        w.initPods(), w.measuredPods(), r.seconds(), r.podsPerSecond(), w.floor(),
                        r.podsPerSecond() / w.floor(), r.attempts(), r.cpuMicrosPerPod());
            }
        }
        System.out.printf(Locale.ROOT, "load average after: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (failed > 0) {
            System.out.printf(Locale.ROOT, "%d workload(s) FAILED: their figures are not reported%n", failed);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Result run(Workload w, int nodes, int parallelism) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        SchedulerConfig config = SchedulerConfig.defaults(42).withParallelism(parallelism);
        InMemoryListers listers = new InMemoryListers();
        try (Parallelizer parallelizer = new Parallelizer(parallelism)) {
            ImagePlatformCatalog images = image -> Optional.<Set<ImagePlatformCatalog.Platform>>empty();
            Profiles profiles = DefaultPlugins.profiles(config,
                    new DefaultPlugins.Dependencies(listers, listers, images, parallelizer));
            SchedulerCache cache = new SchedulerCache(clock, Duration.ZERO);
            SchedulingQueue queue = new SchedulingQueue(clock, profiles, new PrioritySort(), config);
            SchedulingAlgorithm algorithm = new SchedulingAlgorithm(profiles, queue, parallelizer, clock,
                    new Random(config.seed()), config.topScoredNodesToRecord());
            SchedulingLoop loop = new SchedulingLoop(queue, cache, algorithm);
            ClusterEventHandler handler = new ClusterEventHandler(cache, queue, profiles);
            Map<String, String> zoneOfNode = new HashMap<>();
            for (int i = 0; i < nodes; i++) {
                Node node = node(i, w.zones());
                zoneOfNode.put(node.getMetadata().getName(), node.getMetadata().getLabels().getOrDefault(ZONE, ""));
                handler.onNodeAdd(node);
            }
            Run init = new Run(w, true, w.initNamespace(), w.initPods(), zoneOfNode);
            init.schedule(handler, loop);
            if (init.bound < w.initPods()) {
                queue.close();
                return new Result(0, 0, 0, init.attempts, Optional.of("only " + init.bound + " of " + w.initPods()
                        + " initial pods were bound"));
            }
            Run measured = new Run(w, false, w.measuredNamespace(), w.measuredPods(), zoneOfNode);
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            measured.schedule(handler, loop);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMicrosPerPod = (processCpuNanos() - cpuStart) / 1e3 / w.measuredPods();
            queue.close();
            Optional<String> failure;
            if (measured.bound < w.measuredPods()) {
                failure = Optional.of("only " + measured.bound + " of " + w.measuredPods() + " measured pods were "
                        + "bound (" + measured.attempts + " attempts, " + measured.unschedulable + " unschedulable)");
            } else if (cache.podCount() != w.initPods() + w.measuredPods()) {
                failure = Optional.of("the scheduler cache holds " + cache.podCount() + " pods, not "
                        + (w.initPods() + w.measuredPods()));
            } else {
                List<Placement> all = new ArrayList<>(init.placements);
                all.addAll(measured.placements);
                failure = w.check().violation(all);
            }
            return new Result(seconds, w.measuredPods() / seconds, cpuMicrosPerPod, measured.attempts, failure);
        }
    }

    /** Creates {@code count} pods of a workload and schedules them until all are bound or no progress is made. */
    private static final class Run {

        private final Workload w;
        private final boolean init;
        private final String namespace;
        private final int count;
        private final Map<String, String> zoneOfNode;
        private final List<Placement> placements = new ArrayList<>();
        private int bound;
        private long attempts;
        private long unschedulable;

        Run(Workload w, boolean init, String namespace, int count, Map<String, String> zoneOfNode) {
            this.w = w;
            this.init = init;
            this.namespace = namespace;
            this.count = count;
            this.zoneOfNode = zoneOfNode;
        }

        void schedule(ClusterEventHandler handler, SchedulingLoop loop) throws InterruptedException {
            Map<String, Pod> pending = new HashMap<>();
            for (int i = 0; i < count; i++) {
                Pod pod = pod(w, init, i, namespace);
                pending.put(pod.getMetadata().getUid(), pod);
                handler.onPodAdd(pod);
            }
            int idle = 0;
            while (bound < count) {
                Optional<SchedulingLoop.Attempt> a = loop.scheduleNext(Duration.ofMillis(100));
                if (a.isEmpty()) {
                    // 10 s without a pod to schedule: the rest wait as unschedulable, the workload failed
                    if (++idle > 100) {
                        return;
                    }
                    continue;
                }
                idle = 0;
                attempts++;
                if (a.get().result() instanceof SchedulingResult.Scheduled s) {
                    String uid = a.get().pod().podInfo().uid();
                    Pod before = pending.remove(uid);
                    loop.bindingSucceeded(uid);
                    Pod after = new PodBuilder(before).editSpec().withNodeName(s.nodeName()).endSpec().build();
                    handler.onPodUpdate(before, after);
                    placements.add(new Placement(before.getMetadata().getLabels(), s.nodeName(),
                            zoneOfNode.get(s.nodeName())));
                    bound++;
                } else {
                    unschedulable++;
                }
            }
        }
    }

    private static Node node(int i, List<String> zones) {
        String name = String.format(Locale.ROOT, "node-%05d", i);
        Map<String, String> labels = new HashMap<>();
        labels.put(HOSTNAME, name);
        if (!zones.isEmpty()) {
            labels.put(ZONE, zones.get(i % zones.size()));
        }
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity("4"), "memory", new Quantity("32Gi"),
                "pods", new Quantity("110"));
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewStatus().withCapacity(capacity).withAllocatable(capacity).endStatus().build();
    }

    private static Pod pod(Workload w, boolean init, int index, String namespace) {
        String name = (init ? "init-" : "pod-") + index;
        PodShape shape = w.template().pod(init, index);
        PodSpecBuilder spec = shape.spec();
        spec.withContainers(new ContainerBuilder().withName("pause").withImage("registry.k8s.io/pause:3.10")
                .withPorts(new ContainerPortBuilder().withContainerPort(80).build())
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("500Mi")))
                .withLimits(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("500Mi")))
                .endResources().build());
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withUid(namespace + "-" + name).withLabels(shape.labels()).endMetadata()
                .withSpec(spec.build()).build();
    }

    /** A term selecting {@code labels} in both benchmark namespaces, as upstream's templates do. */
    private static PodAffinityTerm term(Map<String, String> labels, String topologyKey) {
        return new PodAffinityTermBuilder().withTopologyKey(topologyKey)
                .withNamespaces(TEST_NAMESPACE, SETUP_NAMESPACE)
                .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(labels).build()).build();
    }

    private static String group(int index) {
        return "g" + index % GROUPS;
    }

    private static List<String> zones(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i).toList();
    }

    /** Same labels, same template for initial and measured pods. */
    private static PodTemplate same(Map<String, String> labels, PodSpecBuilder spec) {
        return (init, index) -> new PodShape(labels, new PodSpecBuilder(spec.build()));
    }

    private static final PlacementCheck BOUND_IS_ENOUGH = placements -> Optional.empty();

    /** No two pods of one group on one node. */
    private static Optional<String> groupsOnDistinctNodes(List<Placement> placements) {
        Set<String> seen = new HashSet<>();
        for (Placement p : placements) {
            if (!seen.add(p.labels().get(GROUP) + "@" + p.node())) {
                return Optional.of("two pods of group " + p.labels().get(GROUP) + " on " + p.node());
            }
        }
        return Optional.empty();
    }

    /** Every group in one zone. */
    private static Optional<String> groupsInOneZone(List<Placement> placements) {
        Map<String, Set<String>> zonesOfGroup = placements.stream().collect(Collectors.groupingBy(
                p -> p.labels().get(GROUP), Collectors.mapping(Placement::zone, Collectors.toSet())));
        return zonesOfGroup.entrySet().stream().filter(e -> e.getValue().size() != 1).findFirst()
                .map(e -> "group " + e.getKey() + " is in zones " + e.getValue());
    }

    /** The blue pods' counts per zone differ by at most {@code maxSkew}. */
    private static PlacementCheck skewAtMost(int maxSkew, List<String> zones) {
        return placements -> {
            Map<String, Long> perZone = placements.stream().filter(p -> "blue".equals(p.labels().get(COLOR)))
                    .collect(Collectors.groupingBy(Placement::zone, Collectors.counting()));
            IntSummaryStatistics stats = zones.stream().mapToInt(z -> perZone.getOrDefault(z, 0L).intValue())
                    .summaryStatistics();
            return stats.getMax() - stats.getMin() <= maxSkew ? Optional.empty()
                    : Optional.of("skew " + (stats.getMax() - stats.getMin()) + " > " + maxSkew + ": " + perZone);
        };
    }

    private static List<Workload> workloads() {
        List<Workload> out = new ArrayList<>();
        out.add(new Workload("SchedulingBasic", 1000, 10000, 270, List.of(),
                same(Map.of(), new PodSpecBuilder()), "default", "default", BOUND_IS_ENOUGH));
        NodeSelectorTerm zones = new NodeSelectorTerm(List.of(new NodeSelectorRequirement(
                ZONE, "In", List.of("zone1", "zone2"))), List.of());
        out.add(new Workload("SchedulingNodeAffinity", 5000, 10000, 220, List.of("zone1"),
                same(Map.of(), new PodSpecBuilder().withNewAffinity().withNewNodeAffinity()
                        .withNewRequiredDuringSchedulingIgnoredDuringExecution().withNodeSelectorTerms(zones)
                        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()),
                "default", "default", BOUND_IS_ENOUGH));
        out.add(new Workload("SchedulingPreferredPodAffinity", 5000, 5000, 90, List.of(),
                same(Map.of(COLOR, "red"), new PodSpecBuilder().withNewAffinity().withNewPodAffinity()
                        .withPreferredDuringSchedulingIgnoredDuringExecution(
                                new WeightedPodAffinityTerm(term(Map.of(COLOR, "red"), HOSTNAME), 1))
                        .endPodAffinity().endAffinity()),
                SETUP_NAMESPACE, TEST_NAMESPACE, BOUND_IS_ENOUGH));
        out.add(new Workload("SchedulingPreferredPodAntiAffinity", 5000, 5000, 90, List.of(),
                same(Map.of(COLOR, "yellow"), new PodSpecBuilder().withNewAffinity().withNewPodAntiAffinity()
                        .withPreferredDuringSchedulingIgnoredDuringExecution(
                                new WeightedPodAffinityTerm(term(Map.of(COLOR, "yellow"), HOSTNAME), 1))
                        .endPodAntiAffinity().endAffinity()),
                SETUP_NAMESPACE, TEST_NAMESPACE, BOUND_IS_ENOUGH));
        out.add(new Workload("SchedulingPodAntiAffinity", 1000, 2000, 60, List.of(),
                (init, i) -> {
                    Map<String, String> labels = Map.of(COLOR, "green", GROUP, group(i));
                    return new PodShape(labels, new PodSpecBuilder().withNewAffinity().withNewPodAntiAffinity()
                            .withRequiredDuringSchedulingIgnoredDuringExecution(term(labels, HOSTNAME))
                            .endPodAntiAffinity().endAffinity());
                },
                SETUP_NAMESPACE, TEST_NAMESPACE, SchedulerBenchmark::groupsOnDistinctNodes));
        out.add(new Workload("SchedulingPodAffinity", 5000, 5000, 35, zones("zone-", GROUPS),
                (init, i) -> {
                    Map<String, String> labels = Map.of(COLOR, "blue", GROUP, group(i));
                    return new PodShape(labels, new PodSpecBuilder().withNewAffinity().withNewPodAffinity()
                            .withRequiredDuringSchedulingIgnoredDuringExecution(term(labels, ZONE))
                            .endPodAffinity().endAffinity());
                },
                SETUP_NAMESPACE, TEST_NAMESPACE, SchedulerBenchmark::groupsInOneZone));
        List<String> moons = zones("moon-", 3);
        out.add(new Workload("TopologySpreading", 5000, 5000, 85, moons,
                (init, i) -> init ? new PodShape(Map.of(), new PodSpecBuilder())
                        : new PodShape(Map.of(COLOR, "blue"), new PodSpecBuilder().withTopologySpreadConstraints(
                                new TopologySpreadConstraintBuilder().withMaxSkew(5).withTopologyKey(ZONE)
                                        .withWhenUnsatisfiable("DoNotSchedule")
                                        .withLabelSelector(new LabelSelectorBuilder()
                                                .withMatchLabels(Map.of(COLOR, "blue")).build()).build())),
                "default", "default", skewAtMost(5, moons)));
        return out;
    }
}
