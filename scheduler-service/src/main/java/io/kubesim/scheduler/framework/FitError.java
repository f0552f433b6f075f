package io.kubesim.scheduler.framework;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * No node fits the pod. {@link #message()} is byte-for-byte upstream's {@code FitError.Error()}
 * (pkg/scheduler/framework/types.go, Kubernetes 1.32): the text of the FailedScheduling event and of the pod's
 * {@code PodScheduled=False} condition.
 */
public record FitError(int numAllNodes, Diagnosis diagnosis) {

    /** Format of the message's head (upstream {@code NoNodeAvailableMsg}). */
    public static final String NO_NODE_AVAILABLE_MSG = "0/%d nodes are available";

    /**
     * {@code 0/N nodes are available:} then either the PreFilter message, or the string-sorted
     * {@code "<count> <reason>"} histogram of the node statuses, either ending in {@code .}, then the PostFilter
     * (preemption) message, which is itself a full sentence.
     */
    public String message() {
        StringBuilder msg = new StringBuilder(String.format(NO_NODE_AVAILABLE_MSG, numAllNodes)).append(':');
        String preFilter = diagnosis.preFilterMessage();
        if (!preFilter.isEmpty()) {
            msg.append(' ').append(preFilter).append('.');
        } else {
            NodeToStatus statuses = diagnosis.nodeToStatus();
            Map<String, Integer> reasons = new HashMap<>();
            statuses.forEachExplicit((node, status) -> {
                for (String reason : status.reasons()) {
                    reasons.merge(reason, 1, Integer::sum);
                }
            });
            if (statuses.size() < numAllNodes) {
                for (String reason : statuses.absentNodesStatus().reasons()) {
                    reasons.merge(reason, numAllNodes - statuses.size(), Integer::sum);
                }
            }
            List<String> histogram = histogram(reasons);
            if (!histogram.isEmpty()) {
                msg.append(' ').append(String.join(", ", histogram)).append('.');
            }
        }
        String postFilter = diagnosis.postFilterMessage();
        if (!postFilter.isEmpty()) {
            msg.append(' ').append(postFilter);
        }
        return msg.toString();
    }

    /** {@code "<count> <reason>"} strings sorted as Go's {@code sort.Strings} sorts them (by code point). */
    static List<String> histogram(Map<String, Integer> reasons) {
        List<String> out = new ArrayList<>(reasons.size());
        reasons.forEach((reason, count) -> out.add(count + " " + reason));
        out.sort(FitError::compareCodePoints);
        return out;
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
