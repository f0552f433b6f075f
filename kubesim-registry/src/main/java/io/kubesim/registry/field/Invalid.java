package io.kubesim.registry.field;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.FieldError;
import io.kubesim.model.status.Statuses;

/**
 * The 422 Invalid error of a failed validation ({@code errors.NewInvalid},
 * staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go): {@code Pod "web" is invalid: [a, b]}, identical
 * messages reported once (as {@code ErrorList.ToAggregate} does), one cause per distinct error.
 */
public final class Invalid {

    private Invalid() {
    }

    public static ApiException exception(ResourceType type, String name, ErrorList errors) {
        String qualifiedKind = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
        return exception(qualifiedKind, type.group(), type.kind(), name, errors.toList());
    }

    /** For errors not tied to a kind, e.g. {@code  "" is invalid: patch: Invalid value: ...}. */
    public static ApiException exception(String qualifiedKind, String group, String kind, String name,
            List<FieldError> errors) {
        Set<String> seen = new LinkedHashSet<>();
        List<FieldError> distinct = new ArrayList<>();
        for (FieldError e : errors) {
            if (seen.add(e.message())) {
                distinct.add(e);
            }
        }
        String message = qualifiedKind + " " + GoValue.quote(name == null ? "" : name) + " is invalid";
        if (distinct.size() == 1) {
            message += ": " + distinct.getFirst().message();
        } else if (distinct.size() > 1) {
            message += ": [" + String.join(", ", distinct.stream().map(FieldError::message).toList()) + "]";
        }
        List<StatusCause> causes = distinct.stream()
                .map(e -> new StatusCause(e.field(), e.body(), e.type().causeReason()))
                .toList();
        Status status = Statuses.failure(422, "Invalid", message, group, kind, name, causes);
        return new ApiException(status);
    }
}
