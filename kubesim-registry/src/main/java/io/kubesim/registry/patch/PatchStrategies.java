package io.kubesim.registry.patch;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code patchStrategy}/{@code patchMergeKey} struct tags of the served types (k8s.io/api core/v1, apps/v1,
 * batch/v1, policy/v1 types.go), keyed by Go struct name and JSON field. Fields not listed replace on patch (lists)
 * or merge key by key (maps and structs), as upstream. Public for api-gateway, which publishes them in its OpenAPI
 * schemas as {@code x-kubernetes-patch-strategy} / {@code x-kubernetes-patch-merge-key} (kubectl apply computes its
 * strategic merge patches from those).
 */
public final class PatchStrategies {

    /** A field's strategy: merge a list (by {@code mergeKey} for lists of maps, as a set for scalars). */
    public record Meta(boolean merge, String mergeKey) {
        static final Meta NONE = new Meta(false, "");
    }

    private static final Map<String, Meta> TAGS = new HashMap<>();

    static {
        merge("ObjectMeta", "finalizers", "");
        merge("ObjectMeta", "ownerReferences", "uid");
        merge("PodSpec", "volumes", "name");
        merge("PodSpec", "initContainers", "name");
        merge("PodSpec", "containers", "name");
        merge("PodSpec", "ephemeralContainers", "name");
        merge("PodSpec", "imagePullSecrets", "name");
        merge("PodSpec", "hostAliases", "ip");
        merge("PodSpec", "topologySpreadConstraints", "topologyKey");
        merge("PodSpec", "schedulingGates", "name");
        merge("PodSpec", "resourceClaims", "name");
        for (String c : new String[] {"Container", "EphemeralContainer"}) {
            merge(c, "ports", "containerPort");
            merge(c, "env", "name");
            merge(c, "volumeMounts", "mountPath");
            merge(c, "volumeDevices", "devicePath");
        }
        merge("PodStatus", "conditions", "type");
        merge("PodStatus", "podIPs", "ip");
        merge("PodStatus", "hostIPs", "ip");
        merge("PodStatus", "resourceClaimStatuses", "name");
        merge("NodeSpec", "podCIDRs", "");
        merge("NodeStatus", "conditions", "type");
        merge("NodeStatus", "addresses", "type");
        merge("NamespaceStatus", "conditions", "type");
        merge("ServiceSpec", "ports", "port");
        merge("ServiceStatus", "conditions", "type");
        merge("ServiceAccount", "secrets", "name");
        for (String c : new String[] {"DeploymentStatus", "ReplicaSetStatus", "DaemonSetStatus", "JobStatus",
                "PodDisruptionBudgetStatus"}) {
            merge(c, "conditions", "type");
        }
    }

    private PatchStrategies() {
    }

    private static void merge(String struct, String field, String mergeKey) {
        TAGS.put(struct + "." + field, new Meta(true, mergeKey));
    }

    public static Meta of(String struct, String field) {
        return TAGS.getOrDefault(struct + "." + field, Meta.NONE);
    }
}
