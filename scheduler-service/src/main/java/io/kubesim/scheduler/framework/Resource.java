package io.kubesim.scheduler.framework;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.Quantity;

/**
 * Amounts of resources as integers (pkg/scheduler/framework/types.go {@code Resource}, Kubernetes 1.32): cpu in
 * millicores, memory and ephemeral storage in bytes, the allowed pod count, and scalar (extended, hugepages,
 * attachable-volume) resources. Immutable.
 */
public record Resource(long milliCpu, long memory, long ephemeralStorage, long allowedPodNumber,
                       Map<String, Long> scalar) {

    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";

    public static final Resource ZERO = new Resource(0, 0, 0, 0, Map.of());

    public Resource {
        scalar = scalar.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(scalar));
    }

    /** A resource list (node allocatable, a container's requests) in integers; quantities are rounded up. */
    public static Resource of(Map<String, Quantity> list) {
        if (list == null || list.isEmpty()) {
            return ZERO;
        }
        Map<String, BigDecimal> amounts = new TreeMap<>();
        list.forEach((name, q) -> amounts.put(name, amount(q)));
        return ofAmounts(amounts);
    }

    /** Exact decimal amounts converted to integers the way upstream does ({@code MilliValue}/{@code Value}). */
    static Resource ofAmounts(Map<String, BigDecimal> amounts) {
        long cpu = 0;
        long memory = 0;
        long ephemeral = 0;
        long pods = 0;
        Map<String, Long> scalar = new TreeMap<>();
        for (Map.Entry<String, BigDecimal> e : amounts.entrySet()) {
            switch (e.getKey()) {
                case CPU -> cpu = milliValue(e.getValue());
                case MEMORY -> memory = value(e.getValue());
                case EPHEMERAL_STORAGE -> ephemeral = value(e.getValue());
                case PODS -> pods = value(e.getValue());
                default -> {
                    if (isScalarResourceName(e.getKey())) {
                        scalar.put(e.getKey(), value(e.getValue()));
                    }
                }
            }
        }
        return new Resource(cpu, memory, ephemeral, pods, scalar);
    }

    static BigDecimal amount(Quantity quantity) {
        return quantity == null || quantity.getAmount() == null ? BigDecimal.ZERO : quantity.getNumericalAmount();
    }

    static long milliValue(BigDecimal amount) {
        return amount.movePointRight(3).setScale(0, RoundingMode.CEILING).longValue();
    }

    static long value(BigDecimal amount) {
        return amount.setScale(0, RoundingMode.CEILING).longValue();
    }

    /**
     * Extended, prefixed-native, hugepages and attachable-volume resources (pkg/scheduler/util/utils.go
     * {@code IsScalarResourceName}).
     */
    public static boolean isScalarResourceName(String name) {
        return isExtendedResourceName(name) || name.startsWith("hugepages-") || name.contains("kubernetes.io/")
                || name.startsWith("attachable-volumes-");
    }

    /** A resource name with a domain outside kubernetes.io (pkg/apis/core/v1/helper {@code IsExtendedResourceName}). */
    public static boolean isExtendedResourceName(String name) {
        return name.contains("/") && !name.contains("kubernetes.io/") && !name.startsWith("requests.");
    }

    public long scalar(String name) {
        Long v = scalar.get(name);
        return v == null ? 0 : v;
    }

    public boolean isZero() {
        return milliCpu == 0 && memory == 0 && ephemeralStorage == 0 && scalar.isEmpty();
    }

    public Resource plus(Resource other) {
        return combine(other, 1);
    }

    public Resource minus(Resource other) {
        return combine(other, -1);
    }

    private Resource combine(Resource other, long sign) {
        Map<String, Long> s = scalar;
        if (!other.scalar.isEmpty()) {
            s = new TreeMap<>(scalar);
            for (Map.Entry<String, Long> e : other.scalar.entrySet()) {
                s.merge(e.getKey(), sign * e.getValue(), Long::sum);
            }
        }
        return new Resource(milliCpu + sign * other.milliCpu, memory + sign * other.memory,
                ephemeralStorage + sign * other.ephemeralStorage, allowedPodNumber + sign * other.allowedPodNumber, s);
    }
}
