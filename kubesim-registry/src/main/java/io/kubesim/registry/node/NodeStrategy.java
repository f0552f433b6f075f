package io.kubesim.registry.node;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.GoValue;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.NameRule;
import io.kubesim.registry.meta.Names;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.pod.PodDefaults;
import io.kubesim.registry.pod.PodStrategy;
import io.kubesim.registry.pod.ResourceRules;
import io.kubesim.registry.pod.Scheduling;
import io.kubesim.registry.quantity.Quantity;
import io.kubesim.registry.strategy.Strategy;

/**
 * Nodes (pkg/registry/core/node/strategy.go, {@code ValidateNode}/{@code ValidateNodeUpdate} of
 * pkg/apis/core/validation/validation.go, {@code SetDefaults_NodeStatus} of pkg/apis/core/v1/defaults.go): every
 * field, status included, may be set on create; an update of the main resource keeps the stored status; taints need
 * a qualified-name key, a label value and a supported effect, and are unique per key and effect (upstream reports
 * them under {@code metadata.taints}, which this keeps).
 */
public final class NodeStrategy implements Strategy {

    @Override
    public ResourceType type() {
        return Resources.NODES;
    }

    @Override
    public void defaults(ObjectNode node) {
        ObjectNode status = Tree.obj(node, "status");
        if (status != null) {
            PodDefaults.resourceList(Tree.obj(status, "capacity"));
            PodDefaults.resourceList(Tree.obj(status, "allocatable"));
            if (!Tree.has(status, "allocatable") && Tree.has(status, "capacity")) {
                status.set("allocatable", status.get("capacity").deepCopy());
            }
        }
        ObjectNode spec = Tree.obj(node, "spec");
        if (spec != null) {
            List<String> cidrs = Tree.strings(spec, "podCIDRs");
            String cidr = Tree.str(spec, "podCIDR");
            if (cidrs.isEmpty() && !cidr.isEmpty()) {
                spec.putArray("podCIDRs").add(cidr);
            } else if (!cidrs.isEmpty()) {
                spec.put("podCIDR", cidrs.getFirst());
            }
        }
    }

    @Override
    public ErrorList validate(ObjectNode node) {
        ErrorList errs = MetaValidation.validateCreate(node, false, NameRule.DNS_SUBDOMAIN);
        ObjectNode spec = Tree.obj(node, "spec");
        errs.addAll(taints(Tree.objects(spec, "taints"), Path.of("metadata", "taints")));
        errs.addAll(resources(node));
        List<String> cidrs = Tree.strings(spec, "podCIDRs");
        Path cidrPath = Path.of("spec", "podCIDRs");
        for (int i = 0; i < cidrs.size(); i++) {
            errs.invalidEach(cidrPath.index(i), cidrs.get(i), Names.cidr(cidrs.get(i)));
        }
        if (cidrs.size() > 1) {
            boolean v4 = cidrs.stream().anyMatch(c -> c.contains("."));
            boolean v6 = cidrs.stream().anyMatch(c -> c.contains(":"));
            if (cidrs.size() > 2 || !(v4 && v6)) {
                errs.invalid(cidrPath, GoValue.stringSlice(spec.get("podCIDRs")),
                        "may specify no more than one CIDR for each IP family");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < cidrs.size(); i++) {
                if (!seen.add(cidrs.get(i))) {
                    errs.duplicate(cidrPath.index(i), cidrs.get(i));
                }
            }
        }
        return errs;
    }

    @Override
    public void prepareForUpdate(ObjectNode node, ObjectNode old) {
        PodStrategy.keepStatus(node, old);
    }

    @Override
    public ErrorList validateUpdate(ObjectNode node, ObjectNode old) {
        return validate(node).addAll(validateNodeUpdate(node, old));
    }

    @Override
    public ErrorList validateStatusUpdate(ObjectNode node, ObjectNode old) {
        return validateNodeUpdate(node, old);
    }

    private static ErrorList validateNodeUpdate(ObjectNode node, ObjectNode old) {
        ErrorList errs = MetaValidation.validateUpdate(node, old);
        errs.addAll(resources(node));
        List<ObjectNode> addresses = Tree.objects(Tree.obj(node, "status"), "addresses");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < addresses.size(); i++) {
            ObjectNode a = addresses.get(i);
            if (!seen.add(Tree.str(a, "type") + "\u0000" + Tree.str(a, "address"))) {
                errs.duplicate(Path.of("status", "addresses").index(i), GoValue.nodeAddress(a));
            }
        }
        ObjectNode spec = Tree.obj(node, "spec");
        ObjectNode oldSpec = Tree.obj(old, "spec");
        List<String> oldCidrs = Tree.strings(oldSpec, "podCIDRs");
        if (!oldCidrs.isEmpty() && !oldCidrs.equals(Tree.strings(spec, "podCIDRs"))) {
            errs.forbidden(Path.of("spec", "podCIDRs"), "node updates may not change podCIDR except from \"\" to valid");
        }
        String oldProvider = Tree.str(oldSpec, "providerID");
        if (!oldProvider.isEmpty() && !oldProvider.equals(Tree.str(spec, "providerID"))) {
            errs.forbidden(Path.of("spec", "providerID"),
                    "node updates may not change providerID except from \"\" to valid");
        }
        errs.addAll(taints(Tree.objects(spec, "taints"), Path.of("metadata", "taints")));
        if (!Tree.str(spec, "externalID").equals(Tree.str(oldSpec, "externalID"))) {
            errs.forbidden(Path.of("spec", "externalID"), "may not be updated");
        }
        return errs;
    }

    /** {@code validateNodeTaints}. */
    static ErrorList taints(List<ObjectNode> taints, Path fld) {
        ErrorList errs = new ErrorList();
        Set<String> unique = new HashSet<>();
        for (int i = 0; i < taints.size(); i++) {
            ObjectNode t = taints.get(i);
            Path p = fld.index(i);
            String key = Tree.str(t, "key");
            errs.invalidEach(p.child("key"), key, Names.qualifiedName(key));
            String value = Tree.str(t, "value");
            List<String> msgs = Names.labelValue(value);
            if (!msgs.isEmpty()) {
                errs.invalid(p.child("value"), value, String.join(";", msgs));
            }
            String effect = Tree.str(t, "effect");
            errs.addAll(Scheduling.taintEffect(effect, false, p.child("effect")));
            if (!unique.add(effect + "\u0000" + key)) {
                errs.duplicate(p, GoValue.taint(t), "taints must be unique by key and effect pair");
            }
        }
        return errs;
    }

    /** {@code ValidateNodeResources}: capacity and allocatable quantities. */
    private static ErrorList resources(ObjectNode node) {
        ErrorList errs = new ErrorList();
        ObjectNode status = Tree.obj(node, "status");
        for (String list : List.of("capacity", "allocatable")) {
            ObjectNode rl = Tree.obj(status, list);
            if (rl == null) {
                continue;
            }
            Map<String, JsonNode> sorted = new TreeMap<>();
            rl.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                Quantity q = ResourceRules.quantity(e.getValue());
                if (q != null) {
                    errs.addAll(ResourceRules.quantityValue(e.getKey(), q,
                            Path.of("status", list, e.getKey())));
                }
            }
        }
        return errs;
    }
}
