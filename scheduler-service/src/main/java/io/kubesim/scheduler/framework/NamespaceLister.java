package io.kubesim.scheduler.framework;

import java.util.Map;
import java.util.Set;

import io.kubesim.model.labels.LabelSelector;

/**
 * Namespace labels, for pod-affinity terms with a {@code namespaceSelector} (upstream reads a namespace informer).
 */
public interface NamespaceLister {

    /** The namespace's labels; empty when the namespace is unknown. */
    Map<String, String> labelsOf(String namespace);

    /** The names of the namespaces whose labels match {@code selector}. */
    Set<String> namesMatching(LabelSelector selector);
}
