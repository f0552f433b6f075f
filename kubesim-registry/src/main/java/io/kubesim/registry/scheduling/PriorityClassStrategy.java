package io.kubesim.registry.scheduling;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.NameRule;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.strategy.Strategy;

/**
 * PriorityClasses ({@code ValidatePriorityClass}/{@code ValidatePriorityClassUpdate} of
 * pkg/apis/scheduling/validation/validation.go, {@code SetDefaults_PriorityClass}): user classes at most one
 * billion, {@code system-} names reserved for the two system classes, value and preemption policy immutable.
 */
public final class PriorityClassStrategy implements Strategy {

    public static final long HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000L;
    private static final Map<String, Long> SYSTEM_CLASSES = Map.of("system-cluster-critical", 2_000_000_000L,
            "system-node-critical", 2_000_001_000L);

    @Override
    public ResourceType type() {
        return Resources.PRIORITY_CLASSES;
    }

    @Override
    public void defaults(ObjectNode pc) {
        if (!Tree.has(pc, "preemptionPolicy")) {
            pc.put("preemptionPolicy", "PreemptLowerPriority");
        }
    }

    @Override
    public ErrorList validate(ObjectNode pc) {
        ErrorList errs = MetaValidation.validateCreate(pc, false, NameRule.DNS_SUBDOMAIN);
        String name = Tree.name(pc);
        long value = Tree.lng0(pc, "value");
        if (name.startsWith("system-")) {
            String problem = null;
            Long known = SYSTEM_CLASSES.get(name);
            if (known == null) {
                problem = name + " is not a known system priority class";
            } else if (known != value) {
                problem = "value of " + name + " PriorityClass must be " + known;
            } else if (Tree.isTrue(pc, "globalDefault")) {
                problem = "globalDefault of " + name + " PriorityClass must be false";
            }
            if (problem != null) {
                errs.forbidden(Path.of("metadata", "name"),
                        "priority class names with 'system-' prefix are reserved for system use only. error: "
                                + problem);
            }
        } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
            errs.forbidden(Path.of("value"), "maximum allowed value of a user defined priority is "
                    + HIGHEST_USER_DEFINABLE_PRIORITY);
        }
        if (Tree.has(pc, "preemptionPolicy")) {
            String policy = Tree.str(pc, "preemptionPolicy");
            if (!policy.equals("PreemptLowerPriority") && !policy.equals("Never")) {
                errs.notSupported(Path.of("preemptionPolicy"), policy, List.of("PreemptLowerPriority", "Never"));
            }
        }
        return errs;
    }

    @Override
    public ErrorList validateUpdate(ObjectNode pc, ObjectNode old) {
        ErrorList errs = MetaValidation.validateUpdate(pc, old);
        if (Tree.lng0(pc, "value") != Tree.lng0(old, "value")) {
            errs.forbidden(Path.of("value"), "may not be changed in an update.");
        }
        String policy = Tree.str(pc, "preemptionPolicy");
        if (!policy.equals(Tree.str(old, "preemptionPolicy"))) {
            errs.invalid(Path.of("preemptionPolicy"), policy, MetaValidation.FIELD_IMMUTABLE);
        }
        return errs;
    }
}
