package io.kubesim.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.command.Command;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.ReplaceObject;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.state.log.LogRepository;
import io.kubesim.state.replay.Replayer;

/** Replaying the log rebuilds exactly the state clients saw, at the head and at an earlier revision. */
class ReplayTest extends StateServiceTestBase {

    /** The object under a key now: its newest log row, unless that is a deletion. */
    private static final String LATEST_OBJECT = "SELECT object FROM (SELECT object, type FROM log WHERE key = ? "
            + "ORDER BY revision DESC LIMIT 1) l WHERE type <> 'DELETED'";

    @Autowired
    Replayer replayer;

    @Autowired
    LogRepository repository;

    @Test
    void replayEqualsTheLiveStateAndTheStateObservedAtAnEarlierRevision() {
        ClusterCache cache = cache();
        await().atMost(PATIENCE).until(cache::isSynced);
        Random random = new Random(42);

        mutate(random, 1500);
        long middle = writer.revision();
        await().atMost(PATIENCE).until(() -> cache.revision() >= middle);
        Map<String, JsonNode> observedAtMiddle = snapshot(cache);

        mutate(random, 1500);
        long head = writer.revision();
        await().atMost(PATIENCE).until(() -> cache.revision() >= head);

        Replayer.Verification verification = replayer.verify();
        assertThat(verification.mismatches()).isEmpty();
        assertThat(verification.keys()).isEqualTo(verification.liveKeys());
        assertThat(replayed(replayer.stateAt(head))).isEqualTo(snapshot(cache));
        assertThat(replayed(replayer.stateAt(middle))).isEqualTo(observedAtMiddle);
    }

