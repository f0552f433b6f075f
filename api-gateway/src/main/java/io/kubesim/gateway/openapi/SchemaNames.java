package io.kubesim.gateway.openapi;

import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI name of a model class, as kube-apiserver names its schemas: {@code io.k8s.api.core.v1.Pod},
 * {@code io.k8s.api.apps.v1.Deployment}, {@code io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta},
 * {@code io.k8s.apimachinery.pkg.api.resource.Quantity}, {@code io.k8s.apimachinery.pkg.util.intstr.IntOrString}.
 *
 * <p>Upstream derives the names from Go package paths (k8s.io/api/core/v1.Pod, see the definition namer of
 * staging/src/k8s.io/apiserver/pkg/endpoints/openapi/openapi.go). fabric8 keeps core/v1 and meta/v1 types in one Java
 * package; the meta/v1 ones are listed here by name.
 */
final class SchemaNames {

    private static final String FABRIC8 = "io.fabric8.kubernetes.api.model";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    private static final Set<String> META_TYPES = Set.of("APIGroup", "APIGroupList", "APIResource",
            "APIResourceList", "APIVersions", "Condition", "CreateOptions", "DeleteOptions", "Duration", "FieldsV1",
            "FieldSelectorRequirement", "GetOptions", "GroupKind", "GroupResource", "GroupVersionForDiscovery",
            "GroupVersionKind", "GroupVersionResource", "LabelSelector", "LabelSelectorRequirement", "ListMeta",
            "ListOptions", "ManagedFieldsEntry", "MicroTime", "ObjectMeta", "OwnerReference", "PartialObjectMetadata",
            "PartialObjectMetadataList", "Patch", "PatchOptions", "Preconditions", "RootPaths",
            "ServerAddressByClientCIDR", "Status", "StatusCause", "StatusDetails", "Table", "TableColumnDefinition",
            "TableRow", "TypeMeta", "UpdateOptions", "WatchEvent");

    private static final Map<String, String> SPECIAL = Map.of(
            FABRIC8 + ".Quantity", "io.k8s.apimachinery.pkg.api.resource.Quantity",
            FABRIC8 + ".IntOrString", "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
            AutoscalingV1.Scale.class.getName(), "io.k8s.api.autoscaling.v1.Scale",
            AutoscalingV1.ScaleSpec.class.getName(), "io.k8s.api.autoscaling.v1.ScaleSpec",
            AutoscalingV1.ScaleStatus.class.getName(), "io.k8s.api.autoscaling.v1.ScaleStatus");

    private SchemaNames() {
    }

    /** Whether the class is part of the Kubernetes model, so that it gets a schema of its own. */
    static boolean isModel(Class<?> type) {
        return SPECIAL.containsKey(type.getName()) || type.getName().startsWith(FABRIC8 + ".");
    }

    /**
     * @throws IllegalArgumentException for a class outside the model
     */
    static String of(Class<?> type) {
        String special = SPECIAL.get(type.getName());
        if (special != null) {
            return special;
        }
        if (!isModel(type)) {
            throw new IllegalArgumentException("not a Kubernetes model class: " + type.getName());
        }
        String pkg = type.getPackageName();
        String simple = type.getSimpleName();
        if (pkg.equals(FABRIC8)) {
            return META_TYPES.contains(simple) ? META + simple : "io.k8s.api.core.v1." + simple;
        }
        String groupVersion = pkg.substring(FABRIC8.length() + 1);
        if (!groupVersion.contains(".")) {
            groupVersion = groupVersion + ".v1";
        }
        return "io.k8s.api." + groupVersion + "." + simple;
    }
}
