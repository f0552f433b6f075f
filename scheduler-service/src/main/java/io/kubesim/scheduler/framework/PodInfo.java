package io.kubesim.scheduler.framework;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.kubesim.model.clock.KubeTime;

/**
 * A pod with everything the plugins need computed once (pkg/scheduler/framework/types.go {@code PodInfo},
 * Kubernetes 1.32): requests, parsed affinity terms, host ports. Immutable; the wrapped {@link Pod} is never
 * modified.
 */
public final class PodInfo {

    private static final Interner<Map<String, String>, Map<String, String>> LABELS = new Interner<>(16_384);
    private static final Interner<TermsKey, List<AffinityTerm>> TERMS = new Interner<>(16_384);
    private static final Interner<TermsKey, List<WeightedAffinityTerm>> WEIGHTED_TERMS = new Interner<>(16_384);

    /** Affinity terms as written, with the namespace of their pod (which they default to). */
    private record TermsKey(List<?> terms, String namespace) {
    }

    private final Pod pod;
    private final String uid;
    private final String namespace;
    private final String name;
    private final Map<String, String> labels;
    private final int priority;
    private final Resource requests;
    private final long nonZeroMilliCpu;
    private final long nonZeroMemory;
    private final List<AffinityTerm> requiredAffinityTerms;
    private final List<AffinityTerm> requiredAntiAffinityTerms;
    private final List<WeightedAffinityTerm> preferredAffinityTerms;
    private final List<WeightedAffinityTerm> preferredAntiAffinityTerms;
    private final boolean withAffinity;
    private final List<HostPortInfo.HostPort> hostPorts;
    private final List<Toleration> tolerations;
    private final Instant startTime;
    private final boolean terminating;

