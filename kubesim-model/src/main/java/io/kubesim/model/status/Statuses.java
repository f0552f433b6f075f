package io.kubesim.model.status;

import java.util.List;

import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;

import io.kubesim.model.resource.ResourceType;

/**
 * Kubernetes {@code Status} errors with kube-apiserver's reasons, codes and wording
 * (staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go).
 */
public final class Statuses {

    public static final String OBJECT_MODIFIED =
            "the object has been modified; please apply your changes to the latest version and try again";

    private Statuses() {
    }

    public static Status success() {
        return new StatusBuilder().withApiVersion("v1").withKind("Status").withMetadata(new ListMeta())
                .withStatus("Success").build();
    }

    public static Status notFound(ResourceType type, String name) {
        return notFound(type.group(), type.plural(), name);
    }

    public static Status notFound(String group, String resource, String name) {
        return failure(404, "NotFound", qualified(group, resource) + " " + FieldError.quote(name) + " not found",
                group, resource, name, List.of());
    }

    /** The 404 for a URL that names no resource at all. */
    public static Status pathNotFound() {
        return failure(404, "NotFound", "the server could not find the requested resource", null, null, null,
                List.of());
    }

    public static Status alreadyExists(ResourceType type, String name) {
        return failure(409, "AlreadyExists",
                type.qualifiedName() + " " + FieldError.quote(name) + " already exists",
                type.group(), type.plural(), name, List.of());
    }

    public static Status conflict(ResourceType type, String name, String why) {
        return failure(409, "Conflict",
                "Operation cannot be fulfilled on " + type.qualifiedName() + " " + FieldError.quote(name) + ": " + why,
                type.group(), type.plural(), name, List.of());
    }

    public static Status conflictModified(ResourceType type, String name) {
        return conflict(type, name, OBJECT_MODIFIED);
    }

    public static Status invalid(ResourceType type, String name, List<FieldError> errors) {
        String qualifiedKind = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
        return invalid(qualifiedKind, type.group(), type.kind(), name, errors);
    }

    public static Status invalid(String qualifiedKind, String group, String kind, String name,
            List<FieldError> errors) {
        String message = qualifiedKind + " " + FieldError.quote(name == null ? "" : name) + " is invalid";
        if (errors.size() == 1) {
            message += ": " + errors.getFirst().message();
        } else if (errors.size() > 1) {
            message += ": [" + String.join(", ", errors.stream().map(FieldError::message).toList()) + "]";
        }
        List<StatusCause> causes = errors.stream()
                .map(e -> new StatusCause(e.field(), e.body(), e.type().causeReason()))
                .toList();
        return failure(422, "Invalid", message, group, kind, name, causes);
    }

    public static Status badRequest(String message) {
        return failure(400, "BadRequest", message, null, null, null, List.of());
    }

    public static Status unauthorized() {
        return failure(401, "Unauthorized", "Unauthorized", null, null, null, List.of());
    }

    /**
     * {@code pods "web" is forbidden: User "view" cannot delete resource "pods" in API group "" in the namespace
     * "default"}.
     */
    public static Status forbidden(String group, String resource, String name, String why) {
        String subject = name == null || name.isEmpty()
                ? qualified(group, resource)
                : qualified(group, resource) + " " + FieldError.quote(name);
        return failure(403, "Forbidden", subject + " is forbidden: " + why, group, resource, name, List.of());
    }

    public static Status methodNotSupported(String group, String resource, String action) {
        return failure(405, "MethodNotAllowed",
                action + " is not supported on resources of kind " + FieldError.quote(qualified(group, resource)),
                group, resource, null, List.of());
    }

    /** 410 Gone for a watch or list from a compacted revision. */
    public static Status expired(String message) {
        return failure(410, "Expired", message, null, null, null, List.of());
    }

    public static Status tooLarge(long limitBytes) {
        return failure(413, "RequestEntityTooLarge", "Request entity too large: limit is " + limitBytes, null, null,
                null, List.of());
    }

    public static Status unsupportedMediaType(String contentType, List<String> accepted) {
        return failure(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: "
                        + String.join(", ", accepted),
                null, null, null, List.of());
    }

    public static Status notAcceptable(String message) {
        return failure(406, "NotAcceptable", message, null, null, null, List.of());
    }

    /** 429 for an eviction that would violate a PodDisruptionBudget. */
    public static Status disruptionBudgetViolated(String causeMessage) {
        Status status = failure(429, "TooManyRequests",
                "Cannot evict pod as it would violate the pod's disruption budget.", null, null, null,
                List.of(new StatusCause(null, causeMessage, "DisruptionBudget")));
        return status;
    }

    public static Status internal(String message) {
        return failure(500, "InternalError", "Internal error occurred: " + message, null, null, null, List.of());
    }

    public static Status unavailable(String message) {
        return failure(503, "ServiceUnavailable", message, null, null, null, List.of());
    }

    public static Status timeout(String message) {
        return failure(504, "Timeout", "Timeout: " + message, null, null, null, List.of());
    }

    public static Status failure(int code, String reason, String message, String group, String kind, String name,
            List<StatusCause> causes) {
        StatusBuilder b = new StatusBuilder()
                .withApiVersion("v1")
                .withKind("Status")
                .withMetadata(new ListMeta())
                .withStatus("Failure")
                .withMessage(message)
                .withReason(reason)
                .withCode(code);
        if (name != null || kind != null || !causes.isEmpty()) {
            b.withDetails(new StatusDetailsBuilder()
                    .withName(name)
                    .withGroup(group == null || group.isEmpty() ? null : group)
                    .withKind(kind)
                    .withCauses(causes.isEmpty() ? null : causes)
                    .build());
        }
        return b.build();
    }

    private static String qualified(String group, String resource) {
        return group == null || group.isEmpty() ? resource : resource + "." + group;
    }
}
