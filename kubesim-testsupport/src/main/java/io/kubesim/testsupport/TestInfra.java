package io.kubesim.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import io.kubesim.infra.Infra;
import io.kubesim.infra.Net;
import io.kubesim.infra.TopicSetup;
import io.kubesim.model.TopicNames;

/**
 * The real Kafka broker and PostgreSQL every test of the build uses, started once per build, not per test class.
 *
 * <p>Where they come from, in this order:
 * <ol>
 *   <li>{@code KUBESIM_TEST_KAFKA} and {@code KUBESIM_TEST_POSTGRES_PORT}: the broker and server that
 *       {@code ./kubesim test} starts once for the whole Maven build (the README's test command);</li>
 *   <li>a Docker engine, if one answers: Testcontainers' Kafka and PostgreSQL modules, once per test JVM;</li>
 *   <li>otherwise the same launchers {@code ./kubesim up} uses ({@link Infra}), once per test JVM, on free ports.</li>
 * </ol>
 * Tests stay apart on the shared servers by using their own topic prefix ({@link #newTopics}) and their own
 * database ({@link #newDatabase}).
 */
public final class TestInfra {

    public static final String KAFKA_ENV = "KUBESIM_TEST_KAFKA";
    public static final String POSTGRES_PORT_ENV = "KUBESIM_TEST_POSTGRES_PORT";

    /** A database made for one test context. */
    public record TestDatabase(String jdbcUrl, String username, String password) {
    }

    private record Servers(String kafka, String postgresAdminUrl, String user, String password) {
    }

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile Servers servers;

    private TestInfra() {
    }

    public static String kafkaBootstrap() {
        return servers().kafka();
    }

    /** A topic prefix no other test uses, with the kubesim topics created under it. */
    public static TopicNames newTopics(String label) {
        TopicNames names = new TopicNames(uniqueName(label) + ".");
        TopicSetup.ensure(kafkaBootstrap(), names);
        return names;
    }

    /** A new, empty database on the shared server. */
    public static TestDatabase newDatabase(String label) {
        Servers s = servers();
        String name = uniqueName(label).replace('-', '_');
        try (Connection c = DriverManager.getConnection(s.postgresAdminUrl(), s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        String url = s.postgresAdminUrl().substring(0, s.postgresAdminUrl().lastIndexOf('/') + 1) + name;
        return new TestDatabase(url, s.user(), s.password());
    }

    /**
     * Drops a database made by {@link #newDatabase}, closing its sessions: for benchmarks, whose databases take
     * gigabytes and whose autovacuum would otherwise run under the next benchmark's measurement.
     */
    public static void dropDatabase(TestDatabase db) {
        Servers s = servers();
        String name = db.jdbcUrl().substring(db.jdbcUrl().lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        try (Connection c = DriverManager.getConnection(s.postgresAdminUrl(), s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE \"" + name + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    private static String uniqueName(String label) {
        String clean = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        if (clean.length() > 30) {
            clean = clean.substring(0, 30);
        }
        return "t" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-" + clean + "-"
                + UUID.randomUUID().toString().substring(0, 6);
    }

    private static Servers servers() {
        Servers s = servers;
        if (s == null) {
            synchronized (TestInfra.class) {
                s = servers;
                if (s == null) {
                    s = start();
                    servers = s;
                }
            }
        }
        return s;
    }

    private static Servers start() {
        String kafka = System.getenv(KAFKA_ENV);
        String pgPort = System.getenv(POSTGRES_PORT_ENV);
        if (kafka != null && !kafka.isBlank() && pgPort != null && !pgPort.isBlank()) {
            return new Servers(kafka, "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "");
        }
        if (dockerAvailable()) {
            return startContainers();
        }
        return startLocal();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Servers startContainers() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.0");
        PostgreSQLContainer pg = new PostgreSQLContainer("postgres:17-alpine");
        kafka.start();
        pg.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.stop();
            pg.stop();
        }));
        String adminUrl = pg.getJdbcUrl().replaceFirst("/[^/?]+(\\?.*)?$", "/postgres");
        return new Servers(kafka.getBootstrapServers(), adminUrl, pg.getUsername(), pg.getPassword());
    }

    private static Servers startLocal() {
        try {
            Path home = Files.createTempDirectory("kubesim-test-infra-");
            int base = Net.freePorts(3, java.util.Set.of()); // Kafka, its controller, PostgreSQL
            Infra infra = new Infra(home, base, base + 1, base + 2, brokerLibs());
            infra.start(TopicNames.standard(), Infra.Progress.SILENT);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                infra.stop(Infra.Progress.SILENT);
                try {
                    io.kubesim.infra.PostgresServer.deleteTree(home);
                } catch (IOException e) {
                    // best effort
                }
            }));
            return new Servers(infra.bootstrapServers(), infra.postgres().jdbcUrl("postgres"), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Kafka broker jars collected by the kubesim-broker module, found from the working directory upwards. */
    public static Path brokerLibs() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path libs = dir.resolve("kubesim-broker/target/libs");
            if (Files.isDirectory(libs)) {
                return libs;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("kubesim-broker/target/libs not found above " + Path.of("").toAbsolutePath()
                + "; build it with ./mvnw -pl kubesim-broker package");
    }

    /** How long tests wait for asynchronous outcomes. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);
}
