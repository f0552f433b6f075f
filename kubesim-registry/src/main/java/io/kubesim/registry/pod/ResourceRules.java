package io.kubesim.registry.pod;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.GoValue;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.Names;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.quantity.Quantity;
import io.kubesim.registry.quantity.QuantityException;

/**
 * Resource names and quantities (pkg/apis/core/helper/helpers.go, pkg/apis/core/v1/helper/helpers.go and
 * {@code validateResourceRequirements}/{@code ValidateResourceQuantityValue} of
 * pkg/apis/core/validation/validation.go): standard vs extended names, which resources may be overcommitted
 * (extended resources and hugepages may not: request must equal limit), which must be integers.
 */
public final class ResourceRules {

    private static final Set<String> STANDARD_CONTAINER = Set.of("cpu", "memory", "ephemeral-storage");
    private static final Set<String> STANDARD = Set.of("cpu", "memory", "ephemeral-storage", "requests.cpu",
            "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory",
            "limits.ephemeral-storage", "pods", "resourcequotas", "services", "replicationcontrollers", "secrets",
            "persistentvolumeclaims", "configmaps", "storage", "requests.storage", "services.nodeports",
            "services.loadbalancers", "count/pods");
    private static final Set<String> INTEGER = Set.of("pods", "resourcequotas", "services",
            "replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims", "services.nodeports",
            "services.loadbalancers");
    private static final Set<String> QOS = Set.of("cpu", "memory");

    private ResourceRules() {
    }

    public static boolean isHugePages(String name) {
        return name.startsWith("hugepages-");
    }

    public static boolean isNative(String name) {
        return !name.contains("/") || name.contains("kubernetes.io/");
    }

    public static boolean isExtended(String name) {
        return !isNative(name) && !name.startsWith("requests.")
                && Names.qualifiedName("requests." + name).isEmpty();
    }

    /** Only native resources other than hugepages may have requests below limits. */
    public static boolean overcommitAllowed(String name) {
        return isNative(name) && !isHugePages(name);
    }

    static boolean isQosResource(String name) {
        return QOS.contains(name);
    }

    /** Parses a quantity that passed the decode check; null when it did not. */
    public static Quantity quantity(JsonNode value) {
        if (value == null || !(value.isString() || value.isNumber())) {
            return null;
        }
        try {
            return Quantity.parse(value.isString() ? value.stringValue() : value.toString());
        } catch (QuantityException e) {
            return null;
        }
    }

    /** {@code ValidateResourceQuantityValue}: non-negative, whole for integer resources. */
    public static ErrorList quantityValue(String name, Quantity q, Path path) {
        ErrorList errs = new ErrorList();
        if (q.signum() < 0) {
            errs.invalid(path, q.toString(), MetaValidation.IS_NEGATIVE);
        }
        if ((INTEGER.contains(name) || isExtended(name)) && !q.isInteger()) {
            errs.invalid(path, GoValue.quantity(q.toString(), q.value(), q.format() == Quantity.Format.BINARY_SI),
                    "must be an integer");
        }
        return errs;
    }

    /** {@code validateContainerResourceName}. */
    static ErrorList containerResourceName(String name, Path path) {
        ErrorList errs = resourceName(name, path);
        if (name.split("/", -1).length == 1) {
            if (!STANDARD_CONTAINER.contains(name) && !isHugePages(name)) {
                errs.invalid(path, name, "must be a standard resource for containers");
            }
        } else if (!isNative(name) && !isExtended(name)) {
            errs.invalid(path, name, "doesn't follow extended resource name standard");
        }
        return errs;
    }

    private static ErrorList resourceName(String name, Path path) {
        ErrorList errs = new ErrorList();
        List<String> msgs = Names.qualifiedName(name);
        if (!msgs.isEmpty()) {
            return errs.invalidEach(path, name, msgs);
        }
        if (name.split("/", -1).length == 1 && !STANDARD.contains(name) && !isHugePages(name)
                && !name.startsWith("requests.hugepages-")) {
            errs.invalid(path, name, "must be a standard resource type or fully qualified");
        }
        return errs;
    }

    /** {@code ValidateContainerResourceRequirements}; keys are checked in sorted order. */
    static ErrorList requirements(ObjectNode resources, Path path) {
        ErrorList errs = new ErrorList();
        Path limPath = path.child("limits");
        Path reqPath = path.child("requests");
        ObjectNode limits = Tree.obj(resources, "limits");
        ObjectNode requests = Tree.obj(resources, "requests");
        for (Map.Entry<String, JsonNode> e : sorted(limits).entrySet()) {
            Path fp = limPath.key(e.getKey());
            errs.addAll(containerResourceName(e.getKey(), fp));
            Quantity q = quantity(e.getValue());
            if (q != null) {
                errs.addAll(quantityValue(e.getKey(), q, fp));
            }
        }
        for (Map.Entry<String, JsonNode> e : sorted(requests).entrySet()) {
            String name = e.getKey();
            Path fp = reqPath.key(name);
            errs.addAll(containerResourceName(name, fp));
            Quantity q = quantity(e.getValue());
            if (q == null) {
                continue;
            }
            errs.addAll(quantityValue(name, q, fp));
            Quantity limit = limits == null ? null : quantity(limits.get(name));
            if (limits != null && limits.has(name) && limit != null) {
                if (q.compareTo(limit) != 0 && !overcommitAllowed(name)) {
                    errs.invalid(reqPath, q.toString(), "must be equal to " + name + " limit of " + limit);
                } else if (q.compareTo(limit) > 0) {
                    errs.invalid(reqPath, q.toString(), "must be less than or equal to " + name + " limit of "
                            + limit);
                }
            } else if (!overcommitAllowed(name)) {
                errs.required(limPath, "Limit must be set for non overcommitable resources");
            }
        }
        return errs;
    }

    static Map<String, JsonNode> sorted(ObjectNode map) {
        Map<String, JsonNode> out = new TreeMap<>();
        if (map != null) {
            for (Map.Entry<String, JsonNode> e : map.properties()) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
