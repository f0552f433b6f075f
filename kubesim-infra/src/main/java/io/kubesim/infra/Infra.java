package io.kubesim.infra;

import java.nio.file.Path;
import java.time.Duration;

import io.kubesim.model.TopicNames;

/**
 * The infrastructure of one local cluster: a real Kafka broker and a real PostgreSQL on loopback, the topics, the
 * database, the TLS material and the token file, all under one home folder (by default {@code .kubesim/}).
 *
 * @param home         the cluster's home folder
 * @param kafkaPort    Kafka client port
 * @param kafkaControllerPort KRaft controller port
 * @param postgresPort PostgreSQL port
 * @param brokerLibs   the Kafka broker's jars
 */
public record Infra(Path home, int kafkaPort, int kafkaControllerPort, int postgresPort, Path brokerLibs) {

    public static final String DATABASE = "kubesim";

    public KafkaBroker kafka() {
        return new KafkaBroker(new KafkaBroker.Settings(home.resolve("kafka"), kafkaPort, kafkaControllerPort,
                brokerLibs, "512m"));
    }

    public PostgresServer postgres() {
        return new PostgresServer(new PostgresServer.Settings(home.resolve("postgres"), postgresPort));
    }

    public Path pkiDir() {
        return home.resolve("pki");
    }

    public String bootstrapServers() {
        return Net.LOOPBACK + ":" + kafkaPort;
    }

    public String jdbcUrl() {
        return postgres().jdbcUrl(DATABASE);
    }

    /** Starts whatever is not running yet and prepares topics, database, certificates and tokens. */
    public void start(TopicNames topics, Progress progress) {
        Thread pg = Thread.ofPlatform().start(() -> {
            progress.starting("postgres");
            long t0 = System.nanoTime();
            postgres().start(Duration.ofSeconds(90));
            postgres().createDatabase(DATABASE);
            progress.ready("postgres", "127.0.0.1:" + postgresPort, t0);
        });
        progress.starting("kafka");
        long t0 = System.nanoTime();
        kafka().start(Duration.ofSeconds(90));
        TopicSetup.ensure(bootstrapServers(), topics);
        progress.ready("kafka", bootstrapServers(), t0);
        Pki.ensure(pkiDir());
        Credentials.ensureTokenFile(home);
        try {
            pg.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (postgres().pid().isEmpty()) {
            throw new IllegalStateException("PostgreSQL failed to start; see " + postgres().logFile());
        }
    }

    public void stop(Progress progress) {
        if (kafka().stop()) {
            progress.stopped("kafka");
        }
        if (postgres().stop()) {
            progress.stopped("postgres");
        }
    }

    /** Reports start-up progress to the user. */
    public interface Progress {
        void starting(String component);

        void ready(String component, String detail, long startNanos);

        void stopped(String component);

        Progress SILENT = new Progress() {
            @Override
            public void starting(String component) {
            }

            @Override
            public void ready(String component, String detail, long startNanos) {
            }

            @Override
            public void stopped(String component) {
            }
        };

        Progress CONSOLE = new Progress() {
            @Override
            public void starting(String component) {
                System.out.printf("  %-22s starting%n", component);
            }

            @Override
            public void ready(String component, String detail, long startNanos) {
                System.out.printf("  %-22s ready     %-28s (%.1f s)%n", component, detail,
                        (System.nanoTime() - startNanos) / 1e9);
            }

            @Override
            public void stopped(String component) {
                System.out.printf("  %-22s stopped%n", component);
            }
        };
    }
}