    private PodInfo(Pod pod) {
        this.pod = pod;
        this.uid = pod.getMetadata().getUid();
        this.namespace = pod.getMetadata().getNamespace() == null ? "" : pod.getMetadata().getNamespace().intern();
        this.name = pod.getMetadata().getName();
        Map<String, String> l = pod.getMetadata().getLabels();
        this.labels = l == null || l.isEmpty() ? Map.of() : LABELS.intern(immutableLabels(l), k -> k);
        PodSpec spec = pod.getSpec();
        this.priority = spec == null || spec.getPriority() == null ? 0 : spec.getPriority();
        this.requests = PodRequests.actual(pod);
        Resource nonZero = PodRequests.nonZero(pod);
        this.nonZeroMilliCpu = nonZero.milliCpu();
        this.nonZeroMemory = nonZero.memory();
        Affinity affinity = spec == null ? null : spec.getAffinity();
        var podAffinity = affinity == null ? null : affinity.getPodAffinity();
        var podAntiAffinity = affinity == null ? null : affinity.getPodAntiAffinity();
        this.withAffinity = podAffinity != null || podAntiAffinity != null;
        this.requiredAffinityTerms = podAffinity == null ? List.of()
                : terms(podAffinity.getRequiredDuringSchedulingIgnoredDuringExecution());
        this.requiredAntiAffinityTerms = podAntiAffinity == null ? List.of()
                : terms(podAntiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution());
        this.preferredAffinityTerms = podAffinity == null ? List.of()
                : weightedTerms(podAffinity.getPreferredDuringSchedulingIgnoredDuringExecution());
        this.preferredAntiAffinityTerms = podAntiAffinity == null ? List.of()
                : weightedTerms(podAntiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution());
        this.hostPorts = hostPorts(spec);
        this.tolerations = spec == null || spec.getTolerations() == null ? List.of() : spec.getTolerations();
        this.startTime = pod.getStatus() == null || pod.getStatus().getStartTime() == null ? null
                : KubeTime.parse(pod.getStatus().getStartTime());
        this.terminating = pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** An immutable copy; a null value (invalid, but possible in a decoded object) becomes "". */
    private static Map<String, String> immutableLabels(Map<String, String> labels) {
        if (!labels.containsValue(null)) {
            return Map.copyOf(labels);
        }
        Map<String, String> copy = new java.util.HashMap<>();
        labels.forEach((k, v) -> copy.put(k, v == null ? "" : v));
        return Map.copyOf(copy);
    }

    public static PodInfo of(Pod pod) {
        return new PodInfo(pod);
    }

    /** Parsed terms, shared by all pods with equal terms in the same namespace. */
    private List<AffinityTerm> terms(List<PodAffinityTerm> terms) {
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        return TERMS.intern(new TermsKey(List.copyOf(terms), namespace), k -> {
            List<AffinityTerm> out = new ArrayList<>(terms.size());
            for (PodAffinityTerm t : terms) {
                out.add(parse(t, namespace));
            }
            return List.copyOf(out);
        });
    }

    private List<WeightedAffinityTerm> weightedTerms(List<WeightedPodAffinityTerm> terms) {
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        return WEIGHTED_TERMS.intern(new TermsKey(List.copyOf(terms), namespace), k -> {
            List<WeightedAffinityTerm> out = new ArrayList<>(terms.size());
            for (WeightedPodAffinityTerm t : terms) {
                out.add(new WeightedAffinityTerm(parse(t.getPodAffinityTerm(), namespace),
                        t.getWeight() == null ? 0 : t.getWeight()));
            }
            return List.copyOf(out);
        });
    }

    private static AffinityTerm parse(PodAffinityTerm t, String namespace) {
        Set<String> namespaces;
        if ((t.getNamespaces() == null || t.getNamespaces().isEmpty()) && t.getNamespaceSelector() == null) {
            namespaces = Set.of(namespace);
        } else {
            namespaces = t.getNamespaces() == null ? Set.of()
                    : t.getNamespaces().stream().map(String::intern).collect(java.util.stream.Collectors.toSet());
        }
        return new AffinityTerm(namespaces, Selector.from(t.getLabelSelector()),
                t.getTopologyKey() == null ? "" : t.getTopologyKey(), Selector.from(t.getNamespaceSelector()));
    }

    private static List<HostPortInfo.HostPort> hostPorts(PodSpec spec) {
        if (spec == null || spec.getContainers() == null) {
            return List.of();
        }
        List<HostPortInfo.HostPort> out = new ArrayList<>();
        for (Container c : spec.getContainers()) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort p : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    out.add(new HostPortInfo.HostPort(p.getHostIP(), p.getProtocol(), p.getHostPort()));
                }
            }
        }
        return List.copyOf(out);
    }

    public Pod pod() {
        return pod;
    }

    public String uid() {
        return uid;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    /** {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** {@code spec.priority}, 0 when unset (component-helpers {@code PodPriority}). */
    public int priority() {
        return priority;
    }

    /** Effective requests (init-container max rule, sidecars, overhead). */
    public Resource requests() {
        return requests;
    }

    /** cpu request with 100m counted for each container that has none (scoring only). */
    public long nonZeroMilliCpu() {
        return nonZeroMilliCpu;
    }

    /** memory request with 200 MiB counted for each container that has none (scoring only). */
    public long nonZeroMemory() {
        return nonZeroMemory;
    }

    public List<AffinityTerm> requiredAffinityTerms() {
        return requiredAffinityTerms;
    }

    public List<AffinityTerm> requiredAntiAffinityTerms() {
        return requiredAntiAffinityTerms;
    }

    public List<WeightedAffinityTerm> preferredAffinityTerms() {
        return preferredAffinityTerms;
    }

    public List<WeightedAffinityTerm> preferredAntiAffinityTerms() {
        return preferredAntiAffinityTerms;
    }

    /** The pod declares pod affinity or pod anti-affinity (of any kind). */
    public boolean withAffinity() {
        return withAffinity;
    }

    public boolean withRequiredAntiAffinity() {
        return !requiredAntiAffinityTerms.isEmpty();
    }

    /** Host ports of the app containers. */
    public List<HostPortInfo.HostPort> hostPorts() {
        return hostPorts;
    }

    public List<Toleration> tolerations() {
        return tolerations;
    }

    /** {@code status.startTime}, or {@code null} when the pod has not started. */
    public Instant startTime() {
        return startTime;
    }

    /** The pod has a deletion timestamp. */
    public boolean terminating() {
        return terminating;
    }

    /** {@code spec.nodeName}, empty when unset. */
    public String nodeName() {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
    }

    /** {@code status.nominatedNodeName}, empty when unset. */
    public String nominatedNodeName() {
        return pod.getStatus() == null || pod.getStatus().getNominatedNodeName() == null ? ""
                : pod.getStatus().getNominatedNodeName();
    }

    @Override
    public String toString() {
        return key();
    }
}
