package io.kubesim.controller.daemonset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;

import io.kubesim.controller.framework.Json;
import io.kubesim.controller.framework.Taints;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.labels.Requirement;

/**
 * Which nodes a DaemonSet runs on and what its pods look like (pkg/controller/daemon/daemon_controller.go
 * {@code NodeShouldRunDaemonPod}, pkg/controller/daemon/util/daemonset_util.go).
 */
final class DaemonSetUtil {

    /** {@code apps.DefaultDaemonSetUniqueLabelKey}. */
    static final String CONTROLLER_REVISION_HASH_LABEL = "controller-revision-hash";
    /** {@code extensions.DaemonSetTemplateGenerationKey}. */
    static final String TEMPLATE_GENERATION_LABEL = "pod-template-generation";
    /** {@code apps.DeprecatedTemplateGeneration}: the template generation the API server records. */
    static final String TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";
    /** {@code metav1.ObjectNameField}. */
    static final String OBJECT_NAME_FIELD = "metadata.name";

    /** Whether the DaemonSet should get a pod on a node, and whether an existing one may stay. */
    record Eligibility(boolean shouldRun, boolean shouldContinueRunning) {
    }

    private DaemonSetUtil() {
    }

    /**
     * The tolerations every DaemonSet pod gets ({@code AddOrUpdateDaemonPodTolerations}): not-ready and unreachable
     * NoExecute without a time limit; disk-, memory-, pid-pressure and unschedulable NoSchedule; network-unavailable
     * NoSchedule for host-network pods.
     */
    static List<Toleration> automaticTolerations(boolean hostNetwork) {
        List<Toleration> out = new ArrayList<>();
        out.add(exists(Taints.NOT_READY, Taints.NO_EXECUTE));
        out.add(exists(Taints.UNREACHABLE, Taints.NO_EXECUTE));
        out.add(exists(Taints.DISK_PRESSURE, Taints.NO_SCHEDULE));
        out.add(exists(Taints.MEMORY_PRESSURE, Taints.NO_SCHEDULE));
        out.add(exists(Taints.PID_PRESSURE, Taints.NO_SCHEDULE));
        out.add(exists(Taints.UNSCHEDULABLE, Taints.NO_SCHEDULE));
        if (hostNetwork) {
            out.add(exists(Taints.NETWORK_UNAVAILABLE, Taints.NO_SCHEDULE));
        }
        return out;
    }

    private static Toleration exists(String key, String effect) {
        Toleration t = new Toleration();
        t.setKey(key);
        t.setOperator("Exists");
        t.setEffect(effect);
        return t;
    }

    /**
     * {@code AddOrUpdateTolerationInPodSpec} for each automatic toleration: a toleration with the same key, operator,
     * value and effect is replaced, otherwise the automatic one is appended.
     */
    static List<Toleration> withAutomaticTolerations(List<Toleration> existing, boolean hostNetwork) {
        List<Toleration> result = existing == null ? new ArrayList<>() : new ArrayList<>(existing);
        for (Toleration add : automaticTolerations(hostNetwork)) {
            boolean replaced = false;
            for (int i = 0; i < result.size(); i++) {
                if (sameToleration(add, result.get(i))) {
                    result.set(i, add);
                    replaced = true;
                }
            }
            if (!replaced) {
                result.add(add);
            }
        }
        return result;
    }

    /** {@code Toleration.MatchToleration}: same key, operator, value and effect. */
    private static boolean sameToleration(Toleration a, Toleration b) {
        return Objects.equals(emptyIfNull(a.getKey()), emptyIfNull(b.getKey()))
                && Objects.equals(emptyIfNull(a.getOperator()), emptyIfNull(b.getOperator()))
                && Objects.equals(emptyIfNull(a.getValue()), emptyIfNull(b.getValue()))
                && Objects.equals(emptyIfNull(a.getEffect()), emptyIfNull(b.getEffect()));
    }

    /**
     * {@code NodeShouldRunDaemonPod}: a node that the pod's nodeName, nodeSelector or required node affinity rule out
     * neither runs nor keeps a pod; a node with a taint the pod (with its automatic tolerations) does not tolerate
     * gets no new pod, and keeps an existing one unless the untolerated taint is NoExecute.
     */
    static Eligibility nodeShouldRunDaemonPod(Node node, DaemonSet ds) {
        PodSpec spec = ds.getSpec().getTemplate().getSpec();
        String nodeName = node.getMetadata().getName();
        boolean fitsNodeName = spec.getNodeName() == null || spec.getNodeName().isEmpty()
                || spec.getNodeName().equals(nodeName);
        boolean fitsAffinity = matchesNodeSelector(spec.getNodeSelector(), node) && matchesRequiredAffinity(spec, node);
        if (!fitsNodeName || !fitsAffinity) {
            return new Eligibility(false, false);
        }
        List<Toleration> tolerations = withAutomaticTolerations(spec.getTolerations(),
                Boolean.TRUE.equals(spec.getHostNetwork()));
        var taints = node.getSpec() == null ? null : node.getSpec().getTaints();
        boolean fitsTaints = Taints.firstUntolerated(taints, tolerations,
                t -> Taints.NO_SCHEDULE.equals(t.getEffect()) || Taints.NO_EXECUTE.equals(t.getEffect())) == null;
        if (!fitsTaints) {
            boolean untoleratedNoExecute = Taints.firstUntolerated(taints, tolerations,
                    t -> Taints.NO_EXECUTE.equals(t.getEffect())) != null;
            return new Eligibility(false, !untoleratedNoExecute);
        }
        return new Eligibility(true, true);
    }

