package io.kubesim.registry.core;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.NameRule;
import io.kubesim.registry.strategy.Strategy;

/** ServiceAccounts ({@code ValidateServiceAccount}): metadata only, DNS-subdomain names. */
public final class ServiceAccountStrategy implements Strategy {

    @Override
    public ResourceType type() {
        return Resources.SERVICE_ACCOUNTS;
    }

    @Override
    public void defaults(ObjectNode sa) {
        // no v1 defaults
    }

    @Override
    public ErrorList validate(ObjectNode sa) {
        return MetaValidation.validateCreate(sa, true, NameRule.DNS_SUBDOMAIN);
    }

    @Override
    public ErrorList validateUpdate(ObjectNode sa, ObjectNode old) {
        return MetaValidation.validateUpdate(sa, old).addAll(validate(sa));
    }
}
