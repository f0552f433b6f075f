package io.kubesim.registry.pod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.GoValue;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.NameRule;
import io.kubesim.registry.meta.Names;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.quantity.Quantity;

/**
 * Pod and pod-template validation (pkg/apis/core/validation/validation.go: {@code ValidatePodCreate},
 * {@code ValidatePodSpec}, {@code ValidatePodTemplateSpec}, {@code ValidatePodUpdate},
 * {@code ValidatePodStatusUpdate}).
 */
public final class PodValidation {

    static final String UPDATABLE_FIELDS = "pod updates may not change fields other than "
            + "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
            + "`spec.tolerations` (only additions to existing tolerations),"
            + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    private static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    private static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default",
            "None");

    private PodValidation() {
    }

    /** {@code ValidatePodCreate}. */
    static ErrorList create(ObjectNode pod) {
        ErrorList errs = metadataAndSpec(pod);
        ObjectNode spec = Tree.obj(pod, "spec");
        Path specPath = Path.of("spec");
        if (!Tree.objects(spec, "ephemeralContainers").isEmpty()) {
            errs.forbidden(specPath.child("ephemeralContainers"), "cannot be set on create");
        }
        if (!Tree.str(spec, "nodeName").isEmpty() && !Tree.objects(spec, "schedulingGates").isEmpty()) {
            errs.forbidden(specPath.child("nodeName"), "cannot be set until all schedulingGates have been cleared");
        }
        return errs;
    }

    private static ErrorList metadataAndSpec(ObjectNode pod) {
        ErrorList errs = MetaValidation.validateCreate(pod, true, NameRule.DNS_SUBDOMAIN);
        ObjectNode spec = Tree.obj(pod, "spec");
        if (spec == null) {
            spec = Tree.NODES.objectNode();
        }
        Path specPath = Path.of("spec");
        errs.addAll(spec(spec, specPath, true));
        for (String list : List.of("containers", "initContainers")) {
            List<ObjectNode> containers = Tree.objects(spec, list);
            for (int i = 0; i < containers.size(); i++) {
                String image = Tree.str(containers.get(i), "image");
                if (image.length() != image.strip().length()) {
                    errs.invalid(specPath.child(list).index(i).child("image"), image,
                            "must not have leading or trailing whitespace");
                }
            }
        }
        return errs;
    }

    /** {@code ValidatePodTemplateSpec}: template labels and annotations, then the spec. */
    public static ErrorList templateSpec(ObjectNode template, Path fld) {
        ErrorList errs = new ErrorList();
        ObjectNode meta = Tree.obj(template, "metadata");
        errs.addAll(MetaValidation.labels(Tree.obj(meta, "labels"), fld.child("labels")));
        errs.addAll(MetaValidation.annotations(Tree.obj(meta, "annotations"), fld.child("annotations")));
        ObjectNode spec = Tree.obj(template, "spec");
        errs.addAll(spec(spec == null ? Tree.NODES.objectNode() : spec, fld.child("spec"), false));
        if (!Tree.objects(spec, "ephemeralContainers").isEmpty()) {
            errs.forbidden(fld.child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template");
        }
        return errs;
    }

    /** {@code ValidatePodSpec}; {@code isPod} is false for templates embedded in workloads. */
    static ErrorList spec(ObjectNode spec, Path fld, boolean isPod) {
        ErrorList errs = new ErrorList();
        Long grace = Tree.lng(spec, "terminationGracePeriodSeconds");
        if (grace == null) {
            errs.required(fld.child("terminationGracePeriodSeconds"), "");
        } else {
            errs.addAll(MetaValidation.nonNegative(grace, fld.child("terminationGracePeriodSeconds")));
        }
        Set<String> volumes = new LinkedHashSet<>();
        errs.addAll(Volumes.validate(Tree.objects(spec, "volumes"), fld.child("volumes"), volumes));
        List<ObjectNode> containers = Tree.objects(spec, "containers");
        errs.addAll(Containers.regular(containers, volumes, fld.child("containers")));
        errs.addAll(Containers.init(Tree.objects(spec, "initContainers"), containers, volumes,
                fld.child("initContainers")));
        if (Tree.isTrue(spec, "hostNetwork")) {
            for (int i = 0; i < containers.size(); i++) {
                List<ObjectNode> ports = Tree.objects(containers.get(i), "ports");
                for (int j = 0; j < ports.size(); j++) {
                    long hp = Tree.lng0(ports.get(j), "hostPort");
                    long cp = Tree.lng0(ports.get(j), "containerPort");
                    if ((isPod || hp != 0) && hp != cp) {
                        errs.invalid(fld.child("containers").index(i).child("ports").index(j).child("hostPort"), hp,
                                "must match `containerPort` when `hostNetwork` is true");
                    }
                }
            }
        }
        String restartPolicy = Tree.str(spec, "restartPolicy");
        if (restartPolicy.isEmpty()) {
            errs.required(fld.child("restartPolicy"), "");
        } else if (!RESTART_POLICIES.contains(restartPolicy)) {
            errs.notSupported(fld.child("restartPolicy"), restartPolicy, RESTART_POLICIES);
        }
        String dnsPolicy = Tree.str(spec, "dnsPolicy");
        if (dnsPolicy.isEmpty()) {
            errs.required(fld.child("dnsPolicy"), "");
        } else if (!DNS_POLICIES.contains(dnsPolicy)) {
            errs.notSupported(fld.child("dnsPolicy"), dnsPolicy, DNS_POLICIES);
        }
        errs.addAll(MetaValidation.labels(Tree.obj(spec, "nodeSelector"), fld.child("nodeSelector")));
        errs.addAll(podSecurityContext(Tree.obj(spec, "securityContext"), fld.child("securityContext")));
        List<ObjectNode> pullSecrets = Tree.objects(spec, "imagePullSecrets");
        for (int i = 0; i < pullSecrets.size(); i++) {
            if (pullSecrets.get(i).size() != 1 || !pullSecrets.get(i).has("name")) {
                errs.invalid(fld.child("imagePullSecrets").index(i),
                        GoValue.literal("core.LocalObjectReference{Name:"
                                + GoValue.quote(Tree.str(pullSecrets.get(i), "name")) + "}"),
                        "only name may be set");
            }
        }
        errs.addAll(Scheduling.affinity(Tree.obj(spec, "affinity"), fld.child("affinity")));
        if (dnsPolicy.equals("None")) {
            ObjectNode dnsConfig = Tree.obj(spec, "dnsConfig");
            if (dnsConfig == null) {
                errs.required(fld.child("dnsConfig"), "must provide `dnsConfig` when `dnsPolicy` is None");
            } else if (Tree.strings(dnsConfig, "nameservers").isEmpty()) {
                errs.required(fld.child("dnsConfig", "nameservers"),
                        "must provide at least one DNS nameserver when `dnsPolicy` is None");
            }
        }
        List<ObjectNode> gates = Tree.objects(spec, "readinessGates");
        for (int i = 0; i < gates.size(); i++) {
            String type = Tree.str(gates.get(i), "conditionType");
            errs.invalidEach(fld.child("readinessGates").index(i).child("conditionType"), type,
                    Names.qualifiedName(type));
        }
        List<ObjectNode> schedulingGates = Tree.objects(spec, "schedulingGates");
        Set<String> seenGates = new HashSet<>();
        for (int i = 0; i < schedulingGates.size(); i++) {
            String name = Tree.str(schedulingGates.get(i), "name");
            errs.invalidEach(fld.child("schedulingGates").index(i), name, Names.qualifiedName(name));
            if (!seenGates.add(name)) {
                errs.duplicate(fld.child("schedulingGates").index(i), name);
            }
        }
        errs.addAll(Scheduling.topologySpreadConstraints(Tree.objects(spec, "topologySpreadConstraints"),
                fld.child("topologySpreadConstraints")));
        String serviceAccount = Tree.str(spec, "serviceAccountName");
        if (!serviceAccount.isEmpty()) {
            errs.invalidEach(fld.child("serviceAccountName"), serviceAccount,
                    Names.nameIsDnsSubdomain(serviceAccount, false));
        }
        String nodeName = Tree.str(spec, "nodeName");
        if (!nodeName.isEmpty()) {
            errs.invalidEach(fld.child("nodeName"), nodeName, Names.nameIsDnsSubdomain(nodeName, false));
        }
        Long deadline = Tree.lng(spec, "activeDeadlineSeconds");
        if (deadline != null && (deadline < 1 || deadline > Integer.MAX_VALUE)) {
            errs.invalid(fld.child("activeDeadlineSeconds"), deadline,
                    Names.inclusiveRangeError(1, Integer.MAX_VALUE));
        }
        for (String f : List.of("hostname", "subdomain")) {
            String v = Tree.str(spec, f);
            if (!v.isEmpty()) {
                errs.invalidEach(fld.child(f), v, Names.dns1123Label(v));
            }
        }
        errs.addAll(Scheduling.tolerations(Tree.objects(spec, "tolerations"), fld.child("tolerations")));
        List<ObjectNode> aliases = Tree.objects(spec, "hostAliases");
        for (int i = 0; i < aliases.size(); i++) {
            String ip = Tree.str(aliases.get(i), "ip");
            errs.invalidEach(fld.child("hostAliases").index(i).child("ip"), ip, Names.ip(ip));
        }
        String priorityClass = Tree.str(spec, "priorityClassName");
        if (!priorityClass.isEmpty()) {
            errs.invalidEach(fld.child("priorityClassName"), priorityClass,
                    Names.nameIsDnsSubdomain(priorityClass, false));
        }
        if (Tree.has(spec, "preemptionPolicy")) {
            String policy = Tree.str(spec, "preemptionPolicy");
            switch (policy) {
                case "PreemptLowerPriority", "Never" -> {
                }
                case "" -> errs.required(fld.child("preemptionPolicy"), "");
                default -> errs.notSupported(fld.child("preemptionPolicy"), policy,
                        List.of("PreemptLowerPriority", "Never"));
            }
        }
        ObjectNode overhead = Tree.obj(spec, "overhead");
        if (overhead != null) {
            ObjectNode asLimits = Tree.NODES.objectNode();
            asLimits.set("limits", overhead);
            errs.addAll(ResourceRules.requirements(asLimits, fld.child("overhead")));
        }
        ObjectNode os = Tree.obj(spec, "os");
        if (os != null) {
            String name = Tree.str(os, "name");
            if (name.isEmpty()) {
                errs.required(fld.child("os", "name"), "");
            } else if (!name.equals("linux") && !name.equals("windows")) {
                errs.notSupported(fld.child("os", "name"), name, List.of("linux", "windows"));
            }
        }
        return errs;
    }

    private static ErrorList podSecurityContext(ObjectNode sc, Path fld) {
        ErrorList errs = new ErrorList();
        if (sc == null) {
            return errs;
        }
        for (String id : List.of("fsGroup", "runAsUser", "runAsGroup")) {
            Long v = Tree.lng(sc, id);
            if (v != null && (v < 0 || v > Integer.MAX_VALUE)) {
                errs.invalid(fld.child(id), v, Names.inclusiveRangeError(0, Integer.MAX_VALUE));
            }
        }
        ArrayNode groups = Tree.arr(sc, "supplementalGroups");
        if (groups != null) {
            for (int i = 0; i < groups.size(); i++) {
                long g = groups.get(i).asLong();
                if (g < 0 || g > Integer.MAX_VALUE) {
                    errs.invalid(fld.child("supplementalGroups").index(i), g,
                            Names.inclusiveRangeError(0, Integer.MAX_VALUE));
                }
            }
        }
        return errs;
    }

    /** {@code ValidatePodUpdate}. */
    static ErrorList update(ObjectNode pod, ObjectNode old) {
        ErrorList errs = MetaValidation.validateUpdate(pod, old);
        errs.addAll(metadataAndSpec(pod));
        ObjectNode spec = orEmpty(Tree.obj(pod, "spec"));
        ObjectNode oldSpec = orEmpty(Tree.obj(old, "spec"));
        Path specPath = Path.of("spec");
        for (String list : List.of("containers", "initContainers")) {
            List<ObjectNode> now = Tree.objects(spec, list);
            List<ObjectNode> before = Tree.objects(oldSpec, list);
            if (now.size() != before.size()) {
                return errs.forbidden(specPath.child(list), "pod updates may not add or remove containers");
            }
            for (int i = 0; i < now.size(); i++) {
                String image = Tree.str(now.get(i), "image");
                if (image.isEmpty()) {
                    errs.required(specPath.child(list).index(i).child("image"), "");
                }
                if (image.strip().length() != image.length()) {
                    errs.invalid(specPath.child(list).index(i).child("image"), image,
                            "must not have leading or trailing whitespace");
                }
            }
        }
        Long deadline = Tree.lng(spec, "activeDeadlineSeconds");
        Long oldDeadline = Tree.lng(oldSpec, "activeDeadlineSeconds");
        if (deadline != null) {
            if (deadline < 0 || deadline > Integer.MAX_VALUE) {
                return errs.invalid(specPath.child("activeDeadlineSeconds"), deadline,
                        Names.inclusiveRangeError(0, Integer.MAX_VALUE));
            }
            if (oldDeadline != null && oldDeadline < deadline) {
                return errs.invalid(specPath.child("activeDeadlineSeconds"), deadline,
                        "must be less than or equal to previous value");
            }
        } else if (oldDeadline != null) {
            errs.invalid(specPath.child("activeDeadlineSeconds"), null,
                    "must not update from a positive integer to nil value");
        }
        errs.addAll(onlyAddedTolerations(Tree.objects(spec, "tolerations"), Tree.objects(oldSpec, "tolerations"),
                specPath.child("tolerations")));
        errs.addAll(onlyDeletedSchedulingGates(spec, oldSpec, specPath.child("schedulingGates")));
        if (Tree.semanticEqual(spec, oldSpec)) {
            return errs;
        }
        ObjectNode munged = spec.deepCopy();
        for (String list : List.of("containers", "initContainers")) {
            List<ObjectNode> now = Tree.objects(munged, list);
            List<ObjectNode> before = Tree.objects(oldSpec, list);
            for (int i = 0; i < now.size(); i++) {
                copyField(now.get(i), before.get(i), "image");
            }
        }
        copyField(munged, oldSpec, "activeDeadlineSeconds");
        copyField(munged, oldSpec, "schedulingGates");
        copyField(munged, oldSpec, "tolerations");
        Long oldGrace = Tree.lng(oldSpec, "terminationGracePeriodSeconds");
        Long grace = Tree.lng(munged, "terminationGracePeriodSeconds");
        if (oldGrace != null && oldGrace < 0 && grace != null && grace == 1) {
            copyField(munged, oldSpec, "terminationGracePeriodSeconds");
        }
        if (!Tree.semanticEqual(munged, oldSpec)) {
            errs.forbidden(specPath, UPDATABLE_FIELDS + "\n" + diff(oldSpec, munged));
        }
        return errs;
    }

    private static ObjectNode orEmpty(ObjectNode node) {
        return node == null ? Tree.NODES.objectNode() : node;
    }

    private static void copyField(ObjectNode target, ObjectNode source, String field) {
        JsonNode v = source == null ? null : source.get(field);
        if (v == null) {
            target.remove(field);
        } else {
            target.set(field, v.deepCopy());
        }
    }

    /** {@code validateOnlyAddedTolerations}: existing tolerations may only change their tolerationSeconds. */
    private static ErrorList onlyAddedTolerations(List<ObjectNode> now, List<ObjectNode> before, Path fld) {
        ErrorList errs = new ErrorList();
        for (ObjectNode old : before) {
            boolean found = false;
            for (ObjectNode t : now) {
                ObjectNode a = old.deepCopy();
                ObjectNode b = t.deepCopy();
                a.remove("tolerationSeconds");
                b.remove("tolerationSeconds");
                if (Tree.semanticEqual(a, b)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return errs.forbidden(fld, "existing toleration can not be modified except its tolerationSeconds");
            }
        }
        return errs.addAll(Scheduling.tolerations(now, fld));
    }

    private static ErrorList onlyDeletedSchedulingGates(ObjectNode spec, ObjectNode oldSpec, Path fld) {
        ErrorList errs = new ErrorList();
        List<ObjectNode> gates = Tree.objects(spec, "schedulingGates");
        Set<String> old = new HashSet<>();
        Tree.objects(oldSpec, "schedulingGates").forEach(g -> old.add(Tree.str(g, "name")));
        for (int i = 0; i < gates.size(); i++) {
            String name = Tree.str(gates.get(i), "name");
            if (!old.contains(name)) {
                errs.forbidden(fld.index(i).child("name"),
                        "only deletion is allowed, but found new scheduling gate '" + name + "'");
            }
        }
        return errs;
    }

    /**
     * A compact rendering of the changed top-level spec fields in the shape of go-cmp's diff (upstream prints
     * {@code cmp.Diff} of the internal structs; field values here are JSON).
     */
    static String diff(ObjectNode before, ObjectNode after) {
        Set<String> fields = new TreeSet<>();
        before.propertyNames().forEach(fields::add);
        after.propertyNames().forEach(fields::add);
        StringBuilder sb = new StringBuilder("  core.PodSpec{\n");
        for (String f : fields) {
            JsonNode a = before.get(f);
            JsonNode b = after.get(f);
            if (Tree.semanticEqual(a, b)) {
                continue;
            }
            String goName = Character.toUpperCase(f.charAt(0)) + f.substring(1);
            if (Tree.present(a)) {
                sb.append("- \t").append(goName).append(": ").append(a).append(",\n");
            }
            if (Tree.present(b)) {
                sb.append("+ \t").append(goName).append(": ").append(b).append(",\n");
            }
        }
        return sb.append("  }\n").toString();
    }

    /** {@code ValidatePodStatusUpdate}. */
    static ErrorList statusUpdate(ObjectNode pod, ObjectNode old) {
        ErrorList errs = MetaValidation.validateUpdate(pod, old);
        Path meta = Path.of("metadata");
        ObjectNode status = Tree.obj(pod, "status");
        ObjectNode oldStatus = Tree.obj(old, "status");
        List<ObjectNode> conditions = Tree.objects(status, "conditions");
        Set<String> system = Set.of("PodScheduled", "Ready", "Initialized");
        for (int i = 0; i < conditions.size(); i++) {
            String type = Tree.str(conditions.get(i), "type");
            if (!system.contains(type)) {
                errs.invalidEach(meta.child("conditions").index(i).child("Type"), type, Names.qualifiedName(type));
            }
        }
        Path fld = Path.of("status");
        String nominated = Tree.str(status, "nominatedNodeName");
        if (!nominated.equals(Tree.str(oldStatus, "nominatedNodeName")) && !nominated.isEmpty()) {
            errs.invalidEach(fld.child("nominatedNodeName"), nominated, Names.nameIsDnsSubdomain(nominated, false));
        }
        String qos = Tree.str(status, "qosClass");
        if (!qos.equals(Tree.str(oldStatus, "qosClass"))) {
            errs.invalid(fld.child("qosClass"), qos, MetaValidation.FIELD_IMMUTABLE);
        }
        String restartPolicy = Tree.str(Tree.obj(old, "spec"), "restartPolicy");
        errs.addAll(stateTransitions(Tree.objects(status, "containerStatuses"),
                Tree.objects(oldStatus, "containerStatuses"), fld.child("containerStatuses"), restartPolicy));
        List<ObjectNode> podIPs = Tree.objects(status, "podIPs");
        for (int i = 0; i < podIPs.size(); i++) {
            String ip = Tree.str(podIPs.get(i), "ip");
            errs.invalidEach(fld.child("podIPs").index(i), ip, Names.ip(ip));
        }
        List<ObjectNode> hostIPs = Tree.objects(status, "hostIPs");
        if (!hostIPs.isEmpty()) {
            String first = Tree.str(hostIPs.getFirst(), "ip");
            if (!first.equals(Tree.str(status, "hostIP"))) {
                errs.invalid(fld.child("hostIPs").index(0).child("ip"), first, "must be equal to `hostIP`");
            }
            for (int i = 0; i < hostIPs.size(); i++) {
                String ip = Tree.str(hostIPs.get(i), "ip");
                errs.invalidEach(fld.child("hostIPs").index(i), ip, Names.ip(ip));
            }
        }
        return errs;
    }

    /** {@code ValidateContainerStateTransition}: a terminated container may not run again unless it may restart. */
    private static ErrorList stateTransitions(List<ObjectNode> now, List<ObjectNode> before, Path fld,
            String restartPolicy) {
        ErrorList errs = new ErrorList();
        if (restartPolicy.equals("Always")) {
            return errs;
        }
        for (int i = 0; i < before.size(); i++) {
            ObjectNode terminated = Tree.obj(Tree.obj(before.get(i), "state"), "terminated");
            if (terminated == null) {
                continue;
            }
            if (Tree.lng0(terminated, "exitCode") != 0 && restartPolicy.equals("OnFailure")) {
                continue;
            }
            String name = Tree.str(before.get(i), "name");
            for (ObjectNode s : now) {
                if (name.equals(Tree.str(s, "name")) && Tree.obj(Tree.obj(s, "state"), "terminated") == null) {
                    errs.forbidden(fld.index(i).child("state"), "may not be transitioned to non-terminated state");
                }
            }
        }
        return errs;
    }

    /** The pod's QoS class ({@code ComputePodQOS}, pkg/apis/core/helper/qos/qos.go). */
    static String qosClass(ObjectNode spec) {
        Map<String, Quantity> requests = new HashMap<>();
        Map<String, Quantity> limits = new HashMap<>();
        boolean guaranteed = true;
        List<ObjectNode> all = new ArrayList<>(Tree.objects(spec, "containers"));
        all.addAll(Tree.objects(spec, "initContainers"));
        for (ObjectNode c : all) {
            ObjectNode resources = Tree.obj(c, "resources");
            accumulate(Tree.obj(resources, "requests"), requests, null);
            Set<String> found = new HashSet<>();
            accumulate(Tree.obj(resources, "limits"), limits, found);
            if (!found.containsAll(List.of("cpu", "memory"))) {
                guaranteed = false;
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return "BestEffort";
        }
        if (guaranteed) {
            for (Map.Entry<String, Quantity> e : requests.entrySet()) {
                Quantity lim = limits.get(e.getKey());
                if (lim == null || lim.compareTo(e.getValue()) != 0) {
                    guaranteed = false;
                    break;
                }
            }
        }
        return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
    }

    private static void accumulate(ObjectNode list, Map<String, Quantity> into,
            Set<String> found) {
        for (Map.Entry<String, JsonNode> e : ResourceRules.sorted(list).entrySet()) {
            if (!ResourceRules.isQosResource(e.getKey())) {
                continue;
            }
            Quantity q = ResourceRules.quantity(e.getValue());
            if (q == null || q.signum() <= 0) {
                continue;
            }
            if (found != null) {
                found.add(e.getKey());
            }
            into.merge(e.getKey(), q, Quantity::plus);
        }
    }
}