    static boolean matchesNodeSelector(Map<String, String> nodeSelector, Node node) {
        if (nodeSelector == null || nodeSelector.isEmpty()) {
            return true;
        }
        Map<String, String> labels = labels(node);
        for (Map.Entry<String, String> e : nodeSelector.entrySet()) {
            if (!labels.containsKey(e.getKey()) || !Objects.equals(labels.get(e.getKey()), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Required node affinity: terms ORed, requirements within a term ANDed, an empty term matches nothing. */
    static boolean matchesRequiredAffinity(PodSpec spec, Node node) {
        if (spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null) {
            return true;
        }
        NodeSelector required = spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required == null) {
            return true;
        }
        if (required.getNodeSelectorTerms() == null) {
            return false;
        }
        for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
            if (matchesTerm(term, node)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesTerm(NodeSelectorTerm term, Node node) {
        List<NodeSelectorRequirement> expressions = term.getMatchExpressions() == null ? List.of()
                : term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false;
        }
        Map<String, String> labels = labels(node);
        for (NodeSelectorRequirement r : expressions) {
            if (!requirement(r).matches(labels)) {
                return false;
            }
        }
        Map<String, String> nodeFields = Map.of(OBJECT_NAME_FIELD, node.getMetadata().getName());
        for (NodeSelectorRequirement r : fields) {
            if (!OBJECT_NAME_FIELD.equals(r.getKey()) || !requirement(r).matches(nodeFields)) {
                return false;
            }
        }
        return true;
    }

    private static Requirement requirement(NodeSelectorRequirement r) {
        Requirement.Operator op = switch (String.valueOf(r.getOperator())) {
            case "In" -> Requirement.Operator.IN;
            case "NotIn" -> Requirement.Operator.NOT_IN;
            case "Exists" -> Requirement.Operator.EXISTS;
            case "DoesNotExist" -> Requirement.Operator.DOES_NOT_EXIST;
            case "Gt" -> Requirement.Operator.GREATER_THAN;
            case "Lt" -> Requirement.Operator.LESS_THAN;
            default -> null;
        };
        if (op == null) {
            return new Requirement(r.getKey(), Requirement.Operator.IN, List.of());
        }
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        if ((op == Requirement.Operator.GREATER_THAN || op == Requirement.Operator.LESS_THAN) && values.size() != 1) {
            return new Requirement(r.getKey(), Requirement.Operator.IN, List.of());
        }
        return new Requirement(r.getKey(), op, values);
    }

    private static Map<String, String> labels(Node node) {
        Map<String, String> l = node.getMetadata().getLabels();
        return l == null ? Map.of() : l;
    }

    /** {@code GetTargetNodeName}: the pod's node, or for an unscheduled pod the node its affinity pins it to. */
    static String targetNodeName(Pod pod) {
        if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
            return pod.getSpec().getNodeName();
        }
        if (pod.getSpec().getAffinity() == null || pod.getSpec().getAffinity().getNodeAffinity() == null) {
            return null;
        }
        NodeSelector required = pod.getSpec().getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required == null || required.getNodeSelectorTerms() == null) {
            return null;
        }
        for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
            if (term.getMatchFields() == null) {
                continue;
            }
            for (NodeSelectorRequirement r : term.getMatchFields()) {
                if (OBJECT_NAME_FIELD.equals(r.getKey()) && "In".equals(r.getOperator())) {
                    return r.getValues() != null && r.getValues().size() == 1 ? r.getValues().getFirst() : null;
                }
            }
        }
        return null;
    }

    /**
     * {@code CreatePodTemplate} + {@code ReplaceDaemonSetPodNodeNameNodeAffinity}: the DaemonSet's template with the
     * automatic tolerations, the {@code pod-template-generation} and {@code controller-revision-hash} labels, and
     * the required node affinity replaced by one term {@code matchFields metadata.name In [node]}.
     */
    static ObjectNode podTemplate(JsonNode dsTemplate, Long templateGeneration, String hash, String nodeName,
            boolean hostNetwork) {
        ObjectNode template = dsTemplate.isObject() ? ((ObjectNode) dsTemplate).deepCopy() : Json.object();
        ObjectNode labels = template.withObjectProperty("metadata").withObjectProperty("labels");
        if (templateGeneration != null) {
            labels.put(TEMPLATE_GENERATION_LABEL, String.valueOf(templateGeneration));
        }
        labels.put(CONTROLLER_REVISION_HASH_LABEL, hash);
        ObjectNode spec = template.withObjectProperty("spec");
        List<Toleration> existing = new ArrayList<>();
        for (JsonNode t : spec.path("tolerations")) {
            existing.add(KubeJson.convert(t, Toleration.class));
        }
        ArrayNode tolerations = KubeJson.json().createArrayNode();
        for (Toleration t : withAutomaticTolerations(existing, hostNetwork)) {
            tolerations.add(KubeJson.tree(t));
        }
        spec.set("tolerations", tolerations);
        ObjectNode required = spec.withObjectProperty("affinity").withObjectProperty("nodeAffinity")
                .withObjectProperty("requiredDuringSchedulingIgnoredDuringExecution");
        ObjectNode field = required.putArray("nodeSelectorTerms").addObject().putArray("matchFields").addObject();
        field.put("key", OBJECT_NAME_FIELD);
        field.put("operator", "In");
        field.putArray("values").add(nodeName);
        return template;
    }

    private static String emptyIfNull(String s) {
        return s == null ? "" : s;
    }
}
