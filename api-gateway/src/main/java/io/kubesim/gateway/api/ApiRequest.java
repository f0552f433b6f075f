package io.kubesim.gateway.api;

import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.ResourceType;

/**
 * A Kubernetes API request, parsed from its path (staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go).
 *
 * @param type        the resource
 * @param namespace   the namespace in the path; null for cluster-scoped resources and all-namespace lists
 * @param name        the object's name; null for the collection
 * @param subresource e.g. status, binding, eviction, log, scale; null for the object itself
 */
public record ApiRequest(ResourceType type, String namespace, String name, String subresource) {

    public boolean isCollection() {
        return name == null;
    }

    public ObjectRef ref() {
        return type.ref(namespace, name);
    }

    /** The storage-key prefix of the collection (one namespace, or all). */
    public String collectionPrefix() {
        return ObjectRef.prefix(type.qualifiedName(), type.namespaced() ? namespace : null);
    }
}
