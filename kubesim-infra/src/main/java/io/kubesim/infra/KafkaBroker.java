package io.kubesim.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real standalone Kafka broker (KRaft, combined broker + controller) run from the Maven Central jars collected by
 * the {@code kubesim-broker} module: formatted once with {@code kafka.tools.StorageTool}, then started as
 * {@code kafka.Kafka} in its own process. Data, configuration, pid and log live under {@code dir}.
 */
public final class KafkaBroker {

    /**
     * @param dir            home of this broker: server.properties, data/, kafka.pid, kafka.log
     * @param port           client listener on 127.0.0.1
     * @param controllerPort KRaft controller listener on 127.0.0.1
     * @param libs           folder with the broker's jars
     * @param maxHeap        -Xmx of the broker JVM, e.g. {@code 512m}
     */
    public record Settings(Path dir, int port, int controllerPort, Path libs, String maxHeap) {
    }

    private final Settings settings;
    private final ManagedProcess process;

    public KafkaBroker(Settings settings) {
        this.settings = settings;
        this.process = new ManagedProcess("kafka", settings.dir().resolve("kafka.pid"),
                settings.dir().resolve("kafka.log"));
    }

    public String bootstrapServers() {
        return Net.LOOPBACK + ":" + settings.port();
    }

    public ManagedProcess process() {
        return process;
    }

    /** Starts the broker unless it already runs; waits until it answers. Safe to call again. */
    public void start(Duration timeout) {
        if (process.isAlive() && answers(Duration.ofSeconds(5))) {
            return;
        }
        if (Net.isListening(settings.port())) {
            throw new IllegalStateException("port " + settings.port() + " is taken by another process; "
                    + "choose another Kafka port");
        }
        if (!Files.isDirectory(settings.libs())) {
            throw new IllegalStateException("Kafka broker jars not found in " + settings.libs()
                    + " (build them with: ./mvnw -pl kubesim-broker package)");
        }
        try {
            Files.createDirectories(settings.dir());
            Path config = writeConfig();
            if (!Files.exists(settings.dir().resolve("data/meta.properties"))) {
                format(config);
            }
            process.start(List.of(ManagedProcess.javaBinary(),
                    "-Xms128m", "-Xmx" + settings.maxHeap(), "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                    "-Djava.awt.headless=true",
                    "-Dlog4j2.configurationFile=" + settings.dir().resolve("log4j2.properties"),
                    "-cp", settings.libs().toAbsolutePath() + "/*",
                    "kafka.Kafka", config.toString()), settings.dir(), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!answers(timeout)) {
            String tail = process.logTail(30);
            process.stop(Duration.ofSeconds(5));
            throw new IllegalStateException("Kafka did not start within " + timeout + ":\n" + tail);
        }
    }

    public boolean stop() {
        return process.stop(Duration.ofSeconds(20));
    }

    /** Whether the broker accepts an admin request within the timeout. */
    public boolean answers(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!Net.await(timeout, () -> Net.isListening(settings.port()))) {
            return false;
        }
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return true;
                } catch (Exception e) {
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void format(Path config) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ManagedProcess.javaBinary(), "-Xmx256m",
                "-Dlog4j2.configurationFile=" + settings.dir().resolve("log4j2.properties"),
                "-cp", settings.libs().toAbsolutePath() + "/*",
                "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(),
                "--ignore-formatted")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(process.logFile().toFile()));
        try {
            int rc = pb.start().waitFor();
            if (rc != 0) {
                throw new IllegalStateException("kafka StorageTool format failed (exit " + rc + "):\n"
                        + process.logTail(20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    private Path writeConfig() throws IOException {
        Path data = settings.dir().resolve("data").toAbsolutePath();
        String props = """
                # written by kubesim: a single-node KRaft cluster on loopback
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                inter.broker.listener.name=PLAINTEXT
                log.dirs=%3$s
                num.partitions=1
                auto.create.topics.enable=false
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                share.coordinator.state.topic.num.partitions=1
                group.initial.rebalance.delay.ms=0
                message.max.bytes=4194304
                replica.fetch.max.bytes=4194304
                """.formatted(settings.port(), settings.controllerPort(), data);
        Path config = settings.dir().resolve("server.properties");
        Files.writeString(config, props);
        Files.writeString(settings.dir().resolve("log4j2.properties"), """
                status = warn
                appender.console.type = Console
                appender.console.name = STDOUT
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = [%d] %p %m (%c)%n
                rootLogger.level = WARN
                rootLogger.appenderRef.stdout.ref = STDOUT
                logger.raft.name = kafka.server.KafkaRaftServer
                logger.raft.level = INFO
                logger.state.name = state.change.logger
                logger.state.level = WARN
                """);
        return config;
    }
}
