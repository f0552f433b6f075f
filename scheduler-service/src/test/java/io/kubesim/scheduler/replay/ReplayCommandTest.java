package io.kubesim.scheduler.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.json.KubeJson;

class ReplayCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReplayCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path export() throws IOException {
        Path file = dir.resolve("export.jsonl");
        StringBuilder sb = new StringBuilder();
        for (LogLine l : ExportFixture.seed000Run()) {
            sb.append(l.toJson()).append('\n');
        }
        Files.writeString(file, sb);
        return file;
    }

    @Test
    @DisplayName("the table of a replay against a cluster file without arm64: moved pods, pending pods with reasons, utilisation per architecture")
    void tableAgainstAnotherClusterShape() throws IOException {
        Path export = export();
        Path cluster = dir.resolve("cluster.yaml");
        Files.writeString(cluster, """
                nodes:
                  - name: master
                    architecture: amd64
                    labels: {node-role.kubernetes.io/control-plane: ""}
                    taints: ["node-role.kubernetes.io/control-plane:NoSchedule"]
                  - name: amd64-w%d
                    count: 3
                    architecture: amd64
                  - name: ppc64le-w1
                    architecture: ppc64le
                """);
        Path out = dir.resolve("replayed.jsonl");

        Run r = run("--from", export.toString(), "-f", cluster.toString(), "--out", out.toString());

        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out().replace(dir.toString(), "DIR")).isEqualTo("""
                Replay of DIR/export.jsonl: 22 log rows, 7 pods; nodes: 5 recorded, 5 replayed (from DIR/cluster.yaml); profile default-scheduler; seed 0
                placed as recorded: 1, placed differently: 4, pending: 2 (2 placed in the recorded run)

                PODS PLACED DIFFERENTLY
                POD                      RECORDED   REPLAYED
                default/web-1            amd64-w1   ppc64le-w1
                default/web-2            amd64-w2   amd64-w1
                default/dockerize        amd64-w1   amd64-w3
                default/gone (deleted)   amd64-w1   amd64-w2

                PODS PENDING IN THE REPLAY
                POD             RECORDED   REASON
                default/arm-1   arm64-w1   0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.
                default/arm-2   arm64-w1   0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.

                UTILISATION PER ARCHITECTURE (recorded -> replayed; requests of the pods not deleted, over allocatable)
                ARCH      NODES    PODS     CPU             MEMORY
                amd64     3 -> 4   4 -> 3   10.0% -> 4.4%   5.2% -> 2.3%
                arm64     1 -> 0   2 -> 0   50.0% -> -      25.0% -> -
                ppc64le   1 -> 1   0 -> 1   0.0% -> 12.5%   0.0% -> 6.3%

                replayed log: DIR/replayed.jsonl (21 rows)
                """);
        // 5 nodes, the ReplicaSet, 7 pods created, 5 bound, 2 FailedScheduling status updates, 1 deletion
        assertThat(Files.readAllLines(out)).hasSize(21);
    }

    @Test
    @DisplayName("-o json with a scheduler config that turns ImageArchitecture on: the ppc64le-only image lands on ppc64le")
    void jsonWithSchedulerConfig() throws IOException {
        Path export = export();
        Path config = dir.resolve("scheduler.yaml");
        Files.writeString(config, """
                kubesim:
                  scheduler:
                    seed: 5
                    profiles:
                      - scheduler-name: default-scheduler
                        image-architecture: true
                """);

        Run r = run("--from", export.toString(), "--scheduler-config", config.toString(), "-o", "json");

        assertThat(r.err()).isEmpty();
        JsonNode json = KubeJson.parse(r.out());
        assertThat(json.path("seed").asLong()).isEqualTo(5);
        assertThat(json.path("profiles").path(0).path("imageArchitecture").asBoolean()).isTrue();
        JsonNode dockerize = null;
        for (JsonNode p : json.path("pods")) {
            if (p.path("name").asString().equals("dockerize")) {
                dockerize = p;
            }
        }
        assertThat(KubeJson.write(dockerize)).isEqualTo("{\"namespace\":\"default\",\"name\":\"dockerize\","
                + "\"uid\":\"uid-dockerize\",\"recordedNode\":\"amd64-w1\",\"recordedReason\":null,"
                + "\"replayedNode\":\"ppc64le-w1\",\"replayedReason\":null,\"deleted\":false,"
                + "\"placedDifferently\":true,\"pending\":false}");
    }

    @Test
    @DisplayName("--seed overrides the config's seed, and a missing --from is a usage error")
    void usage() throws IOException {
        Run missing = run("-f", "x.yaml");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("kubesim replay: --from <export> is required\n\nusage: ./kubesim replay");

        Run seeded = run("--from", export().toString(), "--seed", "11", "-o", "json");
        assertThat(KubeJson.parse(seeded.out()).path("seed").asLong()).isEqualTo(11);
    }
}
