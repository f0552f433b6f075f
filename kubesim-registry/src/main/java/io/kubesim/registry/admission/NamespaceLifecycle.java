package io.kubesim.registry.admission;

import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.StatusCause;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.Resources;
import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.Statuses;
import io.kubesim.registry.field.GoValue;
import io.kubesim.registry.meta.Tree;

/**
 * NamespaceLifecycle (plugin/pkg/admission/namespace/lifecycle/admission.go): namespaced objects need an existing
 * namespace ({@code namespaces "x" not found}); nothing new may be created in a terminating one (403 with a
 * {@code NamespaceTerminating} cause). Namespaces themselves and cluster-scoped objects pass.
 */
record NamespaceLifecycle() implements AdmissionPlugin {

    @Override
    public void admit(Attributes a) {
        if (a.type() == Resources.NAMESPACES || !a.type().namespaced()) {
            return;
        }
        String namespace = Tree.namespace(a.object());
        if (namespace.isEmpty()) {
            return;
        }
        Optional<ObjectNode> ns = a.state().get(Resources.NAMESPACES.ref(null, namespace).key());
        if (ns.isEmpty()) {
            throw new ApiException(Statuses.notFound(Resources.NAMESPACES, namespace));
        }
        boolean terminating = Tree.str(Tree.obj(ns.get(), "status"), "phase").equals("Terminating")
                || Tree.has(Tree.metadata(ns.get()), "deletionTimestamp");
        if (a.isCreate() && terminating) {
            String name = Tree.name(a.object());
            String subject = name.isEmpty() ? a.type().qualifiedName()
                    : a.type().qualifiedName() + " " + GoValue.quote(name);
            throw new ApiException(Statuses.failure(403, "Forbidden", subject + " is forbidden: unable to create new "
                    + "content in namespace " + namespace + " because it is being terminated", a.type().group(),
                    a.type().plural(), name, List.of(new StatusCause("metadata.namespace",
                            "namespace " + namespace + " is being terminated", "NamespaceTerminating"))));
        }
    }
}
