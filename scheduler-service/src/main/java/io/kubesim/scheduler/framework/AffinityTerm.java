package io.kubesim.scheduler.framework;

import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code PodAffinityTerm} (pkg/scheduler/framework/types.go {@code AffinityTerm}, Kubernetes 1.32).
 *
 * @param namespaces        the term's namespaces; the owning pod's namespace when neither namespaces nor a
 *                          namespaceSelector is given
 * @param selector          the pod label selector (a missing selector matches no pod)
 * @param topologyKey       the node label that defines the topology domain
 * @param namespaceSelector the namespace selector (missing: matches no namespace; {@code {}}: every namespace)
 */
public record AffinityTerm(Set<String> namespaces, Selector selector, String topologyKey,
                           Selector namespaceSelector) {

    public AffinityTerm {
        namespaces = Set.copyOf(namespaces);
    }

    /** Whether {@code pod} is selected: its namespace is listed or its namespace's labels match, and its labels match. */
    public boolean matches(PodInfo pod, Map<String, String> namespaceLabels) {
        if (namespaces.contains(pod.namespace()) || namespaceSelector.matches(namespaceLabels)) {
            return selector.matches(pod.labels());
        }
        return false;
    }

    /** This term with the namespaces of its namespace selector folded into {@link #namespaces()}. */
    public AffinityTerm withNamespacesMerged(NamespaceLister lister) {
        if (namespaceSelector.isEverything()) {
            return this;
        }
        Set<String> merged = new java.util.HashSet<>(namespaces);
        if (!namespaceSelector.isNothing()) {
            merged.addAll(lister.namesMatching(namespaceSelector.source()));
        }
        return new AffinityTerm(merged, selector, topologyKey, Selector.NOTHING);
    }
}
