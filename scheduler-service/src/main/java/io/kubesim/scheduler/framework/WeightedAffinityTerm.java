package io.kubesim.scheduler.framework;

/** A parsed {@code WeightedPodAffinityTerm} (pkg/scheduler/framework/types.go, Kubernetes 1.32). */
public record WeightedAffinityTerm(AffinityTerm term, int weight) {

    public WeightedAffinityTerm withNamespacesMerged(NamespaceLister lister) {
        return new WeightedAffinityTerm(term.withNamespacesMerged(lister), weight);
    }
}
