package io.kubesim.controller.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Pod;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.Claims;
import io.kubesim.controller.framework.Writer;
import io.kubesim.controller.testing.FakeCluster;
import io.kubesim.controller.testing.TestPods;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache.Entry;

class JobControllerTest {

    private static final String KEY = Resources.JOBS.ref("default", "pi").key();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final FakeCluster cluster = new FakeCluster();
    private final Writer writer = new Writer(cluster, Duration.ofSeconds(5));
    private final JobController controller = new JobController(cluster.index, writer, new Claims(writer),
            cluster.clock, ControllerProperties.defaults());

    @Test
    void runsPodsOneAfterAnotherUntilTheCompletionsSucceedThenCompletes() {
        cluster.put(job(2, 1, 6));

        controller.sync(KEY);
        List<JsonNode> pods = pods();
        assertThat(pods).hasSize(1);
        assertThat(pods.getFirst().path("metadata").path("finalizers")).isEqualTo(
                KubeJson.parse("[\"batch.kubernetes.io/job-tracking\"]"));
        assertThat(pods.getFirst().path("metadata").path("generateName").asString()).isEqualTo("pi-");
        assertThat(status().path("active").asInt()).isEqualTo(1);
        assertThat(status().has("startTime")).isTrue();

        finish(pods.getFirst(), "Succeeded");
        controller.sync(KEY);
        assertThat(List.of(status().path("succeeded").asInt(), status().path("active").asInt()))
                .isEqualTo(List.of(1, 1));
        assertThat(pods().stream().filter(p -> p.path("metadata").path("finalizers").isEmpty()).count())
                .isEqualTo(1);

        JsonNode second = pods().stream().filter(p -> !p.path("metadata").path("finalizers").isEmpty())
                .findFirst().orElseThrow();
        finish(second, "Succeeded");
        controller.sync(KEY);

        JsonNode status = status();
        assertThat(List.of(status.path("succeeded").asInt(), status.path("active").asInt(),
                status.path("failed").asInt())).isEqualTo(List.of(2, 0, 0));
        assertThat(conditions(status)).isEqualTo(List.of(
                "SuccessCriteriaMet=True CompletionsReached Reached expected number of succeeded pods",
                "Complete=True CompletionsReached Reached expected number of succeeded pods"));
        assertThat(status.path("completionTime").asString())
                .isEqualTo(status.path("conditions").get(1).path("lastTransitionTime").asString());
        assertThat(status.path("uncountedTerminatedPods")).isEqualTo(KubeJson.parse("{}"));
        assertThat(cluster.events()).contains("Completed: Job completed");
    }

    @Test
    void failsWithBackoffLimitExceededOnceFailuresPassTheLimit() {
        cluster.put(job(1, 1, 0));
        controller.sync(KEY);
        finish(pods().getFirst(), "Failed");

        controller.sync(KEY);

        JsonNode status = status();
        assertThat(List.of(status.path("failed").asInt(), status.path("active").asInt()))
                .isEqualTo(List.of(1, 0));
        assertThat(conditions(status)).isEqualTo(List.of(
                "FailureTarget=True BackoffLimitExceeded Job has reached the specified backoff limit",
                "Failed=True BackoffLimitExceeded Job has reached the specified backoff limit"));
        assertThat(cluster.events()).contains("BackoffLimitExceeded: Job has reached the specified backoff limit");
        assertThat(pods()).hasSize(1);
    }

    @Test
    void aFailedPodIsReplacedOnlyAfterTheBackoff() {
        cluster.put(job(1, 1, 3));
        controller.sync(KEY);
        finish(pods().getFirst(), "Failed");

        controller.sync(KEY);

        assertThat(List.of(status().path("failed").asInt(), status().path("active").asInt()))
                .isEqualTo(List.of(1, 0));
        assertThat(pods()).hasSize(1);
        assertThat(controller.queue().idle()).as("a resync is scheduled for the end of the back-off").isFalse();
    }

    @Test
    void parallelismLimitsTheRunningPods() {
        cluster.put(job(5, 2, 6));
        controller.sync(KEY);
        assertThat(pods()).hasSize(2);
        assertThat(status().path("active").asInt()).isEqualTo(2);
    }

    static Stream<Arguments> backoffs() {
        return Stream.of(
                Arguments.of("no failure means no wait", 0, 0, Duration.ZERO),
                Arguments.of("one failure waits 10 s from the failure", 1, 4, Duration.ofSeconds(6)),
                Arguments.of("three failures wait 40 s", 3, 10, Duration.ofSeconds(30)),
                Arguments.of("many failures wait at most 6 minutes", 12, 60, Duration.ofMinutes(5)),
                Arguments.of("the wait is over once the back-off has passed", 2, 25, Duration.ZERO));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backoffs")
    void backsOffExponentially(String sentence, int failures, int secondsSinceFailure, Duration expected) {
        BackoffRecord record = new BackoffRecord(failures, failures == 0 ? null : T0);
        assertThat(record.remaining(T0.plusSeconds(secondsSinceFailure))).isEqualTo(expected);
    }

    @Test
    void aSuccessResetsTheFailureCountOfTheBackoff() {
        Pod failedEarly = TestPods.pod("f1").phase("Failed").deleting(T0).build();
        Pod succeeded = TestPods.pod("s").phase("Succeeded").deleting(T0.plusSeconds(10)).build();
        Pod failedLate = TestPods.pod("f2").phase("Failed").deleting(T0.plusSeconds(20)).build();
        BackoffRecord next = BackoffRecord.NONE.next(List.of(succeeded), List.of(failedEarly, failedLate));
        assertThat(next).isEqualTo(new BackoffRecord(1, T0.plusSeconds(20)));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private List<JsonNode> pods() {
        List<JsonNode> out = new ArrayList<>();
        for (Entry e : cluster.cache.list(Resources.PODS, "default")) {
            out.add(e.json());
        }
        return out;
    }

    private JsonNode status() {
        return cluster.get(KEY).path("status");
    }

    private void finish(JsonNode pod, String phase) {
        ObjectNode p = (ObjectNode) pod.deepCopy();
        p.set("status", KubeJson.parse("{\"phase\":\"" + phase + "\"}"));
        cluster.put(p);
    }

    private static List<String> conditions(JsonNode status) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : status.path("conditions")) {
            out.add(c.path("type").asString() + "=" + c.path("status").asString() + " " + c.path("reason").asString()
                    + " " + c.path("message").asString());
        }
        return out;
    }

    static ObjectNode job(int completions, int parallelism, int backoffLimit) {
        return (ObjectNode) KubeJson.parse("""
                {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","namespace":"default"},
                 "spec":{"completions":%d,"parallelism":%d,"backoffLimit":%d,
                  "selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"job-uid"}},
                  "template":{"metadata":{"labels":{"batch.kubernetes.io/controller-uid":"job-uid",
                   "batch.kubernetes.io/job-name":"pi"}},
                   "spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl"}]}}}}
                """.formatted(completions, parallelism, backoffLimit));
    }
}
