package io.kubesim.scheduler.service;

import static io.kubesim.scheduler.framework.TestObjects.node;
import static io.kubesim.scheduler.framework.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubesim.model.command.BindPod;
import io.kubesim.model.command.Command;
import io.kubesim.model.command.CommandEnvelope;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.event.ChangeType;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.CacheFeeder;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.CommandBus;
import io.kubesim.scheduler.framework.DecisionRecord;
import io.kubesim.scheduler.framework.MutableClock;
import io.kubesim.scheduler.framework.SchedulerConfig;

/**
 * The decision records the running scheduler publishes: one per scheduling attempt, in order, each with its own
 * outcome, and the queue wait on the scheduler's clock (a controllable one here). The cluster is a real
 * {@link ClusterCache} fed by hand; the command bus answers every command and, like state-service, stores a binding.
 */
class SchedulerServiceDecisionsTest {

    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
    private static final String WEB_KEY = "/pods/default/web";

    private final MutableClock clock = new MutableClock(T0);
    private final ClusterCache cluster = new ClusterCache();
    private final FakeBus bus = new FakeBus();
    private final RecordingPublisher decisions = new RecordingPublisher();
    private final AtomicLong revision = new AtomicLong();
    private SchedulerService service;

    /** The part of a record that tells one attempt from another. */
    record Attempt(int attempt, String outcome, String chosenNode, long queueWaitMillis, String message) {

        static Attempt of(DecisionRecord r) {
            return new Attempt(r.attempt(), r.outcome(), r.chosenNode(), r.queueWaitMillis(), r.message());
        }
    }

    @BeforeEach
    void create() {
        // listening from the start of the log, as in the application
        service = new SchedulerService(SchedulerConfig.defaults(1).withParallelism(1),
                image -> Optional.empty(), clock, cluster, bus, decisions);
    }

    @AfterEach
    void stop() {
        service.stop();
    }

    @Test
    void aPodThatFailsTwiceAndThenFitsHasThreeRecordsInOrderEachWithItsOwnResultAndQueueWait() throws Exception {
        put(node("small").capacity("1", "32Gi", 110).build());
        put(pod("web").uid("uid-web").req("cpu", "2").build());
        start();
        awaitRecords(1);

        // 30 s in the unschedulable pool, then a big node arrives, tainted
        clock.advance(Duration.ofSeconds(30));
        put(node("big").capacity("4", "32Gi", 110).taint("dedicated", "gpu", "NoSchedule").build());
        awaitRecords(2);

        // the taint goes at once; the pod still waits out its 2 s backoff after the second attempt
        put(node("big").capacity("4", "32Gi", 110).build());
        clock.advance(Duration.ofSeconds(2));
        List<DecisionRecord> records = awaitRecords(3);

        assertThat(records.stream().map(Attempt::of).toList()).isEqualTo(List.of(
                new Attempt(1, DecisionRecord.UNSCHEDULABLE, null, 0, "0/1 nodes are available: 1 Insufficient "
                        + "cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."),
                new Attempt(2, DecisionRecord.UNSCHEDULABLE, null, 30_000, "0/2 nodes are available: 1 "
                        + "Insufficient cpu, 1 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/2 nodes "
                        + "are available: 1 No preemption victims found for incoming pod, 1 Preemption is not "
                        + "helpful for scheduling."),
                new Attempt(3, DecisionRecord.SCHEDULED, "big", 2_000, null)));
        assertThat(records).allSatisfy(r -> {
            assertThat(List.of(r.podNamespace(), r.podName(), r.podUid())).isEqualTo(List.of("default", "web",
                    "uid-web"));
            assertThat(r.cycleMicros()).isNotNegative();
        });
        assertThat(records.stream().map(DecisionRecord::id).distinct()).hasSize(3);
        assertThat(bus.bindings()).isEqualTo(List.of(new Binding("big", records.get(2).id())));
        assertThat(decisions.keys()).isEqualTo(List.of(WEB_KEY, WEB_KEY, WEB_KEY));
    }

