package io.kubesim.gateway.printers;

import static io.kubesim.gateway.printers.Tree.at;
import static io.kubesim.gateway.printers.Tree.items;
import static io.kubesim.gateway.printers.Tree.number;
import static io.kubesim.gateway.printers.Tree.present;
import static io.kubesim.gateway.printers.Tree.stringMap;
import static io.kubesim.gateway.printers.Tree.text;
import static io.kubesim.gateway.printers.Tree.time;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/**
 * Deployments, ReplicaSets, DaemonSets and Jobs, as {@code printDeployment}, {@code printReplicaSet},
 * {@code printDaemonSet} and {@code printJob} of pkg/printers/internalversion/printers.go in Kubernetes 1.32 (the Job
 * table with its STATUS column: Complete, Failed, Terminating, Suspended, FailureTarget or Running).
 *
 * <p>An absent {@code spec.replicas} reads as 1: kube-apiserver defaults it on every write, so its printer never sees
 * it unset.
 */
final class WorkloadPrinters {

    private static final String LABEL_SELECTOR_INFO =
            "More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors";

    static final ResourcePrinter DEPLOYMENTS = new TablePrinterSpec(List.of(
            Column.NAME,
            Column.string("Ready", "Number of the pod with ready state"),
            Column.string("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the "
                    + "desired template spec."),
            Column.string("Available", "Total number of available pods (ready for at least minReadySeconds) targeted "
                    + "by this deployment."),
            Column.AGE,
            Column.CONTAINERS,
            Column.IMAGES,
            Column.wide("Selector", "Label selector for pods. Existing ReplicaSets whose pods are selected by this "
                    + "will "
                    + "be the ones affected by this deployment.")),
            (deployment, now) -> Row.of(
                    name(deployment),
                    number(deployment, "status", "readyReplicas") + "/" + desiredReplicas(deployment),
                    number(deployment, "status", "updatedReplicas"),
                    number(deployment, "status", "availableReplicas"),
                    age(deployment, now),
                    containerNames(deployment),
                    images(deployment),
                    Selectors.labelSelector(at(deployment, "spec", "selector"))));

    static final ResourcePrinter REPLICA_SETS = new TablePrinterSpec(List.of(
            Column.NAME,
            Column.integer("Desired", "Replicas is the number of desired replicas. This is a pointer to distinguish "
                    + "between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/"
                    + "concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller"),
            Column.integer("Current", "Replicas is the most recently observed number of replicas. More info: "
                    + "https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/"
                    + "#what-is-a-replicationcontroller"),
            Column.integer("Ready", "readyReplicas is the number of pods targeted by this ReplicaSet with a Ready "
                    + "Condition."),
            Column.AGE,
            Column.CONTAINERS,
            Column.IMAGES,
            Column.wide("Selector", "Selector is a label query over pods that should match the replica count. If the "
                    + "selector is empty, it is defaulted to the labels present on the pod template. Label keys and "
                    + "values that must match in order to be controlled by this replica set. " + LABEL_SELECTOR_INFO)),
            (replicaSet, now) -> Row.of(
                    name(replicaSet),
                    desiredReplicas(replicaSet),
                    number(replicaSet, "status", "replicas"),
                    number(replicaSet, "status", "readyReplicas"),
                    age(replicaSet, now),
                    containerNames(replicaSet),
                    images(replicaSet),
                    Selectors.labelSelector(at(replicaSet, "spec", "selector"))));

