package io.kubesim.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.command.CommandEnvelope;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.ReplaceObject;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.KafkaClients;
import io.kubesim.state.log.CommandWriter;
import io.kubesim.testsupport.TestInfra;

/** The log's guarantees, through the real broker and the real database. */
class CommandWriterTest extends StateServiceTestBase {

    @Test
    void twoUpdatesFromTheSameResourceVersionOneWinsAndTheOtherGetsAConflict() throws Exception {
        CommandReply created = send(createPod("default", "cas-" + UUID.randomUUID().toString().substring(0, 8)));
        assertThat(created.code()).isEqualTo(201);
        ObjectNode stored = (ObjectNode) created.object();
        String name = stored.path("metadata").path("name").asString();

        ObjectNode first = stored.deepCopy();
        ((ObjectNode) first.get("metadata")).withObjectProperty("labels").put("writer", "first");
        ObjectNode second = stored.deepCopy();
        ((ObjectNode) second.get("metadata")).withObjectProperty("labels").put("writer", "second");
        ObjectRef ref = Resources.PODS.ref("default", name);
        CompletableFuture<CommandReply> a = bus().submit(new ReplaceObject(ref, first, WriteOptions.DEFAULT));
        CompletableFuture<CommandReply> b = bus().submit(new ReplaceObject(ref, second, WriteOptions.DEFAULT));
        List<Integer> codes = new ArrayList<>(List.of(a.get(30, TimeUnit.SECONDS).code(),
                b.get(30, TimeUnit.SECONDS).code()));
        Collections.sort(codes);

        assertThat(codes).isEqualTo(List.of(200, 409));
        CommandReply loser = a.get().code() == 409 ? a.get() : b.get();
        assertThat(loser.status().path("message").asString()).isEqualTo("Operation cannot be fulfilled on pods \""
                + name + "\": the object has been modified; please apply your changes to the latest version and "
                + "try again");
        assertThat(loser.status().path("reason").asString()).isEqualTo("Conflict");
    }

    @Test
    void theSameCommandDeliveredTwiceIsLoggedOnceAndAnsweredTheSameTwice() throws Exception {
        CommandEnvelope envelope = CommandEnvelope.of("test-user",
                createPod("default", "twice-" + UUID.randomUUID().toString().substring(0, 8)));

        CommandReply first = bus().submit(envelope).get(30, TimeUnit.SECONDS);
        CommandReply second = bus().submit(envelope).get(30, TimeUnit.SECONDS);

        assertThat(rowsOf(envelope.id())).isEqualTo(1);
        assertThat(second).isEqualTo(first);
        assertThat(first.code()).isEqualTo(201);
    }

