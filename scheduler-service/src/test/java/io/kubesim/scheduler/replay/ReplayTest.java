package io.kubesim.scheduler.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.kubesim.model.cluster.ClusterSpec;
import io.kubesim.model.cluster.NodeTemplate;
import io.kubesim.scheduler.framework.ProfileConfig;
import io.kubesim.scheduler.framework.SchedulerConfig;
import io.kubesim.scheduler.plugins.imagearchitecture.ImagePlatformCatalog;
import io.kubesim.scheduler.replay.ReplayResult.ArchUsage;
import io.kubesim.scheduler.replay.ReplayResult.PodOutcome;
import io.kubesim.scheduler.service.RegistryImageCatalog;

class ReplayTest {

    private static final ImagePlatformCatalog NO_CATALOG = image -> Optional.empty();

    private static ReplayResult replay(List<LogLine> log, SchedulerConfig config, ImagePlatformCatalog images,
                                       List<io.fabric8.kubernetes.api.model.Node> cluster) {
        return Replay.run(log, new Replay.Options(config, images, cluster));
    }

    @Test
    @DisplayName("two replays of the same log with the same cluster, configuration and seed give identical placements and identical fresh logs")
    void sameInputsSamePlacements() {
        List<LogLine> log = ExportFixture.seed000Run();
        ReplayResult first = replay(log, SchedulerConfig.defaults(7), NO_CATALOG, null);
        ReplayResult second = replay(log, SchedulerConfig.defaults(7), NO_CATALOG, null);

        assertThat(second.placements()).isEqualTo(first.placements());
        assertThat(second.log().stream().map(LogLine::toJson).toList())
                .isEqualTo(first.log().stream().map(LogLine::toJson).toList());
        assertThat(first.placements().keySet()).containsExactly("default/web-1", "default/web-2", "default/arm-1",
                "default/arm-2", "default/dockerize", "default/dockerize-on-amd64", "default/gone");
    }

    @Test
    @DisplayName("without the arm64 node the arm64-pinned pods are pending with kube-scheduler's FailedScheduling message, and the utilisation shows no arm64")
    void removingArm64LeavesPinnedPodsPending() {
        ReplayResult r = replay(ExportFixture.seed000Run(), SchedulerConfig.defaults(0), NO_CATALOG,
                ExportFixture.defaultClusterWithoutArm64());

        String message = "0/4 nodes are available: 1 node(s) had untolerated taint "
                + "{node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector. "
                + "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.";
        assertThat(r.pending()).isEqualTo(List.of(
                new PodOutcome("default", "arm-1", "uid-arm-1", "arm64-w1", null, null, message, false),
                new PodOutcome("default", "arm-2", "uid-arm-2", "arm64-w1", null, null, message, false)));
        assertThat(r.original()).isEqualTo(List.of(
                new ArchUsage("amd64", 3, 4, 1200, 12000, 1280L << 20, 24L << 30),
                new ArchUsage("arm64", 1, 2, 2000, 4000, 2L << 30, 8L << 30),
                new ArchUsage("ppc64le", 1, 0, 0, 4000, 0, 8L << 30)));
        assertThat(r.replayed().stream().map(ArchUsage::architecture).toList()).containsExactly("amd64", "ppc64le");
    }

    @Test
    @DisplayName("with ImageArchitecture on, the ppc64le-only image goes to the ppc64le node and its amd64-pinned copy waits instead of failing to pull")
    void imageArchitectureKeepsThePpc64leImageOffAmd64() {
        SchedulerConfig config = SchedulerConfig.defaults(0).withProfiles(List.of(
                ProfileConfig.defaults(ProfileConfig.DEFAULT_SCHEDULER_NAME).withImageArchitecture(true)));
        ReplayResult r = replay(ExportFixture.seed000Run(), config, RegistryImageCatalog.load(List.of()), null);

        assertThat(r.placements().get("default/dockerize")).isEqualTo("ppc64le-w1");
        assertThat(r.pending()).isEqualTo(List.of(new PodOutcome("default", "dockerize-on-amd64",
                "uid-dockerize-on-amd64", "amd64-w2", null, null,
                "0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
                        + "2 node(s) didn't match Pod's node affinity/selector, 2 node(s) didn't match the pod's "
                        + "image platforms. preemption: 0/5 nodes are available: 5 Preemption is not helpful for "
                        + "scheduling.",
                false)));
    }

    @Test
    @DisplayName("a replay's own fresh log, replayed with the same inputs, shows every pod placed as recorded")
    void replayingAReplayChangesNothing() {
        ReplayResult first = replay(ExportFixture.seed000Run(), SchedulerConfig.defaults(3), NO_CATALOG,
                ExportFixture.defaultClusterWithoutArm64());
        ReplayResult again = replay(first.log(), SchedulerConfig.defaults(3), NO_CATALOG, null);

        assertThat(again.originalPlacements()).isEqualTo(first.placements());
        assertThat(again.placements()).isEqualTo(first.placements());
        assertThat(again.placedDifferently()).isEmpty();
    }

