package io.kubesim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kubesim.infra.cli.AuditCommand;
import io.kubesim.infra.cluster.ClusterConfig;
import io.kubesim.infra.cluster.ClusterLauncher;
import io.kubesim.infra.cluster.Ports;
import io.kubesim.model.TopicNames;
import io.kubesim.model.cluster.ClusterSpec;
import io.kubesim.model.json.KubeJson;
import io.kubesim.testsupport.Kubectl;
import io.kubesim.testsupport.TestInfra;

/**
 * Issue 8, export and import: the log of the running e2e cluster, exported, starts a second cluster as
 * {@code ./kubesim up --import} does (state-service alone first, the import, then the other components), and that
 * cluster has the same objects at the same revisions, a log that verifies, and kubectl sees the imported pods.
 */
class ImportIT {

    private static final Scenario S = new Scenario("import");

    @TempDir
    Path dir;

    @Test
    void anExportedLogStartsANewClusterWithTheSameObjectsAtTheSameRevisions() throws Exception {
        S.createNamespace();
        S.kn("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2").assertOk();
        List<String> pods = List.copyOf(S.awaitRunning("app=web", 2).keySet());
        String originalUrl = "http://127.0.0.1:" + S.cluster.launcher().config().ports().stateService();
        Path home = S.cluster.launcher().config().home();
        Path export = dir.resolve("log.jsonl");
        assertThat(AuditIT.auditAt(home, List.of("--state-url", originalUrl, "export", "-o", export.toString()))
                .code()).isZero();
        List<String> lines = Files.readAllLines(export);
        long last = KubeJson.parse(lines.getLast()).path("revision").asLong();
        String before = AuditIT.auditAt(home, List.of("--state-url", originalUrl, "at", "--revision",
                String.valueOf(last), "-o", "json")).out();

        Path home2 = Files.createTempDirectory("kubesim-import-");
        TopicNames topics = TestInfra.newTopics("import");
        TestInfra.TestDatabase db = TestInfra.newDatabase("import");
        Path repo = E2eCluster.repoRoot();
        // no node agents: the imported Nodes and pods are the state under test, not what kubelets do with them
        ClusterConfig config = new ClusterConfig(home2, Ports.free(), new ClusterSpec(List.of()), List.of(),
                System.currentTimeMillis(), E2eCluster.SPEED, topics.prefix(), true,
                new ClusterConfig.ExternalInfra(TestInfra.kafkaBootstrap(), db.jdbcUrl(), db.username(),
                        db.password()), repo.resolve("kubesim-broker/target/libs"));
        ClusterLauncher second = new ClusterLauncher(repo, config);
        String importedUrl = "http://127.0.0.1:" + config.ports().stateService();
        try {
            second.up(ClusterLauncher.Progress.CONSOLE,
                    () -> AuditCommand.importInto(importedUrl, export, System.out, System.err));

            String after = AuditIT.auditAt(home2, List.of("--state-url", importedUrl, "at", "--revision",
                    String.valueOf(last), "-o", "json")).out();
            AuditIT.Run verify = AuditIT.auditAt(home2, List.of("--state-url", importedUrl, "verify"));
            Kubectl kubectl = new Kubectl(second.kubeconfig(), Files.createDirectories(dir.resolve("kubectl")));
            Kubectl.Result seen = kubectl.run("get", "pods", "-n", S.namespace, "-l", "app=web",
                    "-o", "jsonpath={.items[*].metadata.name}").assertOk();

            assertThat(after).isEqualTo(before);
            assertThat(KubeJson.parse(after).path("items").size()).isGreaterThan(pods.size());
            assertThat(verify.code()).isZero();
            assertThat(verify.out()).contains("no mismatches");
            assertThat(List.of(seen.out().trim().split(" "))).containsExactlyInAnyOrderElementsOf(pods);
        } finally {
            second.down(ClusterLauncher.Progress.SILENT);
        }
    }
}
