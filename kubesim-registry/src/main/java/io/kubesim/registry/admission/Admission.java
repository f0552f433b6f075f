package io.kubesim.registry.admission;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.registry.StateView;

/**
 * The admission chain in kube-apiserver's order for the plugins kubesim runs: NamespaceLifecycle, ServiceAccount
 * (defaulting only), TaintNodesAtCreation, Priority, DefaultTolerationSeconds.
 */
public final class Admission {

    private final List<AdmissionPlugin> plugins;

    public Admission(AdmissionSettings settings) {
        this.plugins = List.of(new NamespaceLifecycle(), new ServiceAccountAdmission(), new TaintNodesAtCreation(),
                new PriorityAdmission(), new DefaultTolerationSeconds(settings));
    }

    /** The mutating phase of a create. */
    public void admitCreate(ResourceType type, ObjectNode object, StateView state) {
        Attributes a = new Attributes(Attributes.Operation.CREATE, type, object, null, state);
        plugins.forEach(p -> p.admit(a));
    }

    /** The validating phase of a create. */
    public void validateCreate(ResourceType type, ObjectNode object, StateView state) {
        Attributes a = new Attributes(Attributes.Operation.CREATE, type, object, null, state);
        plugins.forEach(p -> p.validate(a));
    }

    /** The mutating phase of an update. */
    public void admitUpdate(ResourceType type, ObjectNode object, ObjectNode old, StateView state) {
        Attributes a = new Attributes(Attributes.Operation.UPDATE, type, object, old, state);
        plugins.forEach(p -> p.admit(a));
    }

    /** The validating phase of an update. */
    public void validateUpdate(ResourceType type, ObjectNode object, ObjectNode old, StateView state) {
        Attributes a = new Attributes(Attributes.Operation.UPDATE, type, object, old, state);
        plugins.forEach(p -> p.validate(a));
    }
}
