package io.kubesim.scheduler.framework;

import static io.kubesim.scheduler.framework.TestObjects.node;
import static io.kubesim.scheduler.framework.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;

class SchedulerCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final SchedulerCache cache = new SchedulerCache(clock, Duration.ZERO);

    private static Pod cpuPod(String name, String node) {
        return pod(name).node(node).req("cpu", "500m").build();
    }

    private static Map<String, Long> cpuByNode(Snapshot s) {
        Map<String, Long> out = new java.util.TreeMap<>();
        s.nodes().forEach(n -> out.put(n.name(), n.requested().milliCpu()));
        return out;
    }

    @Test
    void assumedPodsCountUntilForgotten() {
        cache.addNode(node("a").build());
        cache.addNode(node("b").build());
        Snapshot s = cache.snapshot();
        assertThat(cache.assume(PodInfo.of(pod("p").req("cpu", "500m").build()), "a")).isTrue();
        assertThat(cache.assume(PodInfo.of(pod("p").req("cpu", "500m").build()), "b")).isFalse();
        cache.updateSnapshot(s);
        assertThat(cpuByNode(s)).isEqualTo(Map.of("a", 500L, "b", 0L));
        cache.forget("p-uid");
        cache.updateSnapshot(s);
        assertThat(cpuByNode(s)).isEqualTo(Map.of("a", 0L, "b", 0L));
    }

    @Test
    void theAssignedPodEventConfirmsAnAssumptionEvenOnAnotherNode() {
        cache.addNode(node("a").build());
        cache.addNode(node("b").build());
        cache.assume(PodInfo.of(pod("p").req("cpu", "500m").build()), "a");
        cache.addPod(cpuPod("p", "b"));
        assertThat(cache.isAssumed("p-uid")).isFalse();
        assertThat(cpuByNode(cache.snapshot())).isEqualTo(Map.of("a", 0L, "b", 500L));
        cache.forget("p-uid");
        assertThat(cpuByNode(cache.snapshot())).isEqualTo(Map.of("a", 0L, "b", 500L));
    }

    @Test
    void anAssumptionExpiresAfterTheTtlOnceBindingFinished() {
        SchedulerCache ttl = new SchedulerCache(clock, Duration.ofSeconds(30));
        ttl.addNode(node("a").build());
        ttl.assume(PodInfo.of(pod("p").build()), "a");
        clock.advance(Duration.ofMinutes(5));
        ttl.cleanupExpiredAssumedPods();
        assertThat(ttl.isAssumed("p-uid")).isTrue();
        ttl.finishBinding("p-uid");
        clock.advance(Duration.ofSeconds(31));
        ttl.cleanupExpiredAssumedPods();
        assertThat(ttl.podCount()).isZero();
    }

    @Test
    void aSnapshotCopiesOnlyChangedNodesAndKeepsItsOwnState() {
        cache.addNode(node("a").build());
        cache.addNode(node("b").build());
        Snapshot s = cache.snapshot();
        NodeInfo a = s.get("a");
        cache.addPod(cpuPod("p", "b"));
        assertThat(s.get("b").podCount()).isZero();
        cache.updateSnapshot(s);
        assertThat(s.get("a")).isSameAs(a);
        assertThat(s.get("a").generation()).isEqualTo(a.generation());
        assertThat(s.get("b").podCount()).isEqualTo(1);
    }

    @Test
    void aDeletedNodeLeavesTheSnapshotButItsPodsAreKeptUntilDeleted() {
        cache.addNode(node("a").build());
        cache.addPod(cpuPod("p", "a"));
        Snapshot s = cache.snapshot();
        cache.removeNode(node("a").build());
        cache.updateSnapshot(s);
        assertThat(s.numNodes()).isZero();
        cache.addNode(node("a").build());
        cache.updateSnapshot(s);
        assertThat(cpuByNode(s)).isEqualTo(Map.of("a", 500L));
        cache.removePod(cpuPod("p", "a"));
        cache.updateSnapshot(s);
        assertThat(cpuByNode(s)).isEqualTo(Map.of("a", 0L));
    }

    @Test
    void nodesAreListedRoundRobinAcrossZones() {
        cache.addNode(node("a1").label("topology.kubernetes.io/zone", "a").build());
        cache.addNode(node("a2").label("topology.kubernetes.io/zone", "a").build());
        cache.addNode(node("a3").label("topology.kubernetes.io/zone", "a").build());
        cache.addNode(node("b1").label("topology.kubernetes.io/zone", "b").build());
        cache.addNode(node("none").build());
        assertThat(cache.snapshot().nodes().stream().map(NodeInfo::name).toList())
                .isEqualTo(List.of("a1", "b1", "none", "a2", "a3"));
    }

    @Test
    void imageStatesCountTheNodesHavingTheImage() {
        cache.addNode(node("a").image(100, "nginx:1.27").build());
        cache.addNode(node("b").image(100, "nginx:1.27").image(50, "redis:7").build());
        Snapshot s = cache.snapshot();
        assertThat(s.get("b").imageStates()).isEqualTo(Map.of(
                "nginx:1.27", new NodeInfo.ImageStateSummary(100, 2), "redis:7", new NodeInfo.ImageStateSummary(50, 1)));
    }

    @Test
    void nodesWithAffinityPodsAreTracked() {
        cache.addNode(node("a").build());
        cache.addNode(node("b").build());
        Pod anti = pod("p").node("b").podAntiAffinity(TestObjects.affinityTerm("kubernetes.io/hostname",
                TestObjects.selector("app", "x"))).build();
        cache.addPod(anti);
        Snapshot s = cache.snapshot();
        assertThat(s.havePodsWithRequiredAntiAffinity().stream().map(NodeInfo::name).toList())
                .isEqualTo(List.of("b"));
        assertThat(s.affinityTopologyKeys()).isEmpty();
        cache.removePod(anti);
        cache.updateSnapshot(s);
        assertThat(s.havePodsWithAffinity()).isEmpty();
        assertThat(s.havePodsWithRequiredAntiAffinity()).isEmpty();
    }
}
