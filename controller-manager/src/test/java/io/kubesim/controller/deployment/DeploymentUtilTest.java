package io.kubesim.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import io.kubesim.model.json.KubeJson;

class DeploymentUtilTest {

    static Stream<Arguments> fenceposts() {
        return Stream.of(
                Arguments.of("25% of 4 is one surge pod and one unavailable pod", "25%", "25%", 4, List.of(1, 1)),
                Arguments.of("25% of 10 rounds the surge up to 3 and unavailability down to 2", "25%", "25%", 10,
                        List.of(3, 2)),
                Arguments.of("0% surge and 25% of 3 unavailable both resolve to 0, so one may be unavailable", "0%",
                        "25%", 3, List.of(0, 1)),
                Arguments.of("integers are taken as they are", 2, 0, 5, List.of(2, 0)),
                Arguments.of("100% surge doubles the pods", "100%", 0, 3, List.of(3, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fenceposts")
    void resolvesFenceposts(String sentence, Object surge, Object unavailable, int desired, List<Integer> expected) {
        int[] r = DeploymentUtil.resolveFenceposts(new IntOrString(surge), new IntOrString(unavailable), desired);
        assertThat(List.of(r[0], r[1])).isEqualTo(expected);
    }

    /** One rolling-update state: the new ReplicaSet's and the old ReplicaSet's spec.replicas. */
    record Sizes(int newRS, int oldRS) {
        @Override
        public String toString() {
            return "(" + newRS + "," + oldRS + ")";
        }
    }

    static Stream<Arguments> rollouts() {
        return Stream.of(
                Arguments.of("4 replicas with 25%/25% surge by one and drop by two", 4, "25%", "25%", true,
                        List.of(new Sizes(1, 4), new Sizes(1, 2), new Sizes(3, 2), new Sizes(3, 0), new Sizes(4, 0))),
                Arguments.of("4 replicas with maxSurge 0 replace one pod at a time", 4, 0, 1, true,
                        List.of(new Sizes(0, 3), new Sizes(1, 3), new Sizes(1, 2), new Sizes(2, 2), new Sizes(2, 1),
                                new Sizes(3, 1), new Sizes(3, 0), new Sizes(4, 0))),
                Arguments.of("4 replicas with maxUnavailable 0 add one pod before removing one", 4, 1, 0, true,
                        List.of(new Sizes(1, 4), new Sizes(1, 3), new Sizes(2, 3), new Sizes(2, 2), new Sizes(3, 2),
                                new Sizes(3, 1), new Sizes(4, 1), new Sizes(4, 0))),
                Arguments.of("10 replicas with 25%/25% move in steps of 3 and 5", 10, "25%", "25%", true,
                        List.of(new Sizes(3, 10), new Sizes(3, 5), new Sizes(8, 5), new Sizes(8, 0),
                                new Sizes(10, 0))),
                Arguments.of("new pods that never become available stop the rollout at replicas - maxUnavailable",
                        4, "25%", "25%", false, List.of(new Sizes(1, 4), new Sizes(1, 3), new Sizes(2, 3))));
    }

    /**
     * Simulates a rolling update step by step: each step is what one sync of the controller does (scale the new
     * ReplicaSet up, else the old ones down); between steps old pods vanish at once and new pods become available
     * at once (or never).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rollouts")
    void rollsOutInUpstreamSteps(String sentence, int replicas, Object surge, Object unavailable,
            boolean newPodsBecomeAvailable, List<Sizes> expected) {
        Deployment d = deployment(replicas, surge, unavailable);
        int maxSurge = DeploymentUtil.maxSurge(d);
        int maxUnavailable = DeploymentUtil.maxUnavailable(d);
        ReplicaSet oldRS = rs("old", replicas, replicas, Instant.parse("2026-01-01T00:00:00Z"));
        ReplicaSet newRS = rs("new", 0, 0, Instant.parse("2026-01-01T01:00:00Z"));
        List<Sizes> steps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            List<ReplicaSet> all = List.of(oldRS, newRS);
            Integer target = DeploymentUtil.reconcileNewReplicaSet(d, all, newRS);
            if (target != null) {
                newRS = rs("new", target, DeploymentUtil.availableReplicas(newRS), created(newRS));
            } else {
                List<DeploymentUtil.Scale> scales = DeploymentUtil.reconcileOldReplicaSets(d, all,
                        DeploymentUtil.active(List.of(oldRS)), newRS);
                if (scales.isEmpty()) {
                    break;
                }
                int to = scales.getLast().to();
                oldRS = rs("old", to, Math.min(DeploymentUtil.availableReplicas(oldRS), to), created(oldRS));
            }
            steps.add(new Sizes(DeploymentUtil.replicas(newRS), DeploymentUtil.replicas(oldRS)));
            assertThat(DeploymentUtil.replicas(newRS) + DeploymentUtil.replicas(oldRS))
                    .as("pods never exceed replicas + maxSurge").isLessThanOrEqualTo(replicas + maxSurge);
            assertThat(DeploymentUtil.availableReplicas(newRS) + DeploymentUtil.availableReplicas(oldRS))
                    .as("available pods never drop below replicas - maxUnavailable")
                    .isGreaterThanOrEqualTo(replicas - maxUnavailable);
            if (newPodsBecomeAvailable) {
                newRS = rs("new", DeploymentUtil.replicas(newRS), DeploymentUtil.replicas(newRS), created(newRS));
            }
        }
        assertThat(steps).isEqualTo(expected);
    }

    static Stream<Arguments> proportions() {
        return Stream.of(
                Arguments.of("scaling a stuck rollout from 10 to 15 adds 3 to the old and 2 to the new ReplicaSet",
                        15, 8, 5, 13, Map.of("old", 11, "new", 7)),
                Arguments.of("scaling it down to 5 takes replicas from both in proportion", 5, 8, 5, 13,
                        Map.of("old", 5, "new", 3)),
                Arguments.of("scaling to zero empties both", 0, 8, 5, 13, Map.of("old", 0, "new", 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("proportions")
    void scalesProportionally(String sentence, int replicas, int oldSize, int newSize, int annotatedMax,
            Map<String, Integer> expected) {
        Deployment d = deployment(replicas, 3, 2);
        ReplicaSet old = rs("old", oldSize, oldSize, Instant.parse("2026-01-01T00:00:00Z"));
        ReplicaSet neu = rs("new", newSize, 0, Instant.parse("2026-01-01T01:00:00Z"));
        old.getMetadata().setAnnotations(Map.of(DeploymentUtil.MAX_REPLICAS_ANNOTATION, String.valueOf(annotatedMax)));
        neu.getMetadata().setAnnotations(Map.of(DeploymentUtil.MAX_REPLICAS_ANNOTATION, String.valueOf(annotatedMax)));
        Map<String, Integer> result = new LinkedHashMap<>();
        for (DeploymentUtil.Scale s : DeploymentUtil.proportionalScale(d, List.of(old, neu))) {
            result.put(s.rs().getMetadata().getName(), s.to());
        }
        assertThat(result).isEqualTo(expected);
    }

    static Stream<Arguments> annotations() {
        return Stream.of(
                Arguments.of("a new ReplicaSet gets the revision and the replica annotations", Map.of(), 1, false,
                        Map.of("deployment.kubernetes.io/revision", "1", "deployment.kubernetes.io/desired-replicas",
                                "4", "deployment.kubernetes.io/max-replicas", "5", "kubernetes.io/change-cause",
                                "kubectl set image")),
                Arguments.of("an old ReplicaSet brought back by a rollback remembers its old revision",
                        Map.of("deployment.kubernetes.io/revision", "1"), 3, true,
                        Map.of("deployment.kubernetes.io/revision", "3", "deployment.kubernetes.io/revision-history",
                                "1", "kubernetes.io/change-cause", "kubectl set image")),
                Arguments.of("a second rollback appends to the revision history",
                        Map.of("deployment.kubernetes.io/revision", "3",
                                "deployment.kubernetes.io/revision-history", "1"), 5, true,
                        Map.of("deployment.kubernetes.io/revision", "5", "deployment.kubernetes.io/revision-history",
                                "1,3", "kubernetes.io/change-cause", "kubectl set image")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("annotations")
    void setsReplicaSetAnnotations(String sentence, Map<String, String> existing, long newRevision, boolean exists,
            Map<String, String> expected) {
        Deployment d = deployment(4, "25%", "25%");
        d.getMetadata().setAnnotations(Map.of("kubernetes.io/change-cause", "kubectl set image",
                "deployment.kubernetes.io/revision", "9", "kubectl.kubernetes.io/last-applied-configuration", "{}"));
        Map<String, String> annotations = new LinkedHashMap<>(existing);
        assertThat(DeploymentUtil.setNewReplicaSetAnnotations(d, annotations, newRevision, exists)).isTrue();
        assertThat(annotations).isEqualTo(expected);
    }

    static Stream<Arguments> availability() {
        return Stream.of(
                Arguments.of("3 of 4 available with maxUnavailable 1 is minimum availability", 3, "True",
                        "MinimumReplicasAvailable", "Deployment has minimum availability."),
                Arguments.of("2 of 4 available with maxUnavailable 1 is not", 2, "False",
                        "MinimumReplicasUnavailable", "Deployment does not have minimum availability."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("availability")
    void setsTheAvailableCondition(String sentence, int available, String status, String reason, String message) {
        Deployment d = deployment(4, "25%", "25%");
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        DeploymentStatusView s = DeploymentUtil.calculateStatus(List.of(rs("x", 4, available, now)), null, d, now);
        DeploymentCondition c = DeploymentUtil.find(s.conditions(), DeploymentUtil.AVAILABLE);
        assertThat(List.of(c.getStatus(), c.getReason(), c.getMessage())).isEqualTo(List.of(status, reason, message));
        assertThat(s.unavailableReplicas()).isEqualTo(4 - available);
    }

    @Test
    void templatesDifferingOnlyInTheHashLabelAreEqual() {
        ObjectNode a = (ObjectNode) KubeJson.parse("{\"metadata\":{\"labels\":{\"app\":\"web\","
                + "\"pod-template-hash\":\"abc\"}},\"spec\":{\"containers\":[{\"name\":\"n\",\"image\":\"nginx\"}]}}");
        ObjectNode b = (ObjectNode) KubeJson.parse("{\"metadata\":{\"labels\":{\"app\":\"web\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"n\",\"image\":\"nginx\"}]}}");
        ObjectNode c = (ObjectNode) KubeJson.parse("{\"metadata\":{\"labels\":{\"app\":\"web\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"n\",\"image\":\"nginx:1.15\"}]}}");
        assertThat(List.of(DeploymentUtil.equalIgnoreHash(a, b), DeploymentUtil.equalIgnoreHash(b, c)))
                .isEqualTo(List.of(true, false));
    }

    static Deployment deployment(int replicas, Object surge, Object unavailable) {
        return KubeJson.convert(KubeJson.parse("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"web"}},
                  "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":%s,"maxUnavailable":%s}},
                  "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"n","image":"nginx"}]}}}}
                """.formatted(replicas, json(surge), json(unavailable))), Deployment.class);
    }

    private static String json(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }

    static ReplicaSet rs(String name, int replicas, int available, Instant created) {
        return KubeJson.convert(KubeJson.parse("""
                {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"%s","namespace":"default",
                 "uid":"%s-uid","creationTimestamp":"%s"},
                 "spec":{"replicas":%d},"status":{"replicas":%d,"readyReplicas":%d,"availableReplicas":%d}}
                """.formatted(name, name, created, replicas, replicas, available, available)), ReplicaSet.class);
    }

    private static Instant created(ReplicaSet rs) {
        return Instant.parse(rs.getMetadata().getCreationTimestamp());
    }
}
