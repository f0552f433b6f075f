package io.kubesim.registry.admission;

import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.Resources;
import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.Statuses;
import io.kubesim.registry.meta.Tree;

/**
 * Priority (plugin/pkg/admission/priority/admission.go): a new pod's {@code spec.priority} and
 * {@code spec.preemptionPolicy} come from its PriorityClass, or from the global default class, else 0 and
 * {@code PreemptLowerPriority}; a missing class or a conflicting explicit value is Forbidden; updates keep the
 * stored values. Only one PriorityClass may be the global default. The two system classes exist even when the
 * store does not hold them (kube-apiserver creates them at start-up).
 */
record PriorityAdmission() implements AdmissionPlugin {

    private static final Map<String, Long> SYSTEM_CLASSES = Map.of("system-cluster-critical", 2_000_000_000L,
            "system-node-critical", 2_000_001_000L);

    @Override
    public void admit(Attributes a) {
        if (a.type() != Resources.PODS) {
            return;
        }
        ObjectNode spec = Tree.ensureObj(a.object(), "spec");
        if (!a.isCreate()) {
            ObjectNode oldSpec = Tree.obj(a.old(), "spec");
            for (String f : new String[] {"priority", "preemptionPolicy"}) {
                if (!Tree.has(spec, f) && Tree.has(oldSpec, f)) {
                    spec.set(f, oldSpec.get(f).deepCopy());
                }
            }
            return;
        }
        String className = Tree.str(spec, "priorityClassName");
        long priority;
        String policy;
        if (className.isEmpty()) {
            Optional<ObjectNode> def = defaultClass(a);
            priority = def.map(pc -> Tree.lng0(pc, "value")).orElse(0L);
            policy = def.map(pc -> Tree.str(pc, "preemptionPolicy")).orElse("PreemptLowerPriority");
            if (def.isPresent()) {
                spec.put("priorityClassName", Tree.name(def.get()));
            }
        } else {
            Optional<ObjectNode> pc = a.state().get(Resources.PRIORITY_CLASSES.ref(null, className).key());
            if (pc.isPresent()) {
                priority = Tree.lng0(pc.get(), "value");
                policy = Tree.str(pc.get(), "preemptionPolicy");
            } else if (SYSTEM_CLASSES.containsKey(className)) {
                priority = SYSTEM_CLASSES.get(className);
                policy = "PreemptLowerPriority";
            } else {
                throw forbidden(a, "no PriorityClass with name " + className + " was found");
            }
        }
        Long given = Tree.lng(spec, "priority");
        if (given != null && given != priority) {
            throw forbidden(a, "the integer value of priority (" + given + ") must not be provided in pod spec; "
                    + "priority admission controller computed " + priority + " from the given PriorityClass name");
        }
        spec.put("priority", priority);
        if (!policy.isEmpty()) {
            String givenPolicy = Tree.str(spec, "preemptionPolicy");
            if (Tree.has(spec, "preemptionPolicy") && !givenPolicy.equals(policy)) {
                throw forbidden(a, "the string value of PreemptionPolicy (" + givenPolicy + ") must not be provided "
                        + "in pod spec; priority admission controller computed " + policy
                        + " from the given PriorityClass name");
            }
            spec.put("preemptionPolicy", policy);
        }
    }

    @Override
    public void validate(Attributes a) {
        if (a.type() != Resources.PRIORITY_CLASSES || !Tree.isTrue(a.object(), "globalDefault")) {
            return;
        }
        Optional<ObjectNode> def = defaultClass(a);
        if (def.isPresent() && (a.isCreate() || !Tree.name(def.get()).equals(Tree.name(a.object())))) {
            throw forbidden(a, "PriorityClass " + Tree.name(def.get())
                    + " is already marked as default. Only one default can exist");
        }
    }

    /** The global default class with the lowest value, as upstream picks it when several exist. */
    private static Optional<ObjectNode> defaultClass(Attributes a) {
        ObjectNode best = null;
        for (ObjectNode pc : a.state().list(prefix())) {
            if (Tree.isTrue(pc, "globalDefault") && (best == null || Tree.lng0(best, "value") > Tree.lng0(pc,
                    "value"))) {
                best = pc;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String prefix() {
        return io.kubesim.model.resource.ObjectRef.prefix(Resources.PRIORITY_CLASSES.qualifiedName(), null);
    }

    private static ApiException forbidden(Attributes a, String why) {
        return new ApiException(Statuses.forbidden(a.type().group(), a.type().plural(), Tree.name(a.object()), why));
    }
}
