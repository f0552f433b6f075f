package io.kubesim.registry.admission;

/**
 * One admission plugin, with kube-apiserver's two phases: mutating ({@code Admit}) before the registry strategy
 * runs, validating ({@code Validate}) after validation passed. Both reject by throwing an
 * {@link io.kubesim.model.status.ApiException}.
 */
sealed interface AdmissionPlugin permits NamespaceLifecycle, ServiceAccountAdmission, TaintNodesAtCreation,
        PriorityAdmission, DefaultTolerationSeconds {

    default void admit(Attributes a) {
    }

    default void validate(Attributes a) {
    }
}
