package io.kubesim.registry.coordination;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.NameRule;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.strategy.Strategy;

/**
 * Leases ({@code ValidateLease*} of pkg/apis/coordination/validation/validation.go): a positive duration and a
 * non-negative transition count.
 */
public final class LeaseStrategy implements Strategy {

    @Override
    public ResourceType type() {
        return Resources.LEASES;
    }

    @Override
    public void defaults(ObjectNode lease) {
        // coordination/v1 has no defaults
    }

    @Override
    public ErrorList validate(ObjectNode lease) {
        ErrorList errs = MetaValidation.validateCreate(lease, true, NameRule.DNS_SUBDOMAIN);
        ObjectNode spec = Tree.obj(lease, "spec");
        Long duration = Tree.lng(spec, "leaseDurationSeconds");
        if (duration != null && duration <= 0) {
            errs.invalid(Path.of("spec", "leaseDurationSeconds"), duration, "must be greater than 0");
        }
        Long transitions = Tree.lng(spec, "leaseTransitions");
        if (transitions != null && transitions < 0) {
            errs.invalid(Path.of("spec", "leaseTransitions"), transitions, "must be greater than or equal to 0");
        }
        return errs;
    }

    @Override
    public ErrorList validateUpdate(ObjectNode lease, ObjectNode old) {
        return MetaValidation.validateUpdate(lease, old).addAll(validate(lease));
    }
}
