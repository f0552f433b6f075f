package io.kubesim.gateway.auth;

import java.util.Optional;
import java.util.Set;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;

/**
 * Who may do what, in kube-apiserver's two steps. Authorization ({@link #check}): the admin group
 * ({@code system:masters}) everything; the read-only viewers ({@code kubesim:view}, like the {@code view}
 * ClusterRole) get, list and watch; node identities ({@code system:node:<name>}) read, and write what the
 * {@code system:node} ClusterRole grants (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go: nodes and
 * nodes/status, leases, events, pods create/delete, pods/status, pods/eviction). Admission ({@link #admit}): the
 * NodeRestriction plugin (plugin/pkg/admission/noderestriction/admission.go) narrows a node's writes to its own Node,
 * its own Lease in {@code kube-node-lease} and the pods bound to it, with that plugin's messages. Everyone else:
 * nothing.
 */
public final class Authorizer {

    /**
     * One request.
     *
     * @param verb        get, list, watch, create, update, patch, delete, deletecollection
     * @param type        the resource
     * @param subresource e.g. status, eviction, log; null for the resource itself
     * @param namespace   null for cluster-scoped resources and all-namespace requests
     * @param name        the object's name (from the URL; for a create, from the object); null for collections
     * @param podNode     for a named pod: the node it is bound to, "" if unbound, null if it does not exist
     */
    public record Attributes(String verb, ResourceType type, String subresource, String namespace, String name,
            String podNode) {
    }

    private static final Set<String> READ = Set.of("get", "list", "watch");
    private static final Set<String> WRITE = Set.of("create", "update", "patch", "delete");

    /** Authorization: empty if allowed; else the reason kube-apiserver gives after "is forbidden: ". */
    public Optional<String> check(UserInfo user, Attributes a) {
        if (user.isAdmin()) {
            return Optional.empty();
        }
        boolean read = READ.contains(a.verb());
        if ((user.isViewer() || user.nodeName() != null) && read) {
            return Optional.empty();
        }
        if (user.nodeName() != null && nodeRole(a)) {
            return Optional.empty();
        }
        return Optional.of(denial(user, a));
    }

    /** What the {@code system:node} ClusterRole lets a node write. */
    private static boolean nodeRole(Attributes a) {
        ResourceType t = a.type();
        String sub = a.subresource();
        String verb = a.verb();
        if (t == Resources.NODES) {
            return sub == null ? WRITE.contains(verb)
                    : sub.equals("status") && (verb.equals("update") || verb.equals("patch"));
        }
        if (t == Resources.LEASES) {
            return sub == null && WRITE.contains(verb);
        }
        if (t == Resources.EVENTS) {
            return sub == null && (verb.equals("create") || verb.equals("update") || verb.equals("patch"));
        }
        if (t == Resources.PODS) {
            if (sub == null) {
                return verb.equals("create") || verb.equals("delete");
            }
            return (sub.equals("status") && (verb.equals("update") || verb.equals("patch")))
                    || (sub.equals("eviction") && verb.equals("create"));
        }
        return false;
    }

    /**
     * Admission (NodeRestriction) of an authorized write: empty if admitted; else the reason after "is forbidden: ".
     *
     * @param mirrorPod for a pod create: whether the pod carries {@code kubernetes.io/config.mirror}
     * @param podNodeName for a pod create: its {@code spec.nodeName}
     */
    public Optional<String> admit(UserInfo user, Attributes a, boolean mirrorPod, String podNodeName) {
        String node = user.nodeName();
        if (node == null || user.isAdmin()) {
            return Optional.empty();
        }
        ResourceType t = a.type();
        if (t == Resources.NODES) {
            String target = a.name() == null ? "" : a.name();
            return target.equals(node) ? Optional.empty()
                    : Optional.of("node \"" + node + "\" is not allowed to modify node \"" + target + "\"");
        }
        if (t == Resources.LEASES) {
            if (!"kube-node-lease".equals(a.namespace())) {
                return Optional.of("can only access leases in the \"kube-node-lease\" system namespace");
            }
            if (!node.equals(a.name())) {
                return Optional.of("can only access node lease with the same name as the requesting node");
            }
            return Optional.empty();
        }
        if (t == Resources.PODS) {
            boolean own = node.equals(a.podNode());
            boolean missing = a.podNode() == null; // the write then answers 404, as the plugin does
            String sub = a.subresource();
            if (sub == null && a.verb().equals("create")) {
                if (!mirrorPod) {
                    return Optional.of("pod does not have \"kubernetes.io/config.mirror\" annotation, node \"" + node
                            + "\" can only create mirror pods");
                }
                return node.equals(podNodeName) ? Optional.empty()
                        : Optional.of("node \"" + node + "\" can only create pods with spec.nodeName set to itself");
            }
            if (own || missing) {
                return Optional.empty();
            }
            if (sub == null && a.verb().equals("delete")) {
                return Optional.of("node \"" + node + "\" can only delete pods with spec.nodeName set to itself");
            }
            if ("status".equals(sub)) {
                return Optional.of("node \"" + node
                        + "\" can only update pod status for pods with spec.nodeName set to itself");
            }
            if ("eviction".equals(sub)) {
                return Optional.of("node " + node + " can only evict pods with spec.nodeName set to itself");
            }
        }
        return Optional.empty();
    }

    /**
     * {@code User "viewer" cannot delete resource "pods" in API group "" in the namespace "default"}
     * (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go forbiddenMessage).
     */
    private static String denial(UserInfo user, Attributes a) {
        String resource = a.subresource() == null ? a.type().plural() : a.type().plural() + "/" + a.subresource();
        String scope = a.namespace() == null ? "at the cluster scope" : "in the namespace \"" + a.namespace() + "\"";
        return "User \"" + user.name() + "\" cannot " + a.verb() + " resource \"" + resource + "\" in API group \""
                + a.type().group() + "\" " + scope;
    }
}
