package io.kubesim.scheduler.it;

import static io.kubesim.scheduler.it.TestCluster.await;
import static io.kubesim.scheduler.it.TestCluster.condition;
import static io.kubesim.scheduler.it.TestCluster.eventSummary;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.KafkaClients;
import io.kubesim.scheduler.framework.DecisionRecord;
import io.kubesim.state.log.LogRepository;
import io.kubesim.state.store.LogRow;

/**
 * scheduler-service against the real control plane (Kafka, PostgreSQL, state-service), cluster clock at 60x: one
 * control plane and one scheduler per test, nodes created by the test (no node agent).
 */
class SchedulingTest {

    private TestCluster cluster;

    private TestCluster start(TestInfo info, String... schedulerArgs) throws Exception {
        cluster = TestCluster.start("sched-" + info.getTestMethod().orElseThrow().getName(), 60.0);
        cluster.startScheduler(schedulerArgs);
        return cluster;
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @DisplayName("a pod lands on the only node that passes selector, taints and resources: Scheduled event, "
            + "PodScheduled=True, and a decision record that the binding's log entry references")
    void placesOnTheOnlyFittingNode(TestInfo info) throws Exception {
        TestCluster c = start(info);
        c.node("tainted", "4", "8Gi", 110, "{disk: ssd}", "[{key: dedicated, value: db, effect: NoSchedule}]");
        c.node("small", "500m", "8Gi", 110, "{disk: ssd}", "");
        c.node("plain", "4", "8Gi", 110, "{}", "");
        c.node("fit", "4", "8Gi", 110, "{disk: ssd}", "");
        JsonNode created = c.pod("web", "nginx:1.27", "1", "nodeSelector: {disk: ssd}");
        String uid = created.path("metadata").path("uid").asString();

        assertThat(c.awaitBound("web")).isEqualTo("fit");
        JsonNode scheduled = c.awaitEvent("web", "Scheduled");
        assertThat(eventSummary(scheduled)).isEqualTo(
                "Normal Scheduled \"Successfully assigned default/web to fit\" from default-scheduler about Pod default/web");
        assertThat(condition(c.podNow("web"), "PodScheduled").path("status").asString()).isEqualTo("True");
        assertThat(c.events("web", "FailedScheduling")).isEmpty();

        DecisionRecord record = decisions(c, "/pods/default/web", 1).getFirst();
        assertThat(List.of(record.podUid(), record.outcome(), record.chosenNode(), record.numNodes(),
                record.feasibleNodes(), record.filterFailures())).isEqualTo(List.of(uid, "Scheduled", "fit", 4, 1,
                List.of(
                        new DecisionRecord.PluginFailures("NodeAffinity", List.of(new DecisionRecord.ReasonNodes(
                                "node(s) didn't match Pod's node affinity/selector", 1, List.of("plain")))),
                        new DecisionRecord.PluginFailures("NodeResourcesFit", List.of(new DecisionRecord.ReasonNodes(
                                "Insufficient cpu", 1, List.of("small")))),
                        new DecisionRecord.PluginFailures("TaintToleration", List.of(new DecisionRecord.ReasonNodes(
                                "node(s) had untolerated taint {dedicated: db}", 1, List.of("tainted")))))));
        assertThat(bindingDecisionId(c, "/pods/default/web")).isEqualTo(record.id());
    }

    @Test
    @DisplayName("an unschedulable pod gets PodScheduled=False and a FailedScheduling event with upstream's exact "
            + "message, and is scheduled as soon as a matching node is added (an event, not the 5-minute flush)")
    void unschedulableUntilANodeIsAdded(TestInfo info) throws Exception {
        // the leftover flush is pushed out of reach, so only the node's arrival can requeue the pod
        TestCluster c = start(info, "--kubesim.scheduler.pod-max-in-unschedulable-pods=24h");
        c.node("control-plane", "2", "4Gi", 110,
                "{kubernetes.io/arch: amd64, node-role.kubernetes.io/control-plane: \"\"}",
                "[{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]");
        c.node("w1", "2", "4Gi", 110, "{kubernetes.io/arch: amd64}", "");
        c.node("w2", "2", "4Gi", 110, "{kubernetes.io/arch: amd64}", "");
        c.pod("ppc", "nginx:1.27", "100m", "nodeSelector: {kubernetes.io/arch: ppc64le}");
        String expected = "0/3 nodes are available: 1 node(s) had untolerated taint "
                + "{node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. "
                + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";

        JsonNode scheduledCondition = await("PodScheduled=False", () -> {
            JsonNode cond = condition(c.podNow("ppc"), "PodScheduled");
            return cond != null && cond.path("status").asString().equals("False") ? cond : null;
        });
        assertThat(List.of(scheduledCondition.path("reason").asString(), scheduledCondition.path("message")
                .asString())).isEqualTo(List.of("Unschedulable", expected));
        assertThat(eventSummary(c.awaitEvent("ppc", "FailedScheduling"))).isEqualTo(
                "Warning FailedScheduling \"" + expected + "\" from default-scheduler about Pod default/ppc");
        assertThat(c.podNow("ppc").path("spec").path("nodeName").asString("")).isEmpty();

        long added = System.nanoTime();
        c.node("p1", "2", "4Gi", 110, "{kubernetes.io/arch: ppc64le}", "");
        assertThat(c.awaitBound("ppc")).isEqualTo("p1");
        // 5 minutes of cluster time are 5 s at 60x: the flush alone could not have done it sooner
        assertThat(Duration.ofNanos(System.nanoTime() - added)).isLessThan(Duration.ofSeconds(5));
        assertThat(eventSummary(c.awaitEvent("ppc", "Scheduled"))).isEqualTo(
                "Normal Scheduled \"Successfully assigned default/ppc to p1\" from default-scheduler about Pod "
                        + "default/ppc");
        assertThat(condition(c.podNow("ppc"), "PodScheduled").path("status").asString()).isEqualTo("True");
    }

    @Test
    @DisplayName("a high-priority pod preempts a lower-priority one on a full node: the victim gets DisruptionTarget, "
            + "a graceful deletion and a Preempted event, the preemptor a nomination, then the node")
    void preemption(TestInfo info) throws Exception {
        TestCluster c = start(info);
        c.node("only", "1", "4Gi", 110, "{}", "");
        c.create("""
                apiVersion: scheduling.k8s.io/v1
                kind: PriorityClass
                metadata: {name: high}
                value: 1000
                """);
        JsonNode low = c.pod("low", "nginx:1.27", "800m", "");
        assertThat(c.awaitBound("low")).isEqualTo("only");
        JsonNode vip = c.pod("vip", "nginx:1.27", "800m", "priorityClassName: high");
        String vipUid = vip.path("metadata").path("uid").asString();

        JsonNode victim = await("victim terminating", () -> {
            JsonNode p = c.podNow("low");
            return p != null && p.path("metadata").has("deletionTimestamp") ? p : null;
        });
        JsonNode disruption = condition(victim, "DisruptionTarget");
        assertThat(List.of(disruption.path("status").asString(), disruption.path("reason").asString(),
                disruption.path("message").asString())).isEqualTo(List.of("True", "PreemptionByScheduler",
                "default-scheduler: preempting to accommodate a higher priority pod"));
        assertThat(victim.path("metadata").path("deletionGracePeriodSeconds").asInt()).isEqualTo(30);
        assertThat(eventSummary(c.awaitEvent("low", "Preempted"))).isEqualTo("Normal Preempted \"Preempted by pod "
                + vipUid + " on node only\" from default-scheduler about Pod default/low");
        JsonNode nominated = await("vip nominated", () -> {
            JsonNode p = c.podNow("vip");
            return p.path("status").path("nominatedNodeName").asString("").isEmpty() ? null : p;
        });
        JsonNode cond = condition(nominated, "PodScheduled");
        assertThat(List.of(nominated.path("status").path("nominatedNodeName").asString(),
                nominated.path("spec").path("nodeName").asString(""), cond.path("reason").asString(),
                cond.path("message").asString())).isEqualTo(List.of("only", "", "Unschedulable",
                "0/1 nodes are available: 1 Insufficient cpu."));

        // the kubelet's part of a graceful deletion: the container stopped, the pod goes
        c.cp.send(new DeleteObject(Resources.PODS.ref("default", "low"), low.path("metadata").path("uid")
                .asString(), null, 0L, null, WriteOptions.DEFAULT));
        assertThat(c.awaitBound("vip")).isEqualTo("only");
    }

    @Test
    @DisplayName("pods are scheduled by the profile their schedulerName names: an ImageArchitecture profile keeps a "
            + "ppc64le-only image off amd64 nodes, the default one does not, and pods of other schedulers are ignored")
    void profiles(TestInfo info) throws Exception {
        TestCluster c = start(info,
                "--kubesim.scheduler.profiles[0].scheduler-name=default-scheduler",
                "--kubesim.scheduler.profiles[1].scheduler-name=arch-aware",
                "--kubesim.scheduler.profiles[1].image-architecture=true");
        // the amd64 node is the roomier one, so resource scoring prefers it
        c.node("amd", "8", "16Gi", 110, "{kubernetes.io/arch: amd64, kubernetes.io/os: linux}", "");
        c.node("ppc", "2", "4Gi", 110, "{kubernetes.io/arch: ppc64le, kubernetes.io/os: linux}", "");
        c.pod("elsewhere", "nginx:1.27", "100m", "schedulerName: someone-else");
        c.pod("trap", "kongru/dockerize:base", "500m", "");
        c.pod("aware", "kongru/dockerize:base", "500m", "schedulerName: arch-aware");

        assertThat(List.of(c.awaitBound("trap"), c.awaitBound("aware"))).isEqualTo(List.of("amd", "ppc"));
        assertThat(eventSummary(c.awaitEvent("aware", "Scheduled"))).isEqualTo("Normal Scheduled \"Successfully "
                + "assigned default/aware to ppc\" from arch-aware about Pod default/aware");
        Thread.sleep(300);
        JsonNode ignored = c.podNow("elsewhere");
        assertThat(List.of(ignored.path("spec").path("nodeName").asString(""),
                String.valueOf(condition(ignored, "PodScheduled")), c.events("elsewhere", "FailedScheduling")))
                .isEqualTo(List.of("", "null", List.of()));
    }

    @Test
    @DisplayName("a restarted scheduler rebuilds its cache and queue from the events: pods bound before count on "
            + "their node, pods created while it was down are scheduled")
    void restart(TestInfo info) throws Exception {
        TestCluster c = start(info);
        c.node("n", "1", "4Gi", 110, "{}", "");
        c.pod("first", "nginx:1.27", "600m", "");
        assertThat(c.awaitBound("first")).isEqualTo("n");
        c.stopScheduler(c.schedulers().getFirst());

        c.pod("too-big", "nginx:1.27", "600m", "");
        c.pod("small", "nginx:1.27", "300m", "");
        c.startScheduler();
        assertThat(c.awaitBound("small")).isEqualTo("n");
        // had the restarted scheduler not counted "first", it would have bound too-big and been refused (409)
        assertThat(eventSummary(c.awaitEvent("too-big", "FailedScheduling"))).isEqualTo("Warning FailedScheduling "
                + "\"0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No "
                + "preemption victims found for incoming pod.\" from default-scheduler about Pod default/too-big");
        assertThat(c.podNow("too-big").path("spec").path("nodeName").asString("")).isEmpty();
    }

    /** Reads kubesim.decisions from the start until {@code count} records of the pod have arrived. */
    static List<DecisionRecord> decisions(TestCluster c, String podKey, int count) throws Exception {
        List<DecisionRecord> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = KafkaClients.assignedConsumer(c.cp.bootstrapServers(),
                "decisions-test", 500)) {
            TopicPartition tp = new TopicPartition(c.cp.topics().decisions(), 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            await(count + " decision records of " + podKey, () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.key().equals(podKey)) {
                        found.add(KubeJson.read(r.value(), DecisionRecord.class));
                    }
                }
                return found.size() >= count;
            });
        }
        return found;
    }

    /** The decision id of the log entry that bound the pod (state-service's log, read from its database). */
    static String bindingDecisionId(TestCluster c, String podKey) {
        LogRepository log = c.cp.stateService().getBean(LogRepository.class);
        List<String> ids = new ArrayList<>();
        log.streamRows(0, log.maxRevision(), (LogRow row) -> {
            if (row.key().equals(podKey) && row.decisionId() != null) {
                ids.add(row.decisionId());
            }
        });
        assertThat(ids).hasSize(1);
        return ids.getFirst();
    }
}
