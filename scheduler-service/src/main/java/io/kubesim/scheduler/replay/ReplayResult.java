package io.kubesim.scheduler.replay;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a replay found: every pod of the log with its original and its replayed placement, the nodes' resulting
 * utilisation per architecture on both sides, and the replayed run as a fresh log.
 *
 * @param pods          every pod of the log, in creation order
 * @param original      utilisation per architecture at the end of the recorded run (its last node states, the pods
 *                      not deleted by then)
 * @param replayed      utilisation per architecture at the end of the replay
 * @param log           the replayed run as a fresh log (revisions from 1)
 * @param rowsRead      rows of the export read
 * @param originalNodes nodes at the end of the recorded run
 * @param replayedNodes nodes at the end of the replay
 */
public record ReplayResult(List<PodOutcome> pods, List<ArchUsage> original, List<ArchUsage> replayed,
                           List<LogLine> log, int rowsRead, int originalNodes, int replayedNodes) {

    /** Shown for a pod without a node. */
    public static final String PENDING = "<pending>";

    public ReplayResult {
        pods = List.copyOf(pods);
        original = List.copyOf(original);
        replayed = List.copyOf(replayed);
        log = List.copyOf(log);
    }

    /**
     * One pod of the workload.
     *
     * @param originalNode   the last node the recorded run bound it to, or null if it never was bound
     * @param originalReason the recorded run's last FailedScheduling message ({@code PodScheduled=False}) when it
     *                       was not bound, else null
     * @param replayedNode   the node the replay bound it to, or null (pending, or preempted in the replay)
     * @param replayedReason why the replay left it without a node (the framework's FailedScheduling message), else
     *                       null
     * @param deleted        whether the log deletes the pod (the replay deletes it at the same point)
     */
    public record PodOutcome(String namespace, String name, String uid, String originalNode, String originalReason,
                             String replayedNode, String replayedReason, boolean deleted) {

        public String pod() {
            return namespace + "/" + name;
        }

        /** Bound by the replay to another node than by the recorded run (which may have left it pending). */
        public boolean placedDifferently() {
            return replayedNode != null && !Objects.equals(originalNode, replayedNode);
        }

        /** Left without a node by the replay. */
        public boolean pending() {
            return replayedNode == null;
        }
    }

    /**
     * The nodes of one architecture ({@code kubernetes.io/arch}) and what the pods bound to them request.
     *
     * @param cpuRequested      millicores requested by the pods on these nodes
     * @param cpuAllocatable    millicores allocatable
     * @param memoryRequested   bytes requested
     * @param memoryAllocatable bytes allocatable
     */
    public record ArchUsage(String architecture, int nodes, int pods, long cpuRequested, long cpuAllocatable,
                            long memoryRequested, long memoryAllocatable) {

        public Double cpuPercent() {
            return cpuAllocatable == 0 ? null : 100.0 * cpuRequested / cpuAllocatable;
        }

        public Double memoryPercent() {
            return memoryAllocatable == 0 ? null : 100.0 * memoryRequested / memoryAllocatable;
        }
    }

    /**
     * The replayed placements: {@code namespace/name} (a name the log reuses for a later pod gets {@code #2},
     * {@code #3}, ...) to node, or {@link #PENDING}.
     */
    public Map<String, String> placements() {
        return placements(false);
    }

    /** The recorded run's placements, keyed as {@link #placements()}. */
    public Map<String, String> originalPlacements() {
        return placements(true);
    }

    private Map<String, String> placements(boolean original) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (PodOutcome p : pods) {
            int n = seen.merge(p.pod(), 1, Integer::sum);
            String node = original ? p.originalNode() : p.replayedNode();
            out.put(n == 1 ? p.pod() : p.pod() + "#" + n, node == null ? PENDING : node);
        }
        return out;
    }

    public List<PodOutcome> placedDifferently() {
        return pods.stream().filter(PodOutcome::placedDifferently).toList();
    }

    public List<PodOutcome> pending() {
        return pods.stream().filter(PodOutcome::pending).toList();
    }
}
