package io.kubesim.model.resource;

import java.util.List;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One Kubernetes resource the cluster serves and stores.
 *
 * @param group        API group, empty for the core group
 * @param version      API version within the group
 * @param kind         object kind, e.g. {@code Pod}
 * @param plural       resource name in URLs, e.g. {@code pods}
 * @param singular     singular name, e.g. {@code pod}
 * @param namespaced   whether objects live in a namespace
 * @param shortNames   kubectl short names, e.g. {@code po}
 * @param subresources served subresources, e.g. {@code status}, {@code binding}
 * @param javaType     the fabric8 model class
 */
public record ResourceType(
        String group,
        String version,
        String kind,
        String plural,
        String singular,
        boolean namespaced,
        List<String> shortNames,
        Set<String> subresources,
        Class<? extends HasMetadata> javaType) {

    public ResourceType {
        shortNames = List.copyOf(shortNames);
        subresources = Set.copyOf(subresources);
    }

    /** {@code v1} for the core group, else {@code group/version}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public String listKind() {
        return kind + "List";
    }

    /** The resource as kube-apiserver names it in messages: {@code pods}, {@code deployments.apps}. */
    public String qualifiedName() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** URL prefix of the group version: {@code /api/v1} or {@code /apis/apps/v1}. */
    public String groupVersionPath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    public boolean hasStatus() {
        return subresources.contains("status");
    }

    public ObjectRef ref(String namespace, String name) {
        return new ObjectRef(qualifiedName(), namespaced ? namespace : null, name);
    }
}
