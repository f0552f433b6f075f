package io.kubesim.scheduler.bench;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;

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
 * In-process throughput benchmark after upstream's scheduler_perf (test/integration/scheduler_perf, the affinity and
 * misc performance-config.yaml workloads): 5,000 nodes (4 cpu, 32Gi, 110 pods), the workload's initial pods, then the
 * measured pods, all through event handler, queue, cache (with assume) and algorithm; binding is simulated by the
 * assigned-pod update a watch would deliver. Prints pods/s per workload and the ratio to upstream's CI floor.
 *
 * <p>Run: {@code ./mvnw -B -q -o -pl scheduler-service test-compile exec:java} (see the module pom); arguments
 * {@code [parallelism] [workload-name-filter or all] [issue-sizes]} ({@code issue-sizes}: 1,000 initial and 10,000 measured pods
 * for every workload instead of scheduler_perf's sizes).
 */
public final class SchedulerBenchmark {

    private static final int NODES = 5000;

    /** A scheduler_perf workload. */
    private record Workload(String name, int initPods, int measuredPods, int floor, List<String> zones,
                            BiFunction<String, String, PodSpecBuilder> podSpec, Map<String, String> initLabels,
                            Map<String, String> podLabels, String initNamespace, String measuredNamespace) {
    }

    private SchedulerBenchmark() {
    }

    public static void main(String[] args) throws InterruptedException {
        int parallelism = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        String filter = args.length > 1 && !args[1].equals("all") ? args[1] : "";
        List<Workload> workloads = workloads();
        if (args.length > 2 && args[2].equals("issue-sizes")) {
            // the sizes the project's issue asks for: 1,000 existing pods, then 10,000 measured pods per workload
            workloads = workloads.stream().map(w -> new Workload(w.name(), 1000, 10_000, w.floor(), w.zones(),
                    w.podSpec(), w.initLabels(), w.podLabels(), w.initNamespace(), w.measuredNamespace())).toList();
        }
        System.out.printf(Locale.ROOT, "kubesim scheduler benchmark: %d nodes, parallelism %d, %d cpus, java %s%n",
                NODES, parallelism, Runtime.getRuntime().availableProcessors(), Runtime.version());
        run(workloads.getFirst(), 500, 2000, parallelism);
        System.out.printf(Locale.ROOT, "load average before: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "%-46s %6s %8s %8s %6s %7s %11s%n", "workload", "pods", "seconds", "pods/s",
                "floor", "ratio", "cpu us/pod");
        for (Workload w : workloads) {
            if (!w.name().contains(filter)) {
                continue;
            }
            double[] r = run(w, NODES, w.measuredPods(), parallelism);
            System.out.printf(Locale.ROOT, "%-46s %6d %8.2f %8.0f %6d %6.1fx %11.0f%n", w.name(), w.measuredPods(),
                    r[0], r[1], w.floor(), r[1] / w.floor(), r[2]);
        }
        System.out.printf(Locale.ROOT, "load average after: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Returns {seconds, pods per second, process cpu microseconds per pod} of the measured pods. */
    private static double[] run(Workload w, int nodes, int measured, int parallelism) throws InterruptedException {
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
            for (int i = 0; i < nodes; i++) {
                handler.onNodeAdd(node(i, w.zones()));
            }
            Map<String, Pod> pending = new HashMap<>();
            schedule(w, "init", w.initNamespace(), w.initPods(), handler, loop, pending);
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            schedule(w, "pod", w.measuredNamespace(), measured, handler, loop, pending);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMicrosPerPod = (processCpuNanos() - cpuStart) / 1e3 / measured;
            queue.close();
            return new double[] {seconds, measured / seconds, cpuMicrosPerPod};
        }
    }

    private static void schedule(Workload w, String prefix, String namespace, int count, ClusterEventHandler handler,
                                 SchedulingLoop loop, Map<String, Pod> pending) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            Pod pod = pod(w, prefix + "-" + i, namespace);
            pending.put(pod.getMetadata().getUid(), pod);
            handler.onPodAdd(pod);
        }
        int scheduled = 0;
        int idle = 0;
        while (scheduled < count) {
            Optional<SchedulingLoop.Attempt> a = loop.scheduleNext(Duration.ofMillis(100));
            if (a.isEmpty()) {
                if (++idle > 100) {
                    throw new IllegalStateException(w.name() + ": only " + scheduled + " of " + count
                            + " pods could be scheduled");
                }
                continue;
            }
            if (a.get().result() instanceof SchedulingResult.Scheduled s) {
                String uid = a.get().pod().podInfo().uid();
                Pod before = pending.remove(uid);
                loop.bindingSucceeded(uid);
                Pod bound = new PodBuilder(before).editSpec().withNodeName(s.nodeName()).endSpec().build();
                handler.onPodUpdate(before, bound);
                scheduled++;
            }
        }
    }

    private static Node node(int i, List<String> zones) {
        String name = String.format(Locale.ROOT, "node-%05d", i);
        Map<String, String> labels = new HashMap<>();
        labels.put("kubernetes.io/hostname", name);
        if (!zones.isEmpty()) {
            labels.put("topology.kubernetes.io/zone", zones.get(i % zones.size()));
        }
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity("4"), "memory", new Quantity("32Gi"),
                "pods", new Quantity("110"));
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewStatus().withCapacity(capacity).withAllocatable(capacity).endStatus().build();
    }

    private static Pod pod(Workload w, String name, String namespace) {
        PodSpecBuilder spec = w.podSpec().apply(namespace, name);
        spec.withContainers(new ContainerBuilder().withName("pause").withImage("registry.k8s.io/pause:3.10")
                .withPorts(new ContainerPortBuilder().withContainerPort(80).build())
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("500Mi")))
                .withLimits(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("500Mi")))
                .endResources().build());
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withUid(namespace + "-" + name)
                .withLabels(name.startsWith("init") ? w.initLabels() : w.podLabels()).endMetadata()
                .withSpec(spec.build()).build();
    }

    private static PodAffinityTerm term(String key, String value, String topologyKey) {
        return new PodAffinityTermBuilder().withTopologyKey(topologyKey).withNamespaces("sched-1", "sched-0")
                .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of(key, value)).build()).build();
    }

    private static List<Workload> workloads() {
        List<Workload> out = new ArrayList<>();
        out.add(new Workload("SchedulingBasic/5000Nodes_10000Pods", 1000, 10000, 270, List.of(),
                (ns, n) -> new PodSpecBuilder(), Map.of(), Map.of(), "default", "default"));
        NodeSelectorTerm zones = new NodeSelectorTerm(List.of(new NodeSelectorRequirement(
                "topology.kubernetes.io/zone", "In", List.of("zone1", "zone2"))), List.of());
        out.add(new Workload("SchedulingNodeAffinity/5000Nodes_10000Pods", 5000, 10000, 220, List.of("zone1"),
                (ns, n) -> new PodSpecBuilder().withNewAffinity().withNewNodeAffinity()
                        .withNewRequiredDuringSchedulingIgnoredDuringExecution().withNodeSelectorTerms(zones)
                        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity(),
                Map.of(), Map.of(), "default", "default"));
        out.add(new Workload("SchedulingPreferredPodAffinity/5000Nodes", 5000, 5000, 90, List.of(),
                (ns, n) -> new PodSpecBuilder().withNewAffinity().withNewPodAffinity()
                        .withPreferredDuringSchedulingIgnoredDuringExecution(
                                new WeightedPodAffinityTerm(term("color", "red", "kubernetes.io/hostname"), 1))
                        .endPodAffinity().endAffinity(),
                Map.of("color", "red"), Map.of("color", "red"), "sched-0", "sched-1"));
        out.add(new Workload("SchedulingPreferredPodAntiAffinity/5000Nodes", 5000, 5000, 90, List.of(),
                (ns, n) -> new PodSpecBuilder().withNewAffinity().withNewPodAntiAffinity()
                        .withPreferredDuringSchedulingIgnoredDuringExecution(
                                new WeightedPodAffinityTerm(term("color", "yellow", "kubernetes.io/hostname"), 1))
                        .endPodAntiAffinity().endAffinity(),
                Map.of("color", "yellow"), Map.of("color", "yellow"), "sched-0", "sched-1"));
        out.add(new Workload("SchedulingPodAntiAffinity/5000Nodes_2000Pods", 1000, 2000, 60, List.of(),
                (ns, n) -> new PodSpecBuilder().withNewAffinity().withNewPodAntiAffinity()
                        .withRequiredDuringSchedulingIgnoredDuringExecution(
                                term("color", "green", "kubernetes.io/hostname"))
                        .endPodAntiAffinity().endAffinity(),
                Map.of("color", "green"), Map.of("color", "green"), "sched-0", "sched-1"));
        out.add(new Workload("SchedulingPodAffinity/5000Nodes_5000Pods", 5000, 5000, 35, List.of("zone1"),
                (ns, n) -> new PodSpecBuilder().withNewAffinity().withNewPodAffinity()
                        .withRequiredDuringSchedulingIgnoredDuringExecution(
                                term("color", "blue", "topology.kubernetes.io/zone"))
                        .endPodAffinity().endAffinity(),
                Map.of("color", "blue"), Map.of("color", "blue"), "sched-0", "sched-1"));
        out.add(new Workload("TopologySpreading/5000Nodes_5000Pods", 5000, 5000, 85,
                List.of("moon-1", "moon-2", "moon-3"),
                (ns, n) -> n.startsWith("init") ? new PodSpecBuilder()
                        : new PodSpecBuilder().withTopologySpreadConstraints(new TopologySpreadConstraintBuilder()
                                .withMaxSkew(5).withTopologyKey("topology.kubernetes.io/zone")
                                .withWhenUnsatisfiable("DoNotSchedule")
                                .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("color", "blue"))
                                        .build()).build()),
                Map.of(), Map.of("color", "blue"), "default", "default"));
        return out;
    }
}
