package io.kubesim.scheduler.framework;

import java.util.List;
import java.util.Map;

/**
 * What one scheduling attempt saw and decided, kept outside the pod object for the audit trail (DESIGN.md §6).
 * Serialisable with Jackson 3 as is.
 *
 * @param id                unique id of the record (a random UUID); the {@code BindPod} command of a successful attempt
 *                          carries it as its {@code decisionId}, so the log entry of the binding points here
 * @param time              when the attempt started, cluster (virtual) time, RFC 3339 with microseconds
 * @param podNamespace      the pod's namespace
 * @param podName           the pod's name
 * @param podUid            the pod's uid
 * @param attempt           1 for the first attempt
 * @param profile           the scheduler profile
 * @param outcome           {@code Scheduled}, {@code Unschedulable} or {@code Error}
 * @param numNodes          nodes in the snapshot
 * @param evaluatedNodes    nodes filtered in this attempt
 * @param feasibleNodes     nodes that passed every filter (scoring stops looking once enough are found)
 * @param preFilterMessage  the PreFilter rejection, empty when PreFilter passed
 * @param filterFailures    per plugin, the nodes it rejected grouped by reason (nodes excluded by a PreFilter
 *                          narrowing are counted but not named)
 * @param unschedulablePlugins plugins that rejected the pod; the queue retries it on their events
 * @param topNodes          the best scored nodes, the chosen one first, with weighted per-plugin scores
 * @param chosenNode        the node the pod is assumed on, or {@code null}
 * @param nominatedNode     the node preemption nominated, or {@code null}
 * @param victims           pods preemption will delete, each by namespace, name and uid (the uid tells a victim from
 *                          a later pod of the same name)
 * @param message           the FailedScheduling message or the error, {@code null} when scheduled
 * @param queueWaitMillis   time between the pod's last enqueue and this attempt, on the cluster clock
 * @param cycleMicros       wall time the attempt took
 */
public record DecisionRecord(String id, String time, String podNamespace, String podName, String podUid,
                             int attempt, String profile, String outcome, int numNodes, int evaluatedNodes, int feasibleNodes,
                             String preFilterMessage, List<PluginFailures> filterFailures,
                             List<String> unschedulablePlugins, List<NodeScores> topNodes, String chosenNode,
                             String nominatedNode, List<PodRef> victims, String message, long queueWaitMillis,
                             long cycleMicros) {

    public static final String SCHEDULED = "Scheduled";
    public static final String UNSCHEDULABLE = "Unschedulable";
    public static final String ERROR = "Error";

    /** The same attempt ended in an error after all (e.g. the pod could not be assumed): no chosen node. */
    public DecisionRecord asError(String error) {
        return new DecisionRecord(id, time, podNamespace, podName, podUid, attempt, profile, ERROR, numNodes,
                evaluatedNodes, feasibleNodes, preFilterMessage, filterFailures, unschedulablePlugins, topNodes, null,
                nominatedNode, victims, error, queueWaitMillis, cycleMicros);
    }

    /** The nodes one plugin rejected. */
    public record PluginFailures(String plugin, List<ReasonNodes> reasons) {
    }

    /** One rejection reason, how many nodes gave it, and which. */
    public record ReasonNodes(String reason, int count, List<String> nodes) {
    }

    /** A scored node: total and weighted score per plugin (plugin order). */
    public record NodeScores(String node, long total, Map<String, Long> pluginScores) {
    }
}
