package io.kubesim.scheduler.plugins.interpodaffinity;

import java.util.Map;

import io.kubesim.scheduler.framework.AffinityTerm;
import io.kubesim.scheduler.framework.PodInfo;

/**
 * Whether terms match one pod, remembered per term instance: existing pods' parsed terms are shared by all pods with
 * equal terms in a namespace, so a PreFilter that checks every existing pod's anti-affinity against the incoming
 * pod evaluates each distinct term once instead of once per pod. Direct-mapped by identity hash (a collision just
 * evaluates the term again); confined to one thread and one pod and namespace labels.
 */
final class TermMemo {

    private static final int SLOTS = 64;

    private final PodInfo pod;
    private final Map<String, String> namespaceLabels;
    private final AffinityTerm[] terms = new AffinityTerm[SLOTS];
    private final boolean[] results = new boolean[SLOTS];

    TermMemo(PodInfo pod, Map<String, String> namespaceLabels) {
        this.pod = pod;
        this.namespaceLabels = namespaceLabels;
    }

    /** {@code term.matches(pod, namespaceLabels)}. */
    boolean matches(AffinityTerm term) {
        int slot = System.identityHashCode(term) & (SLOTS - 1);
        if (terms[slot] == term) {
            return results[slot];
        }
        boolean result = term.matches(pod, namespaceLabels);
        terms[slot] = term;
        results[slot] = result;
        return result;
    }
}
