package io.kubesim.gateway.printers;

import static io.kubesim.gateway.printers.Tree.at;
import static io.kubesim.gateway.printers.Tree.flag;
import static io.kubesim.gateway.printers.Tree.items;
import static io.kubesim.gateway.printers.Tree.number;
import static io.kubesim.gateway.printers.Tree.present;
import static io.kubesim.gateway.printers.Tree.text;
import static io.kubesim.gateway.printers.Tree.time;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The pod table: NAME, READY, STATUS, RESTARTS, AGE and, with {@code -o wide}, IP, NODE, NOMINATED NODE and READINESS
 * GATES.
 *
 * <p>Follows {@code printPod} of pkg/printers/internalversion/printers.go in Kubernetes 1.32: STATUS is the phase (or
 * {@code status.reason}), then {@code SchedulingGated}, then the first unfinished init container ({@code Init:x/y},
 * {@code Init:<reason>}, {@code Init:ExitCode:n}), then the waiting or terminated reason of the app containers
 * (scanned last to first), {@code Completed} turned back into {@code Running}/{@code NotReady} while a container still
 * runs, and finally {@code Terminating} (or {@code Unknown} for a pod whose node was lost) for a pod being deleted that
 * is not yet Succeeded or Failed. Restartable (sidecar) init containers count as containers.
 */
final class PodPrinter implements ResourcePrinter {

    private static final List<Column> COLUMNS = List.of(
            Column.NAME,
            Column.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            Column.string("Status", "The aggregate status of the containers in this pod."),
            Column.string("Restarts", "The number of times the containers in this pod have been restarted and when "
                    + "the last container in this pod has restarted."),
            Column.AGE,
            Column.wide("IP", "podIP address allocated to the pod. Routable at least within the cluster. Empty if "
                    + "not yet allocated."),
            Column.wide("Node", "NodeName indicates in which node this pod is scheduled. If empty, this pod is a "
                    + "candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the "
                    + "kubelet for this node becomes responsible for the lifecycle of this pod. This field should not "
                    + "be used to express a desire for the pod to be scheduled on a specific node. "
                    + "https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename"),
            Column.wide("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the "
                    + "node, but it cannot be scheduled right away as preemption victims receive their graceful "
                    + "termination periods. This field does not guarantee that the pod will be scheduled on this node. "
                    + "Scheduler may decide to place the pod elsewhere if other nodes become available sooner. "
                    + "Scheduler may also decide to give the resources on this node to a higher priority pod that is "
                    + "created after preemption. As a result, this field may be different than PodSpec.nodeName when "
                    + "the pod is scheduled."),
            Column.wide("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness. A "
                    + "pod is ready when all its containers are ready AND all conditions specified in the readiness "
                    + "gates have status equal to \"True\" More info: "
                    + "https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates"));

