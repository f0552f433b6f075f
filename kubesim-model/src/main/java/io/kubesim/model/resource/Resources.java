package io.kubesim.model.resource;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;

/** The catalog of resources kubesim serves and stores (DESIGN.md §5). */
public final class Resources {

    public static final ResourceType NAMESPACES = new ResourceType("", "v1", "Namespace", "namespaces", "namespace",
            false, List.of("ns"), Set.of("status"), Namespace.class);
    public static final ResourceType NODES = new ResourceType("", "v1", "Node", "nodes", "node",
            false, List.of("no"), Set.of("status"), Node.class);
    public static final ResourceType PODS = new ResourceType("", "v1", "Pod", "pods", "pod",
            true, List.of("po"), Set.of("status", "binding", "eviction", "log"), Pod.class);
    public static final ResourceType EVENTS = new ResourceType("", "v1", "Event", "events", "event",
            true, List.of("ev"), Set.of(), Event.class);
    public static final ResourceType SERVICES = new ResourceType("", "v1", "Service", "services", "service",
            true, List.of("svc"), Set.of("status"), Service.class);
    public static final ResourceType CONFIGMAPS = new ResourceType("", "v1", "ConfigMap", "configmaps", "configmap",
            true, List.of("cm"), Set.of(), ConfigMap.class);
    public static final ResourceType SECRETS = new ResourceType("", "v1", "Secret", "secrets", "secret",
            true, List.of(), Set.of(), Secret.class);
    public static final ResourceType SERVICE_ACCOUNTS = new ResourceType("", "v1", "ServiceAccount",
            "serviceaccounts", "serviceaccount", true, List.of("sa"), Set.of(), ServiceAccount.class);
    public static final ResourceType DEPLOYMENTS = new ResourceType("apps", "v1", "Deployment", "deployments",
            "deployment", true, List.of("deploy"), Set.of("status", "scale"), Deployment.class);
    public static final ResourceType REPLICA_SETS = new ResourceType("apps", "v1", "ReplicaSet", "replicasets",
            "replicaset", true, List.of("rs"), Set.of("status", "scale"), ReplicaSet.class);
    public static final ResourceType DAEMON_SETS = new ResourceType("apps", "v1", "DaemonSet", "daemonsets",
            "daemonset", true, List.of("ds"), Set.of("status"), DaemonSet.class);
    public static final ResourceType JOBS = new ResourceType("batch", "v1", "Job", "jobs", "job",
            true, List.of(), Set.of("status"), Job.class);
    public static final ResourceType LEASES = new ResourceType("coordination.k8s.io", "v1", "Lease", "leases",
            "lease", true, List.of(), Set.of(), Lease.class);
    public static final ResourceType POD_DISRUPTION_BUDGETS = new ResourceType("policy", "v1",
            "PodDisruptionBudget", "poddisruptionbudgets", "poddisruptionbudget", true, List.of("pdb"),
            Set.of("status"), PodDisruptionBudget.class);
    public static final ResourceType PRIORITY_CLASSES = new ResourceType("scheduling.k8s.io", "v1", "PriorityClass",
            "priorityclasses", "priorityclass", false, List.of("pc"), Set.of(), PriorityClass.class);

    private static final Map<String, ResourceType> BY_QUALIFIED_NAME = new LinkedHashMap<>();

    static {
        for (ResourceType type : List.of(NAMESPACES, NODES, PODS, EVENTS, SERVICES, CONFIGMAPS, SECRETS,
                SERVICE_ACCOUNTS, DEPLOYMENTS, REPLICA_SETS, DAEMON_SETS, JOBS, LEASES, POD_DISRUPTION_BUDGETS,
                PRIORITY_CLASSES)) {
            BY_QUALIFIED_NAME.put(type.qualifiedName(), type);
        }
    }

    private Resources() {
    }

    public static Collection<ResourceType> all() {
        return BY_QUALIFIED_NAME.values();
    }

    /** By qualified name: {@code pods}, {@code deployments.apps}. */
    public static Optional<ResourceType> byQualifiedName(String qualifiedName) {
        return Optional.ofNullable(BY_QUALIFIED_NAME.get(qualifiedName));
    }

    public static ResourceType require(String qualifiedName) {
        return byQualifiedName(qualifiedName)
                .orElseThrow(() -> new IllegalArgumentException("unknown resource " + qualifiedName));
    }

    /** By group, version and plural, as they appear in a URL. */
    public static Optional<ResourceType> byPath(String group, String version, String plural) {
        return all().stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural))
                .findFirst();
    }

    /** By {@code apiVersion} and {@code kind}, as they appear in an object. */
    public static Optional<ResourceType> byKind(String apiVersion, String kind) {
        return all().stream()
                .filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind))
                .findFirst();
    }

    /** The group versions served, in discovery order. */
    public static List<String> groupVersions() {
        return all().stream().map(ResourceType::apiVersion).distinct().toList();
    }

    /** The storage key of a {@link ObjectRef}'s resource type. */
    public static ResourceType of(ObjectRef ref) {
        return require(ref.resource());
    }
}
