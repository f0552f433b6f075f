package io.kubesim.state;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.TopicNames;
import io.kubesim.model.command.Command;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.EventStream;
import io.kubesim.runtime.KafkaCommandBus;
import io.kubesim.state.log.CommandWriter;
import io.kubesim.testsupport.TestInfra;

/**
 * One state-service (real Kafka, real PostgreSQL from {@link TestInfra}) shared by the test classes of this module,
 * and a client on the same topics: a command bus and a cache fed by {@code kubesim.events}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class StateServiceTestBase {

    static final Duration PATIENCE = TestInfra.PATIENCE;
    static TopicNames topics;
    private static KafkaCommandBus bus;
    private static ClusterCache cache;
    private static EventStream stream;

    @Autowired
    CommandWriter writer;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.TestDatabase db = TestInfra.newDatabase("state-service");
        topics = TestInfra.newTopics("state-service");
        registry.add("spring.datasource.url", () -> db.jdbcUrl() + "?reWriteBatchedInserts=true");
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        registry.add("kubesim.kafka.bootstrap-servers", TestInfra::kafkaBootstrap);
        registry.add("kubesim.topic-prefix", topics::prefix);
    }

    static synchronized KafkaCommandBus bus() {
        if (bus == null) {
            bus = new KafkaCommandBus(TestInfra.kafkaBootstrap(), topics, "test-user", Duration.ofSeconds(30));
        }
        return bus;
    }

    static synchronized ClusterCache cache() {
        if (cache == null) {
            cache = new ClusterCache();
            stream = new EventStream(TestInfra.kafkaBootstrap(), topics, cache, "state-test");
            stream.start();
        }
        return cache;
    }

    @AfterAll
    static void closeClients() {
        // the Spring context (and its topics) outlive one class; the clients are cheap to keep as well
    }

    static CommandReply send(Command command) {
        try {
            return bus().submit(command).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no reply to " + command, e);
        }
    }

    static ObjectNode pod(String namespace, String name, String image) {
        return (ObjectNode) KubeJson.parse("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"%s","labels":{"app":"web"}},
                 "spec":{"containers":[{"name":"c","image":"%s"}]}}""".formatted(name, namespace, image));
    }

    static CreateObject createPod(String namespace, String name) {
        return new CreateObject(Resources.PODS.ref(namespace, name), pod(namespace, name, "nginx:1.27"),
                WriteOptions.DEFAULT);
    }

    long rowsOf(String commandId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM log WHERE command_id = ?", Long.class, commandId);
        return n == null ? 0 : n;
    }

    long logRows() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM log", Long.class);
        return n == null ? 0 : n;
    }
}