    @Test
    @DisplayName("a replay's own fresh log, replayed against the same cluster file, places every pod as recorded: the log keeps the ReplicaSets the spreading read")
    void replayingAReplayAgainstTheSameClusterChangesNothing() {
        ReplayResult first = replay(ExportFixture.seed000Run(), SchedulerConfig.defaults(3), NO_CATALOG,
                ExportFixture.defaultClusterWithoutArm64());
        ReplayResult again = replay(first.log(), SchedulerConfig.defaults(3), NO_CATALOG,
                ExportFixture.defaultClusterWithoutArm64());

        assertThat(again.originalPlacements()).isEqualTo(first.placements());
        assertThat(again.placements()).isEqualTo(first.placements());
        assertThat(first.log().stream().filter(l -> l.resource().equals("replicasets.apps")).map(LogLine::key)
                .toList()).containsExactly("/replicasets.apps/default/web");
    }

    @Test
    @DisplayName("the fresh log starts at revision 1, holds the nodes, the pods' creation, bindings, FailedScheduling status and deletion")
    void freshLogShape() {
        ReplayResult r = replay(ExportFixture.seed000Run(), SchedulerConfig.defaults(0), NO_CATALOG,
                ExportFixture.defaultClusterWithoutArm64());
        List<String> rows = r.log().stream().map(l -> l.revision() + " " + l.type() + " " + l.key() + " " + l.actor())
                .toList();
        assertThat(rows.subList(0, 5)).containsExactly("1 ADDED /nodes/master kubesim:replay",
                "2 ADDED /nodes/amd64-w1 kubesim:replay", "3 ADDED /nodes/amd64-w2 kubesim:replay",
                "4 ADDED /nodes/ppc64le-w1 kubesim:replay", "5 ADDED /replicasets.apps/default/web "
                        + "system:serviceaccount:kube-system:replicaset-controller");
        assertThat(rows).contains("6 ADDED /pods/default/web-1 admin", "7 MODIFIED /pods/default/web-1 system:kube-scheduler");
        LogLine failed = r.log().stream().filter(l -> l.key().equals("/pods/default/arm-1")
                && l.type().equals(LogLine.MODIFIED)).findFirst().orElseThrow();
        assertThat(failed.object().path("status").path("conditions").get(0).path("reason").asString())
                .isEqualTo("Unschedulable");
        assertThat(rows.getLast()).endsWith("DELETED /pods/default/gone admin");
        assertThat(r.log().getLast().prevRevision()).isEqualTo(r.log().stream()
                .filter(l -> l.key().equals("/pods/default/gone") && l.type().equals(LogLine.MODIFIED))
                .mapToLong(LogLine::revision).max().orElseThrow());
    }

    @Test
    @DisplayName("a pod that found no room waits with its FailedScheduling status, and the deletion of another pod lets it in")
    void deletionMakesRoomForAWaitingPod() {
        ClusterSpec one = new ClusterSpec(List.of(new NodeTemplate("n1", 1, "amd64", "linux", "4", "8Gi", 110, null,
                null, null, null, null, null)));
        List<LogLine> log = new ExportFixture().nodes(one)
                .createAndBind(ExportFixture.pod("first", "nginx:1.27", "3", "1Gi", null), "n1")
                .create(ExportFixture.pod("second", "nginx:1.27", "3", "1Gi", null))
                .delete("first")
                .rows();
        ReplayResult r = replay(log, SchedulerConfig.defaults(0), NO_CATALOG, null);

        assertThat(r.placements()).isEqualTo(Map.of("default/first", "n1", "default/second", "n1"));
        assertThat(r.log().stream().map(l -> l.revision() + " " + l.type() + " " + l.key() + " " + l.actor()
                + (l.type().equals(LogLine.MODIFIED) ? " " + l.object().path("spec").path("nodeName").asString("-")
                        + " " + l.object().path("status").path("conditions").path(0).path("message").asString("")
                        : "")).toList())
                .containsExactly(
                        "1 ADDED /nodes/n1 system:node:n1",
                        "2 ADDED /pods/default/first admin",
                        "3 MODIFIED /pods/default/first system:kube-scheduler n1 ",
                        "4 ADDED /pods/default/second admin",
                        "5 MODIFIED /pods/default/second system:kube-scheduler - 0/1 nodes are available: 1 Insufficient "
                                + "cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
                        "6 DELETED /pods/default/first admin",
                        "7 MODIFIED /pods/default/second system:kube-scheduler n1 ");
    }
}
