package io.kubesim.scheduler.it;

import static io.kubesim.scheduler.it.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.kubesim.runtime.ClusterCache;
import io.kubesim.model.resource.Resources;

/**
 * The same cluster and the same pods, scheduled by a scheduler with the same seed on two fresh control planes, give
 * the same placements; identical nodes make every choice a tie, so the seed decides them (another seed differs).
 */
class DeterministicPlacementTest {

    private static final int NODES = 6;
    private static final int PODS = 24;

    private static Map<String, String> placements(long seed) throws Exception {
        try (TestCluster c = TestCluster.start("determinism-" + seed, 60.0)) {
            for (int i = 1; i <= NODES; i++) {
                c.node("n" + i, "4", "8Gi", 110, "{}", "");
            }
            for (int i = 0; i < PODS; i++) {
                c.pod("p%02d".formatted(i), "nginx:1.27", "100m", "");
            }
            c.startScheduler("--kubesim.scheduler.seed=" + seed);
            return await(PODS + " pods bound", () -> {
                Map<String, String> out = new TreeMap<>();
                for (ClusterCache.Entry e : c.cache.list(Resources.PODS, "default")) {
                    String node = e.json().path("spec").path("nodeName").asString("");
                    if (!node.isEmpty()) {
                        out.put(e.json().path("metadata").path("name").asString(), node);
                    }
                }
                return out.size() == PODS ? out : null;
            });
        }
    }

    @Test
    @DisplayName("the same seed and the same inputs give the same node for every pod; another seed does not")
    void sameSeedSamePlacements() throws Exception {
        Map<String, String> first = placements(7);
        Map<String, String> second = placements(7);
        Map<String, String> otherSeed = placements(8);
        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }
}
