package io.kubesim.registry.core;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.NameRule;
import io.kubesim.registry.meta.Names;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.strategy.Strategy;

/**
 * Core v1 Events ({@code ValidateEventCreate}/{@code legacyValidateEvent} of
 * pkg/apis/core/validation/events.go): the involved object's namespace must match the event's, and events that
 * carry an {@code eventTime} need the reporting fields.
 */
public final class EventStrategy implements Strategy {

    @Override
    public ResourceType type() {
        return Resources.EVENTS;
    }

    @Override
    public void defaults(ObjectNode event) {
        // no v1 defaults
    }

    @Override
    public ErrorList validate(ObjectNode event) {
        ErrorList errs = MetaValidation.validateCreate(event, true, NameRule.DNS_SUBDOMAIN);
        String ns = Tree.namespace(event);
        ObjectNode involved = Tree.obj(event, "involvedObject");
        String involvedNs = Tree.str(involved, "namespace");
        Path nsPath = Path.of("involvedObject", "namespace");
        if (!Tree.has(event, "eventTime")) {
            if (involvedNs.isEmpty()) {
                if (!ns.isEmpty() && !ns.equals("default")) {
                    errs.invalid(nsPath, involvedNs, "does not match event.namespace");
                }
            } else if (!ns.equals(involvedNs)) {
                errs.invalid(nsPath, involvedNs, "does not match event.namespace");
            }
        } else {
            if (involvedNs.isEmpty() && !ns.equals("default") && !ns.equals("kube-system")) {
                errs.invalid(nsPath, involvedNs, "does not match event.namespace");
            }
            String controller = Tree.str(event, "reportingComponent");
            if (controller.isEmpty()) {
                errs.required(Path.of("reportingComponent"), "");
            }
            errs.invalidEach(Path.of("reportingComponent"), controller, Names.qualifiedName(controller));
            String instance = Tree.str(event, "reportingInstance");
            if (instance.isEmpty()) {
                errs.required(Path.of("reportingInstance"), "");
            }
            if (instance.length() > 128) {
                errs.invalid(Path.of("reportingInstance"), "", "can have at most 128 characters");
            }
            if (Tree.str(event, "action").isEmpty()) {
                errs.required(Path.of("action"), "");
            }
            if (Tree.str(event, "action").length() > 128) {
                errs.invalid(Path.of("action"), "", "can have at most 128 characters");
            }
            if (Tree.str(event, "reason").isEmpty()) {
                errs.required(Path.of("reason"), "");
            }
            if (Tree.str(event, "reason").length() > 128) {
                errs.invalid(Path.of("reason"), "", "can have at most 128 characters");
            }
            if (Tree.str(event, "message").length() > 1024) {
                errs.invalid(Path.of("message"), "", "can have at most 1024 characters");
            }
        }
        errs.invalidEach(Path.of("namespace"), ns, Names.dns1123Subdomain(ns));
        return errs;
    }

    @Override
    public ErrorList validateUpdate(ObjectNode event, ObjectNode old) {
        return MetaValidation.validateUpdate(event, old).addAll(validate(event));
    }
}
