package io.kubesim.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

import io.kubesim.model.json.KubeJson;
import io.kubesim.scheduler.framework.Nomination;

/** The status patches of a failed attempt and of a preemption victim (upstream updatePod / prepareCandidate). */
class ClusterWriterTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");

    private static Pod pod(String conditionsJson, String nominated) {
        return KubeJson.read("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default","uid":"u1",
                 "resourceVersion":"42"},"spec":{"containers":[{"name":"c","image":"nginx"}]},
                 "status":{"phase":"Pending","conditions":%s%s}}
                """.formatted(conditionsJson, nominated == null ? "" : ",\"nominatedNodeName\":\"" + nominated
                + "\""), Pod.class);
    }

    private static String patch(Pod pod, String reason, String message, Nomination nomination) {
        var p = ClusterWriter.podScheduledPatch(pod, reason, message, nomination, NOW);
        return p == null ? null : KubeJson.write(p);
    }

    @Test
    void theFirstFailureSetsTheConditionWithTheResourceVersionAsPrecondition() {
        assertThat(patch(pod("[]", null), "Unschedulable", "0/1 nodes are available: 1 Insufficient cpu.",
                Nomination.CLEAR)).isEqualTo("{\"metadata\":{\"uid\":\"u1\",\"resourceVersion\":\"42\"},"
                + "\"status\":{\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"False\","
                + "\"lastTransitionTime\":\"2026-01-02T03:04:05Z\",\"reason\":\"Unschedulable\","
                + "\"message\":\"0/1 nodes are available: 1 Insufficient cpu.\"}]}}");
    }

    @Test
    void theSameFailureAgainWritesNothing() {
        Pod pod = pod("[{\"type\":\"PodScheduled\",\"status\":\"False\",\"reason\":\"Unschedulable\","
                + "\"message\":\"m\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]", null);
        assertThat(patch(pod, "Unschedulable", "m", Nomination.CLEAR)).isNull();
        assertThat(patch(pod, "Unschedulable", "m", Nomination.KEEP)).isNull();
    }

    @Test
    void aNewMessageKeepsTheTransitionTimeAndANominationIsAdded() {
        Pod pod = pod("[{\"type\":\"PodScheduled\",\"status\":\"False\",\"reason\":\"Unschedulable\","
                + "\"message\":\"old\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]", null);
        assertThat(patch(pod, "Unschedulable", "new", Nomination.of("n1"))).isEqualTo(
                "{\"metadata\":{\"uid\":\"u1\",\"resourceVersion\":\"42\"},\"status\":{\"conditions\":[{"
                        + "\"type\":\"PodScheduled\",\"status\":\"False\",\"lastTransitionTime\":"
                        + "\"2026-01-01T00:00:00Z\",\"reason\":\"Unschedulable\",\"message\":\"new\"}],"
                        + "\"nominatedNodeName\":\"n1\"}}");
    }

    @Test
    void onlyTheNominationChangesAndClearingItWritesNull() {
        Pod pod = pod("[{\"type\":\"PodScheduled\",\"status\":\"False\",\"reason\":\"Unschedulable\","
                + "\"message\":\"m\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]", "n1");
        assertThat(patch(pod, "Unschedulable", "m", Nomination.CLEAR)).isEqualTo(
                "{\"metadata\":{\"uid\":\"u1\",\"resourceVersion\":\"42\"},\"status\":{\"nominatedNodeName\":null}}");
        assertThat(patch(pod, "Unschedulable", "m", Nomination.KEEP)).isNull();
    }

    @Test
    void aVictimGetsDisruptionTargetOnce() {
        Pod victim = pod("[]", null);
        String expected = "{\"metadata\":{\"uid\":\"u1\"},\"status\":{\"conditions\":[{\"type\":\"DisruptionTarget\","
                + "\"status\":\"True\",\"lastTransitionTime\":\"2026-01-02T03:04:05Z\",\"reason\":"
                + "\"PreemptionByScheduler\",\"message\":\"default-scheduler: preempting to accommodate a higher "
                + "priority pod\"}]}}";
        assertThat(KubeJson.write(ClusterWriter.disruptionTargetPatch(victim, "default-scheduler", NOW)))
                .isEqualTo(expected);
        Pod marked = new PodBuilder(victim).editStatus().addNewCondition().withType("DisruptionTarget")
                .withStatus("True").withReason("PreemptionByScheduler")
                .withMessage("default-scheduler: preempting to accommodate a higher priority pod").endCondition()
                .endStatus().build();
        assertThat(ClusterWriter.disruptionTargetPatch(marked, "default-scheduler", NOW)).isNull();
    }
}
