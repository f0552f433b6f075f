package io.kubesim.gateway.auth;

import java.util.Optional;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;

/**
 * Who may do what: the admin group ({@code system:masters}) everything; the read-only viewers ({@code kubesim:view},
 * like the {@code view} ClusterRole) get, list and watch; node identities ({@code system:node:<name>}) read, and
 * write only their own Node, its Lease and the pods bound to them (the Node authorizer and NodeRestriction
 * admission: plugin/pkg/auth/authorizer/node, plugin/pkg/admission/noderestriction). Everyone else: nothing.
 */
public final class Authorizer {

    /**
     * One request to authorize.
     *
     * @param verb        get, list, watch, create, update, patch, delete, deletecollection
     * @param type        the resource
     * @param subresource e.g. status, eviction, log; null for the resource itself
     * @param namespace   null for cluster-scoped resources and all-namespace requests
     * @param name        null for collections
     * @param podNode     for pods: the node the existing pod is bound to (null if none or unknown)
     */
    public record Attributes(String verb, ResourceType type, String subresource, String namespace, String name,
            String podNode) {
    }

    /** Empty if allowed; else the reason kube-apiserver gives after "is forbidden: ". */
    public Optional<String> check(UserInfo user, Attributes a) {
        if (user.isAdmin()) {
            return Optional.empty();
        }
        boolean read = a.verb().equals("get") || a.verb().equals("list") || a.verb().equals("watch");
        if (user.isViewer() && read) {
            return Optional.empty();
        }
        String node = user.nodeName();
        if (node != null) {
            if (read) {
                return Optional.empty();
            }
            Optional<String> nodeRule = nodeWrite(node, a);
            if (nodeRule.isEmpty()) {
                return nodeRule;
            }
            return Optional.of(denial(user, a) + ": " + nodeRule.get());
        }
        return Optional.of(denial(user, a));
    }

    private static Optional<String> nodeWrite(String node, Attributes a) {
        ResourceType t = a.type();
        if (t == Resources.NODES) {
            if (a.verb().equals("create") || node.equals(a.name())) {
                return a.name() == null || node.equals(a.name()) ? Optional.empty()
                        : Optional.of("node '" + node + "' cannot modify node '" + a.name() + "'");
            }
            return Optional.of("node '" + node + "' cannot modify node '" + a.name() + "'");
        }
        if (t == Resources.LEASES) {
            if ("kube-node-lease".equals(a.namespace()) && node.equals(a.name())) {
                return Optional.empty();
            }
            return Optional.of("node '" + node + "' cannot modify lease '" + a.namespace() + "/" + a.name() + "'");
        }
        if (t == Resources.EVENTS && (a.verb().equals("create") || a.verb().equals("patch")
                || a.verb().equals("update"))) {
            return Optional.empty();
        }
        if (t == Resources.PODS && a.name() != null) {
            boolean ownPod = node.equals(a.podNode());
            boolean allowedVerb = a.verb().equals("delete")
                    || ("status".equals(a.subresource()) && (a.verb().equals("update") || a.verb().equals("patch")));
            if (ownPod && allowedVerb) {
                return Optional.empty();
            }
            return Optional.of("node '" + node + "' can only modify pods bound to it"
                    + (ownPod ? " (status and deletion)" : ""));
        }
        return Optional.of("node '" + node + "' cannot modify " + t.qualifiedName());
    }

    /** {@code User "viewer" cannot delete resource "pods" in API group "" in the namespace "default"}. */
    private static String denial(UserInfo user, Attributes a) {
        String resource = a.subresource() == null ? a.type().plural() : a.type().plural() + "/" + a.subresource();
        String scope = a.namespace() == null ? "at the cluster scope" : "in the namespace \"" + a.namespace() + "\"";
        return "User \"" + user.name() + "\" cannot " + a.verb() + " resource \"" + resource + "\" in API group \""
                + a.type().group() + "\" " + scope;
    }
}
