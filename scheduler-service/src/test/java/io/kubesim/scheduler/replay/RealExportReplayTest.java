package io.kubesim.scheduler.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.kubesim.scheduler.framework.SchedulerConfig;
import io.kubesim.scheduler.service.RegistryImageCatalog;

/**
 * A log captured from a real run: {@code ./kubesim up} (the default cluster), then with kubectl
 * {@code apply -f examples/000-heterogeneous/nginx-deployment.yaml} and {@code ppc64le-image-on-amd64.yaml},
 * {@code run arm-a} and {@code arm-b} (nodeSelector kubernetes.io/arch: arm64), {@code run dockerize
 * --image=kongru/dockerize:base}, {@code run plain}, {@code delete pod plain}, {@code scale deploy nginx
 * --replicas=3}, and {@code ./kubesim audit export}; kept are the rows of the kinds the replay reads (nodes, pods,
 * namespaces, services, replicasets.apps), verbatim.
 */
class RealExportReplayTest {

    private static List<LogLine> export() throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                RealExportReplayTest.class.getResourceAsStream("/replay/seed000-real-export.jsonl"),
                StandardCharsets.UTF_8))) {
            return LogLine.read(in);
        }
    }

    @Test
    @DisplayName("a real run's export, replayed on its own nodes with the scheduler's configuration and seed, places every pod where the real scheduler did")
    void replayReproducesTheRealScheduler() throws IOException {
        ReplayResult r = Replay.run(export(), new Replay.Options(SchedulerConfig.defaults(0),
                RegistryImageCatalog.load(List.of()), null));

        assertThat(r.placements()).isEqualTo(r.originalPlacements());
        assertThat(r.originalPlacements()).isEqualTo(Map.of(
                "default/nginx-7d8c7dc949-79r6m", "ppc64le-w1",
                "default/nginx-7d8c7dc949-srq6j", "amd64-w2",
                "default/dockerize-on-amd64", "amd64-w1",
                "default/arm-a", "arm64-w1",
                "default/arm-b", "arm64-w1",
                "default/dockerize", "ppc64le-w1",
                "default/plain", "amd64-w2",
                "default/nginx-7d8c7dc949-vqgw9", "amd64-w1"));
    }
}