    @Test
    void concurrentProducersYieldStrictlyIncreasingRevisionsWithoutGaps() throws Exception {
        ClusterCache cache = cache();
        await().atMost(PATIENCE).until(cache::isSynced);
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        ClusterCache.Listener recorder = (event, previous, current) -> seen.add(event.revision());
        cache.addListener(recorder);
        long start = writer.revision();
        List<CompletableFuture<CommandReply>> replies = Collections.synchronizedList(new ArrayList<>());
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int producer = t;
            producers.add(Thread.ofPlatform().start(() -> {
                try (var own = new io.kubesim.runtime.KafkaCommandBus(TestInfra.kafkaBootstrap(), topics,
                        "producer-" + producer, java.time.Duration.ofSeconds(30))) {
                    List<CompletableFuture<CommandReply>> mine = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        mine.add(own.submit(createPod("default", "order-" + producer + "-" + i + "-"
                                + UUID.randomUUID().toString().substring(0, 5))));
                    }
                    mine.forEach(CompletableFuture::join);
                    replies.addAll(mine);
                }
            }));
        }
        for (Thread p : producers) {
            p.join();
        }
        long end = replies.stream().mapToLong(f -> f.join().revision()).max().orElseThrow();
        await().atMost(PATIENCE).until(() -> cache.revision() >= end);
        cache.removeListener(recorder);

        List<Long> window = seen.stream().filter(r -> r > start && r <= end).toList();
        List<Long> expected = new ArrayList<>();
        for (long r = start + 1; r <= end; r++) {
            expected.add(r);
        }
        assertThat(window).isEqualTo(expected);
        assertThat(replies).allSatisfy(f -> assertThat(f.join().code()).isEqualTo(201));
    }

    @Test
    void copiesOfOneCommandSpreadOverSeveralBatchesAreLoggedOnceAndAllAnsweredAlike() throws Exception {
        CommandEnvelope envelope = CommandEnvelope.of("test-user",
                createPod("default", "copies-" + UUID.randomUUID().toString().substring(0, 8)));
        String json = KubeJson.write(envelope);
        long rowsBefore = logRows();
        List<CompletableFuture<CommandReply>> others = new ArrayList<>();
        try (KafkaProducer<String, String> producer = KafkaClients.producer(TestInfra.kafkaBootstrap(), "copies")) {
            // the copies are interleaved with other commands and sent over a while, so they reach the writer in
            // different batches, some while the first one's batch is still being committed
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(topics.commands(), envelope.command().partitionKey(), json));
                others.add(bus().submit(createPod("default", "other-" + i + "-"
                        + UUID.randomUUID().toString().substring(0, 5))));
                producer.flush();
                Thread.sleep(3);
            }
        }
        CommandReply last = bus().submit(envelope).get(30, TimeUnit.SECONDS);
        others.forEach(CompletableFuture::join);

        List<CommandReply> answers = repliesTo(envelope.id(), 21);
        assertThat(rowsOf(envelope.id())).isEqualTo(1);
        assertThat(logRows()).isEqualTo(rowsBefore + 21);
        assertThat(answers).hasSize(21).allSatisfy(a -> assertThat(a).isEqualTo(last));
        assertThat(last.code()).isEqualTo(201);
    }

    @Test
    void aTransactionThatFailsIsRetriedFromTheDatabaseAndNothingIsLostOrDoubled() throws Exception {
        ClusterCache cache = cache();
        await().atMost(PATIENCE).until(cache::isSynced);
        // the database refuses the first transaction that holds a txfail pod (a sequence is not rolled back)
        jdbc.execute("CREATE SEQUENCE IF NOT EXISTS txfail_seq");
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION txfail() RETURNS trigger AS $$
                BEGIN
                  IF NEW.key LIKE '%/txfail-%' AND nextval('txfail_seq') = 1 THEN
                    RAISE EXCEPTION 'failpoint: transaction refused';
                  END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""");
        jdbc.execute("CREATE TRIGGER txfail BEFORE INSERT ON log FOR EACH ROW EXECUTE FUNCTION txfail()");
        try {
            long before = writer.revision();
            String name = "txfail-" + UUID.randomUUID().toString().substring(0, 8);
            List<CompletableFuture<CommandReply>> replies = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                replies.add(bus().submit(createPod("default", "beside-" + i + "-"
                        + UUID.randomUUID().toString().substring(0, 5))));
            }
            CompletableFuture<CommandReply> failing = bus().submit(createPod("default", name));
            for (int i = 5; i < 10; i++) {
                replies.add(bus().submit(createPod("default", "beside-" + i + "-"
                        + UUID.randomUUID().toString().substring(0, 5))));
            }
            replies.add(failing);

            assertThat(replies).allSatisfy(f -> assertThat(f.get(30, TimeUnit.SECONDS).code()).isEqualTo(201));
            assertThat(jdbc.queryForObject("SELECT last_value FROM txfail_seq", Long.class)).isGreaterThan(1L);
            // eleven creates, eleven revisions, none skipped and none twice
            List<Long> revisions = replies.stream().map(f -> f.join().revision()).sorted().toList();
            List<Long> expected = new ArrayList<>();
            for (long r = before + 1; r <= before + 11; r++) {
                expected.add(r);
            }
            assertThat(revisions).isEqualTo(expected);
            assertThat(logRows()).isEqualTo(writer.revision());
            // the projection was reloaded from the database: an update from the stored version wins
            CommandReply stored = failing.join();
            ObjectNode changed = ((ObjectNode) stored.object()).deepCopy();
            ((ObjectNode) changed.get("metadata")).withObjectProperty("labels").put("after", "retry");
            CommandReply updated = send(new ReplaceObject(Resources.PODS.ref("default", name), changed,
                    WriteOptions.DEFAULT));
            assertThat(updated.code()).isEqualTo(200);
            await().atMost(PATIENCE).until(() -> cache.revision() >= updated.revision());
            assertThat(cache.get(Resources.PODS.ref("default", name)).orElseThrow().revision())
                    .isEqualTo(updated.revision());
        } finally {
            jdbc.execute("DROP TRIGGER IF EXISTS txfail ON log");
        }
    }

    /** Every reply to {@code commandId} on the replies topic, once {@code expected} of them are there. */
    private static List<CommandReply> repliesTo(String commandId, int expected) {
        List<CommandReply> out = new ArrayList<>();
        try (var consumer = KafkaClients.assignedConsumer(TestInfra.kafkaBootstrap(), "replies-reader", 500)) {
            var tp = new org.apache.kafka.common.TopicPartition(topics.replies(), 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            await().atMost(PATIENCE).until(() -> {
                for (var r : consumer.poll(java.time.Duration.ofMillis(200))) {
                    if (commandId.equals(r.key())) {
                        out.add(KubeJson.read(r.value(), CommandReply.class));
                    }
                }
                return out.size() >= expected && consumer.position(tp) >= end;
            });
        }
        return out;
    }

    @Test
    void aCrashBetweenCommitAndPublishLosesNothing() throws Exception {
        ClusterCache cache = cache();
        await().atMost(PATIENCE).until(cache::isSynced);
        long before = writer.revision();
        writer.setAfterCommitHook(() -> {
            throw new IllegalStateException("failpoint: crash after commit");
        });
        String name = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        CompletableFuture<CommandReply> reply = bus().submit(createPod("default", name));
        await().atMost(PATIENCE).until(() -> !writer.isRunning());
        assertThat(writer.revision()).isEqualTo(before + 1);
        assertThat(cache.get(Resources.PODS.ref("default", name))).isEmpty();

        writer.setAfterCommitHook(null);
        writer.start();

        await().atMost(PATIENCE).until(() -> cache.get(Resources.PODS.ref("default", name)).isPresent());
        assertThat(cache.get(Resources.PODS.ref("default", name)).orElseThrow().revision()).isEqualTo(before + 1);
        // the command is read again after the restart and answered with its first result
        assertThat(reply.get(30, TimeUnit.SECONDS).revision()).isEqualTo(before + 1);
        assertThat(logRows()).isEqualTo(writer.revision());
    }

    /** The database or the broker failing while the writer reloads its state (here after a task) is retried. */
    @Test
    void aFailureWhileTheWriterReloadsItsStateIsRetriedAndCommandsAreStillAnswered() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        writer.setBeforeInitializeHook(() -> {
            if (loads.incrementAndGet() <= 2) {
                throw new IllegalStateException("failpoint: the database is away");
            }
        });
        try {
            writer.exclusively(() -> null); // may have written: the writer reloads its state afterwards

            CommandReply reply = bus().submit(createPod("default", "reloaded-" + UUID.randomUUID().toString()
                    .substring(0, 8))).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

            assertThat(reply.code()).as("reply %s", reply).isEqualTo(201);
            assertThat(loads.get()).as("two failed loads, then one that held").isEqualTo(3);
        } finally {
            writer.setBeforeInitializeHook(null);
        }
    }

    /**
     * Commands that waited while the writer was down are read even when the part of the topic at the writer's
     * checkpoint is gone (retention): the writer starts again at the oldest command kept, not at the end.
     */
    @Test
    void commandsWaitingBeyondARemovedPartOfTheTopicAreStillRead() throws Exception {
        TopicPartition tp = new TopicPartition(topics.commands(), 0);
        String prefix = "retained-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        // one command answered first, so that the writer stops with a checkpoint in the topic
        assertThat(send(createPod("default", prefix + "answered")).code()).isEqualTo(201);
        writer.stop();
        await().atMost(PATIENCE).until(() -> !writer.isRunning());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfra.kafkaBootstrap()))) {
            long end = endOffset(admin, tp);
            List<CompletableFuture<CommandReply>> replies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                replies.add(bus().submit(createPod("default", prefix + i)));
            }
            await().atMost(PATIENCE).until(() -> endOffset(admin, tp) >= end + 4);
            admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(end + 2))).all().get(30, TimeUnit.SECONDS);

            writer.start();

            for (CompletableFuture<CommandReply> reply : replies.subList(2, 4)) {
                CommandReply r = reply.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                assertThat(r.code()).as("reply %s", r).isEqualTo(201);
            }
            assertThat(replies.subList(0, 2)).as("removed before they were read")
                    .noneMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        } finally {
            writer.start();
            await().atMost(PATIENCE).until(writer::isReady);
        }
    }

    private static long endOffset(Admin admin, TopicPartition tp) throws Exception {
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(30, TimeUnit.SECONDS)
                .offset();
    }

    /**
     * A verify (or an import) needs the writer alone while commands keep coming: every stage then holds a batch, the
     * reader's hand-over queue is full, and the reader must still give up its batch (read again afterwards from the
     * checkpoint) rather than wait for a stage that no longer takes it.
     */
    @Test
    void theWriterIsHadAloneWhileEveryStageHoldsABatchAndThenGoesOnWriting() throws Exception {
        String prefix = "busy-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<CompletableFuture<CommandReply>> replies = new ArrayList<>();
        writer.setAfterCommitHook(() -> sleep(200));
        CommandWriter.LiveState live;
        try {
            for (int i = 0; i < 15; i++) {
                replies.add(bus().submit(createPod("default", prefix + i)));
                sleep(20); // one batch each, while the committer takes 200 ms a batch
            }
            live = CompletableFuture.supplyAsync(() -> {
                try {
                    return writer.liveState();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).get(30, TimeUnit.SECONDS);
        } finally {
            writer.setAfterCommitHook(null);
        }
        live.snapshot().close();

        List<Integer> liveIndices = live.objects().keySet().stream().filter(k -> k.contains(prefix))
                .map(k -> Integer.parseInt(k.substring(k.lastIndexOf('-') + 1))).sorted().toList();
        assertThat(liveIndices).as("the live state is a cut in command order")
                .isEqualTo(IntStream.range(0, liveIndices.size()).boxed().toList());
        List<Long> revisions = new ArrayList<>();
        for (CompletableFuture<CommandReply> reply : replies) {
            CommandReply r = reply.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(r.code()).as("reply %s", r).isEqualTo(201);
            revisions.add(r.revision());
        }
        assertThat(revisions).as("each pod created once, in order").isSorted().doesNotHaveDuplicates();
        assertThat(logRows()).isEqualTo(writer.revision());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void unreadableOrInvalidCommandsGetAStatusAndWriteNothing() throws Exception {
        long rowsBefore = logRows();
        String malformedId = "malformed-" + UUID.randomUUID();
        try (KafkaProducer<String, String> raw = KafkaClients.producer(TestInfra.kafkaBootstrap(), "raw-test")) {
            raw.send(new ProducerRecord<>(topics.commands(), "/pods/default/x",
                    "{\"id\":\"" + malformedId + "\",\"actor\":\"test\",\"command\":{\"type\":\"Nonsense\"}}")).get();
            raw.send(new ProducerRecord<>(topics.commands(), "/pods/default/x", "{not json")).get();
        }
        CommandReply unknownResource = send(new CreateObject(new ObjectRef("widgets", "default", "w"),
                KubeJson.parse("{\"kind\":\"Widget\"}"), WriteOptions.DEFAULT));
        ObjectNode nameless = pod("default", "x", "nginx");
        ((ObjectNode) nameless.get("metadata")).remove("name");
        CommandReply missingName = send(new CreateObject(new ObjectRef("pods", "default", null), nameless,
                WriteOptions.DEFAULT));

        assertThat(unknownResource.code()).isEqualTo(404);
        assertThat(missingName.code()).isEqualTo(422);
        assertThat(missingName.status().path("message").asString())
                .isEqualTo("Pod \"\" is invalid: metadata.name: Required value: name or generateName is required");
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM rejected_commands WHERE command_id = ?", Long.class, malformedId) == 1);
        assertThat(logRows()).isEqualTo(rowsBefore);
    }
}