    private static final List<Row.RowCondition> SUCCEEDED =
            List.of(Row.RowCondition.completed("Succeeded", "The pod has completed successfully."));
    private static final List<Row.RowCondition> FAILED =
            List.of(Row.RowCondition.completed("Failed", "The pod failed."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public Row row(JsonNode pod, Instant now) {
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        String phase = text(status, "phase");
        String reason = text(status, "reason").isEmpty() ? phase : text(status, "reason");
        for (JsonNode condition : items(status, "conditions")) {
            if (text(condition, "type").equals("PodScheduled") && text(condition, "reason").equals("SchedulingGated")) {
                reason = "SchedulingGated";
            }
        }

        List<JsonNode> initContainers = items(spec, "initContainers");
        Map<String, JsonNode> initByName = new HashMap<>();
        int totalContainers = items(spec, "containers").size();
        for (JsonNode container : initContainers) {
            initByName.put(text(container, "name"), container);
            if (restartable(container)) {
                totalContainers++;
            }
        }

        Restarts all = new Restarts();
        Restarts sidecars = new Restarts();
        int readyContainers = 0;
        boolean initializing = false;
        List<JsonNode> initStatuses = items(status, "initContainerStatuses");
        for (int i = 0; i < initStatuses.size(); i++) {
            JsonNode cs = initStatuses.get(i);
            all.add(cs);
            boolean sidecar = restartable(initByName.get(text(cs, "name")));
            if (sidecar) {
                sidecars.add(cs);
            }
            JsonNode terminated = at(cs, "state", "terminated");
            JsonNode waiting = at(cs, "state", "waiting");
            if (terminated.isObject() && number(terminated, "exitCode") == 0) {
                continue;
            }
            if (sidecar && flag(cs, "started")) {
                if (flag(cs, "ready")) {
                    readyContainers++;
                }
                continue;
            }
            if (terminated.isObject()) {
                reason = text(terminated, "reason").isEmpty()
                        ? "Init:" + exitDescription(terminated)
                        : "Init:" + text(terminated, "reason");
            } else if (waiting.isObject() && !text(waiting, "reason").isEmpty()
                    && !text(waiting, "reason").equals("PodInitializing")) {
                reason = "Init:" + text(waiting, "reason");
            } else {
                reason = "Init:" + i + "/" + initContainers.size();
            }
            initializing = true;
            break;
        }

        Restarts counted = all;
        if (!initializing || conditionTrue(status, "Initialized")) {
            counted = sidecars;
            boolean hasRunning = false;
            List<JsonNode> statuses = items(status, "containerStatuses");
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode cs = statuses.get(i);
                counted.add(cs);
                JsonNode waiting = at(cs, "state", "waiting");
                JsonNode terminated = at(cs, "state", "terminated");
                if (waiting.isObject() && !text(waiting, "reason").isEmpty()) {
                    reason = text(waiting, "reason");
                } else if (terminated.isObject() && !text(terminated, "reason").isEmpty()) {
                    reason = text(terminated, "reason");
                } else if (terminated.isObject()) {
                    reason = exitDescription(terminated);
                } else if (flag(cs, "ready") && at(cs, "state", "running").isObject()) {
                    hasRunning = true;
                    readyContainers++;
                }
            }
            if (reason.equals("Completed") && hasRunning) {
                reason = conditionTrue(status, "Ready") ? "Running" : "NotReady";
            }
        }

        boolean deleting = present(pod, "metadata", "deletionTimestamp");
        if (deleting && text(status, "reason").equals("NodeLost")) {
            reason = "Unknown";
        } else if (deleting && !phase.equals("Succeeded") && !phase.equals("Failed")) {
            reason = "Terminating";
        }

        Row row = Row.of(
                text(pod, "metadata", "name"),
                readyContainers + "/" + totalContainers,
                reason,
                counted.describe(now),
                HumanDuration.since(time(pod, "metadata", "creationTimestamp"), now),
                orNone(podIp(status)),
                orNone(text(spec, "nodeName")),
                orNone(text(status, "nominatedNodeName")),
                readinessGates(spec, status));
        return switch (phase) {
            case "Succeeded" -> row.withConditions(SUCCEEDED);
            case "Failed" -> row.withConditions(FAILED);
            default -> row;
        };
    }

    /** An init container with {@code restartPolicy: Always} is a sidecar that keeps running. */
    private static boolean restartable(JsonNode initContainer) {
        return initContainer != null && text(initContainer, "restartPolicy").equals("Always");
    }

    private static String exitDescription(JsonNode terminated) {
        long signal = number(terminated, "signal");
        return signal != 0 ? "Signal:" + signal : "ExitCode:" + number(terminated, "exitCode");
    }

    private static boolean conditionTrue(JsonNode status, String type) {
        for (JsonNode condition : items(status, "conditions")) {
            if (text(condition, "type").equals(type) && text(condition, "status").equals("True")) {
                return true;
            }
        }
        return false;
    }

    /** {@code status.podIP} wins over {@code status.podIPs}, as in the v1 to internal conversion. */
    private static String podIp(JsonNode status) {
        String podIp = text(status, "podIP");
        if (!podIp.isEmpty()) {
            return podIp;
        }
        List<JsonNode> podIps = items(status, "podIPs");
        return podIps.isEmpty() ? "" : text(podIps.getFirst(), "ip");
    }

    private static String readinessGates(JsonNode spec, JsonNode status) {
        List<JsonNode> gates = items(spec, "readinessGates");
        if (gates.isEmpty()) {
            return "<none>";
        }
        int satisfied = 0;
        for (JsonNode gate : gates) {
            String type = text(gate, "conditionType");
            for (JsonNode condition : items(status, "conditions")) {
                if (text(condition, "type").equals(type)) {
                    if (text(condition, "status").equals("True")) {
                        satisfied++;
                    }
                    break;
                }
            }
        }
        return satisfied + "/" + gates.size();
    }

    private static String orNone(String value) {
        return value.isEmpty() ? "<none>" : value;
    }

    /** A restart count and the latest time a counted container last terminated. */
    private static final class Restarts {

        private long count;
        private Instant last;

        void add(JsonNode containerStatus) {
            count += number(containerStatus, "restartCount");
            Instant finished = time(containerStatus, "lastState", "terminated", "finishedAt");
            if (finished != null && (last == null || finished.isAfter(last))) {
                last = finished;
            }
        }

        /** {@code 5}, or {@code 5 (30s ago)} when the last restart time is known. */
        String describe(Instant now) {
            if (count != 0 && last != null) {
                return count + " (" + HumanDuration.since(last, now) + " ago)";
            }
            return Long.toString(count);
        }
    }
}