    @Test
    void aRefusedBindIsFollowedByASecondAttemptWithItsOwnRecordAfterTheBackoff() throws Exception {
        put(node("n1").build());
        put(pod("web").uid("uid-web").req("cpu", "1").build());
        bus.refuseBinds(1);
        start();
        awaitRecords(1);
        // the refusal requeues the pod with a 1 s backoff, counted from the refusal
        awaitDetail("backoffQ", 1);
        clock.advance(Duration.ofSeconds(1));
        List<DecisionRecord> records = awaitRecords(2);

        assertThat(records.stream().map(Attempt::of).toList()).isEqualTo(List.of(
                new Attempt(1, DecisionRecord.SCHEDULED, "n1", 0, null),
                new Attempt(2, DecisionRecord.SCHEDULED, "n1", 1_000, null)));
        assertThat(bus.bindings()).isEqualTo(List.of(new Binding("n1", records.get(0).id()),
                new Binding("n1", records.get(1).id())));
        assertThat(records.get(0).id()).isNotEqualTo(records.get(1).id());
        // bound at last: no further attempt
        Thread.sleep(300);
        assertThat(decisions.records()).hasSize(2);
    }

    // ------------------------------------------------------------------------------------------------ harness

    /** Starts the scheduling loop once the cache has caught up, as the application does. */
    private void start() {
        service.start();
        CacheFeeder.markSynced(cluster);
    }

    private void put(HasMetadata object) {
        String key = object instanceof Node ? Resources.NODES.ref(null, object.getMetadata().getName()).key()
                : Resources.PODS.ref(object.getMetadata().getNamespace(), object.getMetadata().getName()).key();
        long rev = revision.incrementAndGet();
        object.getMetadata().setResourceVersion(Long.toString(rev));
        ChangeType type = cluster.get(key).isPresent() ? ChangeType.MODIFIED : ChangeType.ADDED;
        CacheFeeder.apply(cluster, new ChangeEvent(rev, type, key, KubeJson.tree(object), 0, "test", null,
                clock.instant()));
    }

    private void awaitDetail(String name, Object value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!value.equals(service.details().get(name)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(service.details().get(name)).as(name).isEqualTo(value);
    }

    private List<DecisionRecord> awaitRecords(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (decisions.records().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(decisions.records()).as("decision records").hasSize(count);
        return decisions.records();
    }

    record Binding(String node, String decisionId) {
    }

    /** Answers every command with success, except the refused binds; a successful bind is stored as state-service would. */
    private final class FakeBus implements CommandBus {

        private final List<Binding> bindings = new CopyOnWriteArrayList<>();
        private final AtomicInteger bindsToRefuse = new AtomicInteger();

        void refuseBinds(int count) {
            bindsToRefuse.set(count);
        }

        List<Binding> bindings() {
            return List.copyOf(bindings);
        }

        @Override
        public CompletableFuture<CommandReply> submit(Command command) {
            if (command instanceof BindPod bind) {
                bindings.add(new Binding(bind.nodeName(), bind.decisionId()));
                if (bindsToRefuse.getAndDecrement() > 0) {
                    return CompletableFuture.completedFuture(new CommandReply("c", 409, 0, null,
                            KubeJson.parse("{\"kind\":\"Status\",\"code\":409,\"reason\":\"Conflict\"}")));
                }
                Pod pending = cluster.get(Resources.PODS, "default", "web", Pod.class).orElseThrow();
                put(new PodBuilder(pending).editSpec().withNodeName(bind.nodeName()).endSpec().build());
            }
            return CompletableFuture.completedFuture(new CommandReply("c", 200, revision.get(), null, null));
        }

        @Override
        public CompletableFuture<CommandReply> submit(String actor, Command command) {
            return submit(command);
        }

        @Override
        public CompletableFuture<CommandReply> submit(CommandEnvelope envelope) {
            return submit(envelope.command());
        }
    }

    /** Keeps what the scheduler publishes. */
    private static final class RecordingPublisher implements DecisionPublisher {

        private final List<String> keys = new CopyOnWriteArrayList<>();
        private final List<DecisionRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void publish(String podKey, DecisionRecord record) {
            keys.add(podKey);
            records.add(record);
        }

        List<String> keys() {
            return List.copyOf(keys);
        }

        List<DecisionRecord> records() {
            return new ArrayList<>(records);
        }

        @Override
        public void close() {
        }
    }
}
