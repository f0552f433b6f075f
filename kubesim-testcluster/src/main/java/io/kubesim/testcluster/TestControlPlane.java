package io.kubesim.testcluster;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.kubesim.model.TopicNames;
import io.kubesim.model.command.Command;
import io.kubesim.model.command.CommandReply;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.EventStream;
import io.kubesim.runtime.KafkaCommandBus;
import io.kubesim.state.StateServiceApplication;
import io.kubesim.state.log.CommandWriter;
import io.kubesim.testsupport.TestInfra;

/**
 * A real state-service running in the test JVM, on its own database and topic prefix of the build's shared Kafka
 * broker and PostgreSQL ({@link TestInfra}), plus a client (command bus and cache) on the same topics. Other
 * services' integration tests start theirs next to it with {@link #serviceProperties}.
 *
 * <pre>
 * TestControlPlane cp = TestControlPlane.start("scheduler-it", 60.0);
 * SpringApplication.run(SchedulerApplication.class, cp.serviceArgs("system:kube-scheduler"));
 * </pre>
 */
public final class TestControlPlane implements AutoCloseable {

    private final TopicNames topics;
    private final long clockOrigin;
    private final double clockSpeed;
    private final ConfigurableApplicationContext stateService;
    private KafkaCommandBus bus;
    private ClusterCache cache;
    private EventStream stream;

    private TestControlPlane(TopicNames topics, long clockOrigin, double clockSpeed,
            ConfigurableApplicationContext stateService) {
        this.topics = topics;
        this.clockOrigin = clockOrigin;
        this.clockSpeed = clockSpeed;
        this.stateService = stateService;
    }

    /** Starts state-service on a fresh database and topic prefix, with a cluster clock of the given speed. */
    public static TestControlPlane start(String label, double clockSpeed) {
        TopicNames topics = TestInfra.newTopics(label);
        TestInfra.TestDatabase db = TestInfra.newDatabase(label);
        long origin = System.currentTimeMillis();
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.datasource.url", db.jdbcUrl() + "?reWriteBatchedInserts=true");
        props.put("spring.datasource.username", db.username());
        props.put("spring.datasource.password", db.password());
        props.put("server.port", "0");
        props.put("management.server.port", "0");
        props.put("spring.jmx.enabled", "false");
        props.putAll(clientProperties(topics, origin, clockSpeed));
        props.put("kubesim.actor", "system:kubesim-state-service");
        props.put("kubesim.client.enabled", "false");
        SpringApplication app = new SpringApplication(StateServiceApplication.class);
        // as command-line arguments, so they win over the service's application.yaml
        ConfigurableApplicationContext ctx = app.run(args(props));
        CommandWriter writer = ctx.getBean(CommandWriter.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!writer.isReady() && System.nanoTime() < deadline) {
            sleep(50);
        }
        if (!writer.isReady()) {
            ctx.close();
            throw new IllegalStateException("state-service did not become ready");
        }
        return new TestControlPlane(topics, origin, clockSpeed, ctx);
    }

    private static Map<String, Object> clientProperties(TopicNames topics, long origin, double speed) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("kubesim.kafka.bootstrap-servers", TestInfra.kafkaBootstrap());
        props.put("kubesim.topic-prefix", topics.prefix());
        props.put("kubesim.clock.origin", String.valueOf(origin));
        props.put("kubesim.clock.speed", String.valueOf(speed));
        return props;
    }

    /** Spring properties that put another service on this control plane's broker, topics and clock. */
    public Map<String, Object> serviceProperties(String actor) {
        Map<String, Object> props = clientProperties(topics, clockOrigin, clockSpeed);
        props.put("kubesim.actor", actor);
        // state-service is on the test classpath; the other services have no database
        props.put("spring.autoconfigure.exclude", String.join(",",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"));
        props.put("server.port", "0");
        props.put("spring.jmx.enabled", "false");
        return props;
    }

    /**
     * The same as command-line arguments ({@code --key=value}): start services with these, since arguments take
     * precedence over their application.yaml (default properties do not).
     */
    public String[] serviceArgs(String actor) {
        return args(serviceProperties(actor));
    }

    /** Properties as command-line arguments. */
    public static String[] args(Map<String, Object> props) {
        return props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    public TopicNames topics() {
        return topics;
    }

    public long clockOrigin() {
        return clockOrigin;
    }

    public double clockSpeed() {
        return clockSpeed;
    }

    public String bootstrapServers() {
        return TestInfra.kafkaBootstrap();
    }

    public ConfigurableApplicationContext stateService() {
        return stateService;
    }

    /** A command bus acting as {@code test-admin}. */
    public synchronized KafkaCommandBus bus() {
        if (bus == null) {
            bus = new KafkaCommandBus(TestInfra.kafkaBootstrap(), topics, "test-admin", Duration.ofSeconds(30));
        }
        return bus;
    }

    /** A cache of the cluster state, fed by kubesim.events, started on first use. */
    public synchronized ClusterCache cache() {
        if (cache == null) {
            cache = new ClusterCache();
            stream = new EventStream(TestInfra.kafkaBootstrap(), topics, cache, "test-control-plane");
            stream.start();
        }
        return cache;
    }

    /** Sends a command and waits for its reply. */
    public CommandReply send(Command command) {
        try {
            return bus().submit(command).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no reply to " + command, e);
        }
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
        if (bus != null) {
            bus.close();
        }
        stateService.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
