package io.kubesim.infra.cli;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;

/**
 * An object named the way kubectl names it — {@code pod/web}, {@code no/node-1}, {@code deploy/web},
 * {@code deployments.apps/web} — and its storage key in the log ({@code /pods/default/web}, {@code /nodes/node-1},
 * {@code /deployments.apps/default/web}). A namespaced kind without a namespace is in {@code default}; a namespace
 * given for a cluster-scoped kind is ignored, as kubectl does.
 */
record AuditRef(ResourceType type, String namespace, String name) {

    static final String DEFAULT_NAMESPACE = "default";

    /** {@code kind/name} with {@code namespace} (null: {@code default}). */
    static AuditRef parse(String ref, String namespace) {
        int slash = ref.indexOf('/');
        if (slash <= 0 || slash == ref.length() - 1 || ref.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("expected <kind>/<name> such as pod/web or node/node-1, not " + ref);
        }
        ResourceType type = type(ref.substring(0, slash));
        String ns = type.namespaced() ? (namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace)
                : null;
        return new AuditRef(type, ns, ref.substring(slash + 1));
    }

    /**
     * A kind as kubectl accepts it: singular, plural or short name, any case, or the qualified resource name
     * ({@code deployments.apps}).
     */
    static ResourceType type(String kind) {
        String k = kind.toLowerCase(Locale.ROOT);
        List<ResourceType> matches = Resources.all().stream()
                .filter(t -> Stream.concat(Stream.of(t.singular(), t.plural(), t.qualifiedName(),
                        t.kind().toLowerCase(Locale.ROOT)), t.shortNames().stream()).anyMatch(k::equals))
                .toList();
        if (matches.size() != 1) {
            throw new IllegalArgumentException("unknown kind " + kind + " (e.g. pod, node, deployment, replicaset, "
                    + "daemonset, job, or their short names po, no, deploy, rs, ds)");
        }
        return matches.getFirst();
    }

    String key() {
        return type.ref(namespace, name).key();
    }
}
