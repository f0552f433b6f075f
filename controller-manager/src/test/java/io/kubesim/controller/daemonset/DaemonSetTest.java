package io.kubesim.controller.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.Claims;
import io.kubesim.controller.framework.Writer;
import io.kubesim.controller.testing.FakeCluster;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache.Entry;

class DaemonSetTest {

    static Stream<Arguments> eligibility() {
        String plain = "{}";
        return Stream.of(
                Arguments.of("a plain node runs the pod", node("n1", "{}", "[]"), plain, true, true),
                Arguments.of("a node lacking the nodeSelector label runs nothing", node("n1", "{}", "[]"),
                        "{\"nodeSelector\":{\"disktype\":\"ssd\"}}", false, false),
                Arguments.of("a node with the nodeSelector label runs the pod",
                        node("n1", "{\"disktype\":\"ssd\"}", "[]"), "{\"nodeSelector\":{\"disktype\":\"ssd\"}}",
                        true, true),
                Arguments.of("required node affinity that the node fails rules it out",
                        node("n1", "{\"kubernetes.io/arch\":\"arm64\"}", "[]"), affinity("kubernetes.io/arch", "In",
                                "amd64"), false, false),
                Arguments.of("NotIn matches a node without the label", node("n1", "{}", "[]"),
                        affinity("gpu", "NotIn", "true"), true, true),
                Arguments.of("an untolerated NoSchedule taint gets no new pod but keeps a running one",
                        node("n1", "{}", taint("dedicated", "db", "NoSchedule")), plain, false, true),
                Arguments.of("an untolerated NoExecute taint removes the pod",
                        node("n1", "{}", taint("dedicated", "db", "NoExecute")), plain, false, false),
                Arguments.of("the control-plane taint is not tolerated",
                        node("cp", "{}", taint("node-role.kubernetes.io/control-plane", "", "NoSchedule")), plain,
                        false, true),
                Arguments.of("a tolerated NoSchedule taint is fine",
                        node("n1", "{}", taint("dedicated", "db", "NoSchedule")),
                        "{\"tolerations\":[{\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"db\"}]}", true,
                        true),
                Arguments.of("a cordoned node keeps running daemon pods (automatic unschedulable toleration)",
                        node("n1", "{}", taint("node.kubernetes.io/unschedulable", "", "NoSchedule")), plain, true,
                        true),
                Arguments.of("a not-ready node keeps daemon pods (automatic not-ready toleration)",
                        node("n1", "{}", taint("node.kubernetes.io/not-ready", "", "NoExecute")), plain, true, true),
                Arguments.of("an unreachable node keeps daemon pods (automatic unreachable toleration)",
                        node("n1", "{}", taint("node.kubernetes.io/unreachable", "", "NoExecute")), plain, true, true),
                Arguments.of("memory pressure is tolerated automatically",
                        node("n1", "{}", taint("node.kubernetes.io/memory-pressure", "", "NoSchedule")), plain, true,
                        true),
                Arguments.of("network-unavailable is not tolerated by a pod on the pod network",
                        node("n1", "{}", taint("node.kubernetes.io/network-unavailable", "", "NoSchedule")), plain,
                        false, true),
                Arguments.of("network-unavailable is tolerated by a host-network pod",
                        node("n1", "{}", taint("node.kubernetes.io/network-unavailable", "", "NoSchedule")),
                        "{\"hostNetwork\":true}", true, true),
                Arguments.of("a template nodeName pins the pods to that node", node("n2", "{}", "[]"),
                        "{\"nodeName\":\"n1\"}", false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eligibility")
    void decidesWhichNodesRunADaemonPod(String sentence, Node node, String podSpec, boolean shouldRun,
            boolean shouldContinue) {
        DaemonSet ds = KubeJson.convert(daemonSet(podSpec), DaemonSet.class);
        assertThat(DaemonSetUtil.nodeShouldRunDaemonPod(node, ds))
                .isEqualTo(new DaemonSetUtil.Eligibility(shouldRun, shouldContinue));
    }

    @Test
    void daemonPodsArePinnedByNodeAffinityAndGetTheAutomaticTolerationsReplacingTimedOnes() {
        ObjectNode template = (ObjectNode) daemonSet("{\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\","
                + "\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}],"
                + "\"affinity\":{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":"
                + "{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Exists\"}]}]}}}}")
                .path("spec").path("template");
        ObjectNode pod = DaemonSetUtil.podTemplate(template, 3L, "h4sh", "n7", false);
        assertThat(pod.path("metadata").path("labels")).isEqualTo(KubeJson.parse(
                "{\"app\":\"agent\",\"pod-template-generation\":\"3\",\"controller-revision-hash\":\"h4sh\"}"));
        assertThat(pod.path("spec").path("affinity")).isEqualTo(KubeJson.parse(
                "{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":"
                        + "[{\"matchFields\":[{\"key\":\"metadata.name\",\"operator\":\"In\",\"values\":[\"n7\"]}]}]}}}"));
        assertThat(pod.path("spec").path("tolerations")).isEqualTo(KubeJson.parse("""
                [{"effect":"NoExecute","key":"node.kubernetes.io/not-ready","operator":"Exists"},
                 {"effect":"NoExecute","key":"node.kubernetes.io/unreachable","operator":"Exists"},
                 {"effect":"NoSchedule","key":"node.kubernetes.io/disk-pressure","operator":"Exists"},
                 {"effect":"NoSchedule","key":"node.kubernetes.io/memory-pressure","operator":"Exists"},
                 {"effect":"NoSchedule","key":"node.kubernetes.io/pid-pressure","operator":"Exists"},
                 {"effect":"NoSchedule","key":"node.kubernetes.io/unschedulable","operator":"Exists"}]
                """));
    }

    @Test
    void runsOnePodPerEligibleNodeAndFollowsNodesComingAndGoing() {
        FakeCluster cluster = new FakeCluster();
        Writer writer = new Writer(cluster, Duration.ofSeconds(5));
        DaemonSetController controller = new DaemonSetController(cluster.index, writer, new Claims(writer),
                cluster.clock, ControllerProperties.defaults());
        cluster.put(KubeJson.convert(KubeJson.tree(node("cp", "{}",
                taint("node-role.kubernetes.io/control-plane", "", "NoSchedule"))), ObjectNode.class));
        cluster.put(KubeJson.convert(KubeJson.tree(node("w1", "{}", "[]")), ObjectNode.class));
        cluster.put(KubeJson.convert(KubeJson.tree(node("w2", "{}", "[]")), ObjectNode.class));
        cluster.put(daemonSet("{}"));
        String key = Resources.DAEMON_SETS.ref("kube-system", "agent").key();

        controller.sync(key);
        assertThat(podsByTargetNode(cluster)).isEqualTo(Map.of("w1", 1, "w2", 1));
        controller.sync(key);
        assertThat(cluster.get(key).path("status")).isEqualTo(KubeJson.parse(
                "{\"currentNumberScheduled\":2,\"numberMisscheduled\":0,\"desiredNumberScheduled\":2,"
                        + "\"numberReady\":0,\"observedGeneration\":1,\"updatedNumberScheduled\":2,"
                        + "\"numberUnavailable\":2}"));

        cluster.put(KubeJson.convert(KubeJson.tree(node("w3", "{}", "[]")), ObjectNode.class));
        controller.sync(key);
        assertThat(podsByTargetNode(cluster)).isEqualTo(Map.of("w1", 1, "w2", 1, "w3", 1));

        cluster.remove(Resources.NODES.ref(null, "w3").key());
        controller.sync(key);
        assertThat(podsByTargetNode(cluster)).isEqualTo(Map.of("w1", 1, "w2", 1));
    }

    @Test
    void aNewTemplateReplacesOnePodAtATimeWithMaxUnavailableOne() {
        FakeCluster cluster = new FakeCluster();
        Writer writer = new Writer(cluster, Duration.ofSeconds(5));
        DaemonSetController controller = new DaemonSetController(cluster.index, writer, new Claims(writer),
                cluster.clock, ControllerProperties.defaults());
        for (String n : List.of("w1", "w2", "w3")) {
            cluster.put(KubeJson.convert(KubeJson.tree(node(n, "{}", "[]")), ObjectNode.class));
        }
        cluster.put(daemonSet("{}"));
        String key = Resources.DAEMON_SETS.ref("kube-system", "agent").key();
        controller.sync(key);
        bindAndMakeReady(cluster);

        ObjectNode updated = daemonSet("{}");
        ((ObjectNode) updated.path("spec").path("template").path("spec").path("containers").get(0))
                .put("image", "agent:2");
        cluster.put(updated);
        controller.sync(key);

        List<Entry> pods = List.copyOf(cluster.cache.list(Resources.PODS, "kube-system"));
        assertThat(pods.stream().filter(e -> e.json().path("metadata").has("deletionTimestamp")).count())
                .isEqualTo(1);
    }

    private static void bindAndMakeReady(FakeCluster cluster) {
        for (Entry e : List.copyOf(cluster.cache.list(Resources.PODS, "kube-system"))) {
            ObjectNode pod = e.json().deepCopy();
            String node = pod.path("spec").path("affinity").path("nodeAffinity")
                    .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms").get(0)
                    .path("matchFields").get(0).path("values").get(0).asString();
            ((ObjectNode) pod.get("spec")).put("nodeName", node);
            pod.set("status", KubeJson.parse("{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\","
                    + "\"status\":\"True\",\"lastTransitionTime\":\"2020-01-01T00:00:00Z\"}]}"));
            cluster.put(pod);
        }
    }

    private static Map<String, Integer> podsByTargetNode(FakeCluster cluster) {
        Map<String, Integer> out = new TreeMap<>();
        for (Entry e : cluster.cache.list(Resources.PODS, "kube-system")) {
            JsonNode values = e.json().path("spec").path("affinity").path("nodeAffinity")
                    .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms").get(0)
                    .path("matchFields").get(0).path("values");
            out.merge(values.get(0).asString(), 1, Integer::sum);
        }
        return out;
    }

    static Node node(String name, String labels, String taints) {
        return KubeJson.convert(KubeJson.parse("""
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"%s","labels":%s},"spec":{"taints":%s}}
                """.formatted(name, labels, taints)), Node.class);
    }

    static String taint(String key, String value, String effect) {
        return "[{\"key\":\"" + key + "\",\"value\":\"" + value + "\",\"effect\":\"" + effect + "\"}]";
    }

    static String affinity(String key, String op, String value) {
        return "{\"affinity\":{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":"
                + "{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"" + key + "\",\"operator\":\"" + op
                + "\",\"values\":[\"" + value + "\"]}]}]}}}}";
    }

    static ObjectNode daemonSet(String podSpecExtra) {
        ObjectNode spec = (ObjectNode) KubeJson.parse(podSpecExtra);
        spec.putArray("containers").addObject().put("name", "agent").put("image", "agent:1");
        ObjectNode ds = (ObjectNode) KubeJson.parse("""
                {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","namespace":"kube-system"},
                 "spec":{"selector":{"matchLabels":{"app":"agent"}},
                  "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1}},
                  "template":{"metadata":{"labels":{"app":"agent"}}}}}
                """);
        ((ObjectNode) ds.path("spec").path("template")).set("spec", spec);
        return ds;
    }
}
