package io.kubesim.scheduler.framework;

import static io.kubesim.scheduler.framework.TestObjects.node;
import static io.kubesim.scheduler.framework.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.model.json.KubeJson;
import io.kubesim.scheduler.plugins.TestScheduler;
import io.kubesim.scheduler.plugins.imagearchitecture.ImagePlatformCatalog;
import io.kubesim.scheduler.plugins.noderesources.Fit;

class SchedulingAlgorithmTest {

    static Stream<Arguments> feasibleCases() {
        return Stream.of(
                arguments("below 100 nodes every node is examined", 0, 10, 10),
                arguments("99 nodes are all examined", 0, 99, 99),
                arguments("100 nodes at the adaptive 49% still look for 100", 0, 100, 100),
                arguments("1000 nodes at the adaptive 42% look for 420", 0, 1000, 420),
                arguments("5000 nodes at the adaptive 10% look for 500", 0, 5000, 500),
                arguments("6000 nodes are floored at 5%", 0, 6000, 300),
                arguments("a configured 30% of 1000 nodes is 300", 30, 1000, 300),
                arguments("a configured 1% is raised to 100 nodes", 1, 1000, 100));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feasibleCases")
    void numFeasibleNodesToFind(String name, int percentage, int nodes, int expected) {
        assertThat(SchedulingAlgorithm.numFeasibleNodesToFind(percentage, nodes)).isEqualTo(expected);
    }

    @Test
    void tiesAreBrokenUniformlyAtRandom() {
        long[] totals = {10, 30, 20, 30, 30};
        Random random = new Random(1);
        int[] wins = new int[totals.length];
        for (int i = 0; i < 30_000; i++) {
            wins[SchedulingAlgorithm.selectHost(totals, random)]++;
        }
        assertThat(wins[0] + wins[2]).isZero();
        for (int i : new int[] {1, 3, 4}) {
            assertThat(wins[i]).isBetween(9_500, 10_500);
        }
    }

    private static List<Node> identicalNodes(int n) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(node(String.format("n%03d", i)).build());
        }
        return nodes;
    }

    /** Schedules {@code pods} pods one by one with assume, returning the chosen nodes. */
    private static List<String> placements(long seed, int pods) {
        SchedulingAlgorithm algorithm = TestScheduler.algorithm(
                List.of(ProfileConfig.defaults(ProfileConfig.DEFAULT_SCHEDULER_NAME)), TestScheduler.deps(),
                Nominator.NONE, seed);
        SchedulerCache cache = new SchedulerCache(java.time.Clock.systemUTC(), Duration.ZERO);
        identicalNodes(30).forEach(cache::addNode);
        Snapshot snapshot = new Snapshot();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            cache.updateSnapshot(snapshot);
            Pod pod = pod("p" + i).req("cpu", "100m").build();
            var result = (SchedulingResult.Scheduled) algorithm.scheduleOne(pod, snapshot);
            cache.assume(PodInfo.of(pod), result.nodeName());
            out.add(result.nodeName());
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSamePlacements() {
        List<String> first = placements(42, 120);
        assertThat(placements(42, 120)).isEqualTo(first);
        assertThat(placements(43, 120)).isNotEqualTo(first);
    }

    /** Placements of pods of three sizes on 300 nodes, filtered and scored by two threads. */
    private static List<String> parallelPlacements(long seed) {
        try (Parallelizer two = new Parallelizer(2)) {
            var deps = new io.kubesim.scheduler.plugins.DefaultPlugins.Dependencies(new InMemoryListers(),
                    new InMemoryListers(), image -> Optional.empty(), two);
            SchedulerConfig config = SchedulerConfig.defaults(seed);
            SchedulingAlgorithm algorithm = new SchedulingAlgorithm(
                    io.kubesim.scheduler.plugins.DefaultPlugins.profiles(config, deps), Nominator.NONE, two,
                    java.time.Clock.systemUTC(), new Random(seed), 3);
            SchedulerCache cache = new SchedulerCache(java.time.Clock.systemUTC(), Duration.ZERO);
            identicalNodes(300).forEach(cache::addNode);
            Snapshot snapshot = new Snapshot();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                cache.updateSnapshot(snapshot);
                Pod pod = pod("p" + i).req("cpu", List.of("100m", "1", "2").get(i % 3)).build();
                var result = (SchedulingResult.Scheduled) algorithm.scheduleOne(pod, snapshot);
                cache.assume(PodInfo.of(pod), result.nodeName());
                out.add(result.nodeName());
            }
            return out;
        }
    }

    @Test
    void parallelFilteringIsDeterministicToo() {
        assertThat(parallelPlacements(5)).isEqualTo(parallelPlacements(5));
    }

    @Test
    void theSearchStartsWhereThePreviousAttemptStopped() {
        SchedulingAlgorithm algorithm = TestScheduler.algorithm();
        Snapshot snapshot = Snapshot.of(identicalNodes(200), List.of());
        var first = (SchedulingResult.Scheduled) algorithm.scheduleOne(pod("p1").build(), snapshot);
        var second = (SchedulingResult.Scheduled) algorithm.scheduleOne(pod("p2").build(), snapshot);
        assertThat(List.of(first.decision().evaluatedNodes(), second.decision().evaluatedNodes()))
                .isEqualTo(List.of(100, 100));
        assertThat(Integer.parseInt(first.nodeName().substring(1))).isBetween(0, 99);
        assertThat(Integer.parseInt(second.nodeName().substring(1))).isBetween(100, 199);
    }

    @Test
    void aSingleFeasibleNodeIsChosenWithoutScoring() {
        var result = (SchedulingResult.Scheduled) TestScheduler.schedule(pod("p").nodeSelector("disk", "ssd").build(),
                List.of(node("a").build(), node("b").label("disk", "ssd").build()), List.of());
        assertThat(result.nodeName()).isEqualTo("b");
        assertThat(result.decision().topNodes()).isEmpty();
        assertThat(result.decision().feasibleNodes()).isEqualTo(1);
    }

    @Test
    void theNominatedNodeIsTriedFirst() {
        var result = (SchedulingResult.Scheduled) TestScheduler.schedule(pod("p").nominated("n150").build(),
                identicalNodes(200), List.of());
        assertThat(List.of(result.nodeName(), result.decision().evaluatedNodes())).isEqualTo(List.of("n150", 1));
    }

    @Test
    void aPodForAnUnknownSchedulerFails() {
        var result = TestScheduler.schedule(pod("p").schedulerName("other").build(), identicalNodes(2), List.of());
        assertThat(result).isInstanceOf(SchedulingResult.Failed.class);
        assertThat(((SchedulingResult.Failed) result).error())
                .isEqualTo("profile not found for scheduler name \"other\"");
    }

    @Test
    void profilesAreChosenBySchedulerNameAndImageArchitectureIsPerProfile() {
        ImagePlatformCatalog catalog = image -> image.equals("ppc-only:1")
                ? Optional.of(Set.of(new ImagePlatformCatalog.Platform("linux", "ppc64le", "")))
                : Optional.empty();
        SchedulingAlgorithm algorithm = TestScheduler.algorithm(List.of(
                ProfileConfig.defaults("default-scheduler"),
                ProfileConfig.defaults("arch-aware").withImageArchitecture(true)),
                TestScheduler.deps(new InMemoryListers(), catalog), Nominator.NONE, 1);
        Snapshot snapshot = Snapshot.of(List.of(
                node("amd").label("kubernetes.io/os", "linux").label("kubernetes.io/arch", "amd64").build()),
                List.of());
        var plain = algorithm.scheduleOne(pod("p").image("ppc-only:1").build(), snapshot);
        var aware = algorithm.scheduleOne(pod("p").image("ppc-only:1").schedulerName("arch-aware").build(), snapshot);
        assertThat(plain).isInstanceOf(SchedulingResult.Scheduled.class);
        assertThat(((SchedulingResult.Unschedulable) aware).message()).isEqualTo("0/1 nodes are available: 1 node(s) "
                + "didn't match the pod's image platforms. preemption: 0/1 nodes are available: 1 Preemption is not "
                + "helpful for scheduling.");
    }

    @Test
    void aReservePluginRejectionMakesTheAttemptUnschedulableOnThatNode() {
        ReservePlugin reserve = new ReservePlugin() {
            @Override
            public String name() {
                return "Quota";
            }

            @Override
            public Status reserve(CycleState state, PodInfo pod, String nodeName) {
                return Status.unschedulable("quota exceeded");
            }

            @Override
            public void unreserve(CycleState state, PodInfo pod, String nodeName) {
            }
        };
        Fit fit = new Fit();
        Framework framework = new Framework(ProfileConfig.defaults("default-scheduler"), List.of(), List.of(fit),
                List.of(), List.of(), List.of(new Framework.WeightedScorePlugin(fit, 1)), List.of(reserve),
                List.of());
        SchedulingAlgorithm algorithm = new SchedulingAlgorithm(new Profiles(List.of(framework)), Nominator.NONE,
                TestScheduler.SEQUENTIAL, java.time.Clock.systemUTC(), new Random(1), 3);
        var result = (SchedulingResult.Unschedulable) algorithm.scheduleOne(pod("p").build(),
                Snapshot.of(identicalNodes(1), List.of()));
        assertThat(List.of(result.message(), result.unschedulablePlugins()))
                .isEqualTo(List.of("0/1 nodes are available: 1 quota exceeded.", List.of("Quota")));
    }

    @Test
    void aPluginThatThrowsEndsTheAttemptInAnErrorWithItsOwnRecord() {
        FilterPlugin broken = new FilterPlugin() {
            @Override
            public String name() {
                return "Broken";
            }

            @Override
            public Status filter(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
                throw new IllegalStateException("boom");
            }
        };
        Framework framework = new Framework(ProfileConfig.defaults("default-scheduler"), List.of(),
                List.of(broken), List.of(), List.of(), List.of(), List.of(), List.of());
        SchedulingAlgorithm algorithm = new SchedulingAlgorithm(new Profiles(List.of(framework)), Nominator.NONE,
                TestScheduler.SEQUENTIAL, java.time.Clock.systemUTC(), new Random(1), 3);
        var result = (SchedulingResult.Failed) algorithm.scheduleOne(pod("p").build(),
                Snapshot.of(identicalNodes(1), List.of()));
        DecisionRecord record = result.decision();
        assertThat(List.of(result.error(), record.outcome(), record.podName(), record.attempt(), record.message()))
                .isEqualTo(List.of("java.lang.IllegalStateException: boom", DecisionRecord.ERROR, "p", 1,
                        "java.lang.IllegalStateException: boom"));
        assertThat(record.chosenNode()).isNull();
    }

    @Test
    void theDecisionRecordRoundTripsThroughJson() {
        var result = TestScheduler.schedule(pod("p").req("cpu", "3").build(),
                List.of(node("small").capacity("2", "4Gi", 110).build(), node("big").build(),
                        node("big2").build()), List.of());
        DecisionRecord record = result.decision();
        assertThat(KubeJson.read(KubeJson.write(record), DecisionRecord.class)).isEqualTo(record);
        assertThat(List.of(record.outcome(), record.chosenNode() != null, record.filterFailures()))
                .isEqualTo(List.of("Scheduled", true, List.of(new DecisionRecord.PluginFailures("NodeResourcesFit",
                        List.of(new DecisionRecord.ReasonNodes("Insufficient cpu", 1, List.of("small")))))));
        assertThat(record.topNodes().stream().map(n -> n.pluginScores().keySet()).toList().getFirst())
                .isEqualTo(Set.of("TaintToleration", "NodeResourcesFit", "NodeResourcesBalancedAllocation",
                        "ImageLocality"));
        assertThat(record.topNodes().getFirst().node()).isEqualTo(record.chosenNode());
        assertThat(record.topNodes().getFirst().total()).isEqualTo(
                record.topNodes().getFirst().pluginScores().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void weightedScoresFollowTheProfileWeights() {
        SchedulingAlgorithm algorithm = TestScheduler.algorithm(List.of(ProfileConfig.defaults("default-scheduler")
                .withWeight("TaintToleration", 10)), TestScheduler.deps(), Nominator.NONE, 1);
        var result = algorithm.scheduleOne(pod("p").build(),
                Snapshot.of(List.of(node("a").build(), node("b").build()), List.of()));
        assertThat(result.decision().topNodes().getFirst().pluginScores().get("TaintToleration")).isEqualTo(1000L);
        assertThat(Map.copyOf(ProfileConfig.defaults("x").scoreWeights())).isEqualTo(Map.of("TaintToleration", 3,
                "NodeAffinity", 2, "NodeResourcesFit", 1, "PodTopologySpread", 2, "InterPodAffinity", 2,
                "NodeResourcesBalancedAllocation", 1, "ImageLocality", 1));
    }
}