    @Test
    void verifyFindsNoMismatchWhileCommandsAreBeingWritten() {
        // commands are written until the last verify has run, so every verify overlaps writing however fast either is
        Random random = new Random(7);
        long start = writer.revision();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                mutate(random, 300);
            }
        });
        await().atMost(PATIENCE).until(() -> writer.revision() > start + 200 || writing.isDone());
        List<String> mismatches = new ArrayList<>();
        List<Long> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Replayer.Verification v = replayer.verify();
            mismatches.addAll(v.mismatches());
            rows.add(v.rows());
        }
        boolean stillWriting = !writing.isDone();
        stop.set(true);
        writing.join();

        assertThat(mismatches).isEmpty();
        assertThat(stillWriting).as("still writing after the last verify").isTrue();
        assertThat(rows).as("rows read by each verify, in order").isSorted();
        assertThat(rows.getLast()).as("rows read by the last verify").isGreaterThan(rows.getFirst());
    }

    @Test
    void verifyNamesTheKeysWhoseLogWasChangedBehindTheWritersBack() {
        CommandReply edited = send(createPod("default", "verify-edited"));
        CommandReply removed = send(createPod("default", "verify-removed"));
        assertThat(List.of(edited.code(), removed.code())).isEqualTo(List.of(201, 201));
        String original = jdbc.queryForObject("SELECT object FROM log WHERE revision = ?", String.class,
                edited.revision());
        Map<String, Object> removedRow = jdbc.queryForMap("SELECT * FROM log WHERE revision = ?", removed.revision());
        try {
            jdbc.update("UPDATE log SET object = replace(object, 'verify-edited', 'verify-EDITED') WHERE revision = ?",
                    edited.revision());
            jdbc.update("DELETE FROM log WHERE revision = ?", removed.revision());

            assertThat(replayer.verify().mismatches()).containsExactlyInAnyOrder(
                    "/pods/default/verify-edited: revision " + edited.revision() + " in the log is not the live object",
                    "/pods/default/verify-removed: in the live state, not in the log");
        } finally {
            jdbc.update("UPDATE log SET object = ? WHERE revision = ?", original, edited.revision());
            jdbc.update("INSERT INTO log (revision, key, type, object, prev_revision, actor, command_id, decision_id, "
                    + "reply_code, time, volatile) VALUES (?,?,?,?,?,?,?,?,?,?,?)", removedRow.get("revision"),
                    removedRow.get("key"), removedRow.get("type"), removedRow.get("object"),
                    removedRow.get("prev_revision"), removedRow.get("actor"), removedRow.get("command_id"),
                    removedRow.get("decision_id"), removedRow.get("reply_code"), removedRow.get("time"),
                    removedRow.get("volatile"));
        }
        assertThat(replayer.verify().mismatches()).isEmpty();
    }

    /**
     * A verify queued while a task that writes the log runs (an import) is compared with the state reloaded after that
     * task, not with the state from before it.
     */
    @Test
    void aVerifyQueuedBehindATaskThatWritesTheLogSeesWhatThatTaskWrote() throws Exception {
        CommandReply created = send(createPod("default", "verify-behind"));
        assertThat(created.code()).isEqualTo(201);
        String original = jdbc.queryForObject("SELECT object FROM log WHERE revision = ?", String.class,
                created.revision());
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Integer> writing = CompletableFuture.supplyAsync(() -> {
            try {
                return writer.exclusively(() -> {
                    started.countDown();
                    await().atMost(PATIENCE).until(() -> writer.waitingTasks() > 0); // the verify below
                    return jdbc.update("UPDATE log SET object = replace(object, 'verify-behind', 'verify-BEHIND') "
                            + "WHERE revision = ?", created.revision());
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

            List<String> mismatches = replayer.verify().mismatches();

            assertThat(writing.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(mismatches).isEmpty();
        } finally {
            // written back the same way, so that the writer reloads it
            writer.exclusively(() -> jdbc.update("UPDATE log SET object = ? WHERE revision = ?", original,
                    created.revision()));
        }
        assertThat(replayer.verify().mismatches()).isEmpty();
    }

    @Test
    void theStateAtEveryRevisionReadByIndexIsWhatAReplayFromTheStartGivesAlsoAfterCompaction() {
        long first = writer.revision();
        mutate(new Random(11), 300);
        for (int i = 0; i < 30; i++) {
            CommandReply renewed = send(renewLease("replay-lease-" + (i % 3), i));
            assertThat(renewed.code()).as("%s", renewed).isBetween(200, 201);
        }
        mutate(new Random(12), 100);
        long last = writer.revision();
        assertThat(repository.compactVolatile(Instant.now().plus(Duration.ofDays(1)))).isPositive();

        List<Long> differing = new ArrayList<>();
        for (long revision = first; revision <= last; revision += 7) {
            if (!replayer.stateAt(revision).equals(replayer.replay(revision))) {
                differing.add(revision);
            }
        }
        assertThat(differing).isEmpty();
        TreeMap<String, Replayer.Version> underPrefix = new TreeMap<>(replayer.replay(last));
        underPrefix.keySet().removeIf(key -> !key.startsWith("/pods/default/replay-1"));
        assertThat(underPrefix).isNotEmpty();
        assertThat(replayer.stateAt(last, "/pods/default/replay-1")).isEqualTo(underPrefix);
        assertThat(replayer.stateAt(last, "/" + Resources.LEASES.qualifiedName() + "/default/replay-lease-"))
                .hasSize(3);
    }

    /** Creates the Lease, or renews it: a volatile change. */
    private Command renewLease(String name, int round) {
        String key = Resources.LEASES.ref("default", name).key();
        List<String> stored = jdbc.queryForList(LATEST_OBJECT, String.class, key);
        ObjectNode lease = stored.isEmpty() ? (ObjectNode) KubeJson.parse("""
                {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"%s","namespace":"default"},
                 "spec":{"holderIdentity":"n1","leaseDurationSeconds":40}}""".formatted(name))
                : (ObjectNode) KubeJson.parse(stored.getFirst());
        ((ObjectNode) lease.get("spec")).put("renewTime", "2026-12-07T12:00:%02d.000000Z".formatted(round % 60));
        if (stored.isEmpty()) {
            return new CreateObject(Resources.LEASES.ref("default", name), lease, WriteOptions.DEFAULT);
        }
        return new ReplaceObject(Resources.LEASES.ref("default", name), lease, WriteOptions.DEFAULT);
    }

    /** Random creates, label changes and deletes over 40 pods, sent without waiting for each reply. */
    private static void mutate(Random random, int count) {
        List<CompletableFuture<CommandReply>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "replay-" + random.nextInt(40);
            int op = random.nextInt(10);
            if (op < 4) {
                pending.add(bus().submit(createPod("default", name)));
            } else if (op < 8) {
                ObjectNode pod = pod("default", name, "nginx:1." + random.nextInt(30));
                ((ObjectNode) pod.get("metadata")).withObjectProperty("labels").put("round", String.valueOf(i));
                pending.add(bus().submit(new ReplaceObject(Resources.PODS.ref("default", name), pod,
                        WriteOptions.DEFAULT)));
            } else {
                pending.add(bus().submit(new DeleteObject(Resources.PODS.ref("default", name), null, null, 0L,
                        null, WriteOptions.DEFAULT)));
            }
        }
        pending.forEach(CompletableFuture::join);
    }

    private static Map<String, JsonNode> snapshot(ClusterCache cache) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (ClusterCache.Entry e : cache.list("/")) {
            out.put(e.key(), e.json());
        }
        return out;
    }

    private static Map<String, JsonNode> replayed(TreeMap<String, Replayer.Version> state) {
        Map<String, JsonNode> out = new TreeMap<>();
        state.forEach((k, v) -> out.put(k, KubeJson.parse(v.object())));
        return out;
    }
}