    static final ResourcePrinter DAEMON_SETS = new TablePrinterSpec(List.of(
            Column.NAME,
            Column.integer("Desired", "The total number of nodes that should be running the daemon pod (including "
                    + "nodes correctly running the daemon pod). More info: "
                    + "https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
            Column.integer("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to "
                    + "run the daemon pod. More info: "
                    + "https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
            Column.integer("Ready", "numberReady is the number of nodes that should be running the daemon pod and have "
                    + "one or more of the daemon pod running with a Ready Condition."),
            Column.integer("Up-to-date", "The total number of nodes that are running updated daemon pod"),
            Column.integer("Available", "The number of nodes that should be running the daemon pod and have one or "
                    + "more "
                    + "of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
            Column.string("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a "
                    + "node. "
                    + "Selector which must match a node's labels for the pod to be scheduled on that node. More info: "
                    + "https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
            Column.AGE,
            Column.CONTAINERS,
            Column.IMAGES,
            Column.wide("Selector", "A label query over pods that are managed by the daemon set. Must match in order "
                    + "to be controlled. It must match the pod template's labels. " + LABEL_SELECTOR_INFO)),
            (daemonSet, now) -> Row.of(
                    name(daemonSet),
                    number(daemonSet, "status", "desiredNumberScheduled"),
                    number(daemonSet, "status", "currentNumberScheduled"),
                    number(daemonSet, "status", "numberReady"),
                    number(daemonSet, "status", "updatedNumberScheduled"),
                    number(daemonSet, "status", "numberAvailable"),
                    Selectors.formatLabels(stringMap(daemonSet, "spec", "template", "spec", "nodeSelector")),
                    age(daemonSet, now),
                    containerNames(daemonSet),
                    images(daemonSet),
                    Selectors.labelSelector(at(daemonSet, "spec", "selector"))));

    static final ResourcePrinter JOBS = new TablePrinterSpec(List.of(
            Column.NAME,
            Column.string("Status", "Status of the job."),
            Column.string("Completions", "The number of pods which reached phase Succeeded. The value increases "
                    + "monotonically for a given spec. However, it may decrease in reaction to scale down of elastic "
                    + "indexed jobs."),
            Column.string("Duration", "Time required to complete the job."),
            Column.AGE,
            Column.CONTAINERS,
            Column.IMAGES,
            Column.wide("Selector", "A label query over pods that should match the pod count. Normally, the system "
                    + "sets this field for you. " + LABEL_SELECTOR_INFO)),
            (job, now) -> Row.of(
                    name(job),
                    jobStatus(job),
                    completions(job),
                    jobDuration(job, now),
                    age(job, now),
                    containerNames(job),
                    images(job),
                    Selectors.labelSelector(at(job, "spec", "selector"))));

    private WorkloadPrinters() {
    }

    private static String name(JsonNode object) {
        return text(object, "metadata", "name");
    }

    private static String age(JsonNode object, Instant now) {
        return HumanDuration.since(time(object, "metadata", "creationTimestamp"), now);
    }

    private static long desiredReplicas(JsonNode object) {
        return present(object, "spec", "replicas") ? number(object, "spec", "replicas") : 1;
    }

    private static String containerNames(JsonNode object) {
        return items(object, "spec", "template", "spec", "containers").stream()
                .map(c -> text(c, "name")).collect(Collectors.joining(","));
    }

    private static String images(JsonNode object) {
        return items(object, "spec", "template", "spec", "containers").stream()
                .map(c -> text(c, "image")).collect(Collectors.joining(","));
    }

    private static String completions(JsonNode job) {
        long succeeded = number(job, "status", "succeeded");
        if (present(job, "spec", "completions")) {
            return succeeded + "/" + number(job, "spec", "completions");
        }
        long parallelism = number(job, "spec", "parallelism");
        return parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }

    private static String jobDuration(JsonNode job, Instant now) {
        Instant start = time(job, "status", "startTime");
        if (start == null) {
            return "";
        }
        Instant end = time(job, "status", "completionTime");
        return HumanDuration.format(Duration.between(start, end == null ? now : end));
    }

    private static String jobStatus(JsonNode job) {
        if (jobCondition(job, "Complete")) {
            return "Complete";
        }
        if (jobCondition(job, "Failed")) {
            return "Failed";
        }
        if (present(job, "metadata", "deletionTimestamp")) {
            return "Terminating";
        }
        if (jobCondition(job, "Suspended")) {
            return "Suspended";
        }
        if (jobCondition(job, "FailureTarget")) {
            return "FailureTarget";
        }
        return "Running";
    }

    private static boolean jobCondition(JsonNode job, String type) {
        return items(job, "status", "conditions").stream()
                .anyMatch(c -> text(c, "type").equals(type) && text(c, "status").equals("True"));
    }
}
