package io.kubesim.registry.strategy;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.meta.MetaValidation;

/**
 * A kind's registry rules, as kube-apiserver's {@code RESTCreateStrategy}/{@code RESTUpdateStrategy} plus the
 * versioned defaulting functions (k8s.io/apiserver/pkg/registry/rest/create.go, update.go and
 * pkg/registry/&lt;group&gt;/&lt;kind&gt;/strategy.go). Objects are JSON trees and are changed in place.
 */
public interface Strategy {

    ResourceType type();

    /** The versioned defaults applied when an object is decoded ({@code SetObjectDefaults_*}). */
    void defaults(ObjectNode object);

    /** Clears what users may not set on create (e.g. status), sets generation, derives fields. */
    default void prepareForCreate(ObjectNode object) {
    }

    /** Validation of a new object, metadata included. */
    ErrorList validate(ObjectNode object);

    /** Keeps what users may not change through the main resource (status, for kinds with a status subresource). */
    default void prepareForUpdate(ObjectNode object, ObjectNode old) {
    }

    /** Validation of an update of the main resource, metadata included. */
    ErrorList validateUpdate(ObjectNode object, ObjectNode old);

    /** Status-subresource specifics after everything but status has been taken from the old object. */
    default void prepareForStatusUpdate(ObjectNode object, ObjectNode old) {
    }

    /** Validation of a status-subresource update. */
    default ErrorList validateStatusUpdate(ObjectNode object, ObjectNode old) {
        return MetaValidation.validateUpdate(object, old);
    }

    /** Normalization after validation ({@code Canonicalize}). */
    default void canonicalize(ObjectNode object) {
    }
}
