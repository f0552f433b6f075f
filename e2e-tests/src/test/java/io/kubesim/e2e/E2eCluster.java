package io.kubesim.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.kubesim.infra.cluster.ClusterConfig;
import io.kubesim.infra.cluster.ClusterLauncher;
import io.kubesim.infra.cluster.Ports;
import io.kubesim.model.TopicNames;
import io.kubesim.model.cluster.ClusterSpec;
import io.kubesim.testsupport.Kubectl;
import io.kubesim.testsupport.TestInfra;

/**
 * The cluster every end-to-end test drives: started once per test JVM by the same {@link ClusterLauncher}
 * {@code ./kubesim up} uses — state-service, api-gateway (HTTPS, tokens), scheduler, controller-manager and one
 * node agent per architecture, each its own JVM — with the default cluster of the seeds (master, amd64-w1,
 * amd64-w2, arm64-w1, ppc64le-w1) plus an agent for Windows nodes, on the build's shared Kafka and PostgreSQL.
 * The cluster clock runs {@link #SPEED} times faster than the wall clock.
 */
public final class E2eCluster {

    public static final double SPEED = 20.0;
    private static E2eCluster shared;
    private static RuntimeException startFailure;

    private final ClusterLauncher launcher;
    private final Path work;

    private E2eCluster(ClusterLauncher launcher, Path work) {
        this.launcher = launcher;
        this.work = work;
    }

    public static synchronized E2eCluster shared() {
        if (startFailure != null) {
            // one failed start is enough: every other class fails at once with the same cause instead of waiting again
            throw new IllegalStateException("the e2e cluster did not start: " + startFailure.getMessage(), startFailure);
        }
        if (shared == null) {
            try {
                shared = start();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            E2eCluster c = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> c.launcher.down(ClusterLauncher.Progress.SILENT)));
        }
        return shared;
    }

    private static E2eCluster start() {
        try {
            Path repo = repoRoot();
            Path home = Files.createTempDirectory("kubesim-e2e-");
            TopicNames topics = TestInfra.newTopics("e2e");
            TestInfra.TestDatabase db = TestInfra.newDatabase("e2e");
            ClusterConfig config = new ClusterConfig(home, Ports.free(), ClusterSpec.defaultCluster(),
                    List.of("amd64", "arm64", "ppc64le", "windows-amd64"), System.currentTimeMillis(), SPEED,
                    topics.prefix(), true, new ClusterConfig.ExternalInfra(TestInfra.kafkaBootstrap(), db.jdbcUrl(),
                    db.username(), db.password()), repo.resolve("kubesim-broker/target/libs"));
            ClusterLauncher launcher = new ClusterLauncher(repo, config);
            long t0 = System.nanoTime();
            try {
                launcher.up(ClusterLauncher.Progress.CONSOLE);
            } catch (RuntimeException e) {
                launcher.down(ClusterLauncher.Progress.SILENT); // leave no processes behind
                throw e;
            }
            System.out.printf("e2e cluster up in %.1f s (%s)%n", (System.nanoTime() - t0) / 1e9, home);
            return new E2eCluster(launcher, Files.createDirectories(home.resolve("kubectl")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("kubesim"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root (with ./kubesim) not found");
        }
        return dir;
    }

    public ClusterLauncher launcher() {
        return launcher;
    }

    /** kubectl as the admin, with a fresh discovery cache per command. */
    public Kubectl kubectl() {
        return new Kubectl(launcher.kubeconfig(), work);
    }

    /** Waits (wall clock) until the supplier returns true; fails with the last value of {@code describe}. */
    public static void await(String what, Duration timeout, Supplier<Boolean> condition, Supplier<String> describe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(condition.get())) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; last seen:\n"
                + describe.get());
    }
}
