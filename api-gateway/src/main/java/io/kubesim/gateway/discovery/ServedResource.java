package io.kubesim.gateway.discovery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;

/**
 * A resource as discovery advertises it, derived from the catalog entry: the verbs and categories kube-apiserver 1.32
 * gives it and its subresources sorted by name.
 *
 * <p>Verbs are the full set of a standard REST storage (namespaces have no {@code deletecollection}); the category
 * {@code all} goes to the workload kinds that carry it upstream; {@code storageVersionHash} is computed as
 * staging/src/k8s.io/apiserver/pkg/endpoints/discovery/storageversionhash.go does (the first 8 bytes of the SHA-256 of
 * {@code group/version/kind}, base64).
 */
record ServedResource(ResourceType type, List<String> verbs, List<String> categories,
        List<ServedSubresource> subresources) {

    private static final List<String> STANDARD_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final List<String> NAMESPACE_VERBS =
            List.of("create", "delete", "get", "list", "patch", "update", "watch");
    private static final Set<ResourceType> CATEGORY_ALL = Set.of(Resources.PODS, Resources.SERVICES,
            Resources.DEPLOYMENTS, Resources.REPLICA_SETS, Resources.DAEMON_SETS, Resources.JOBS);

    ServedResource {
        verbs = List.copyOf(verbs);
        categories = List.copyOf(categories);
        subresources = List.copyOf(subresources);
    }

    static ServedResource of(ResourceType type) {
        List<ServedSubresource> subresources = type.subresources().stream()
                .map(name -> ServedSubresource.of(type, name))
                .sorted(Comparator.comparing(ServedSubresource::name))
                .toList();
        return new ServedResource(type,
                type.equals(Resources.NAMESPACES) ? NAMESPACE_VERBS : STANDARD_VERBS,
                CATEGORY_ALL.contains(type) ? List.of("all") : List.of(),
                subresources);
    }

    String storageVersionHash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (type.group() + "/" + type.version() + "/" + type.kind()).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(digest, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
