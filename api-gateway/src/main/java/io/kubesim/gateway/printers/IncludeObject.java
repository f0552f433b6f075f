package io.kubesim.gateway.printers;

import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.Statuses;

/**
 * What each Table row carries in {@code object}: the {@code includeObject} query parameter of a Table request
 * ({@code metav1.IncludeObjectPolicy} in staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go), {@code Metadata}
 * unless asked otherwise.
 */
public enum IncludeObject {
    /** {@code "object": null}. */
    NONE("None"),
    /** A {@code meta.k8s.io/v1} {@code PartialObjectMetadata} with the object's metadata (the default). */
    METADATA("Metadata"),
    /** The whole object. */
    OBJECT("Object");

    private final String value;

    IncludeObject(String value) {
        this.value = value;
    }

    /** The query value, e.g. {@code Metadata}. */
    public String value() {
        return value;
    }

    /**
     * The policy named by the {@code includeObject} query parameter; absent or empty means {@link #METADATA}.
     *
     * @throws ApiException 400 BadRequest, worded as kube-apiserver, for any other value
     */
    public static IncludeObject fromQuery(String value) {
        if (value == null || value.isEmpty()) {
            return METADATA;
        }
        for (IncludeObject policy : values()) {
            if (policy.value.equals(value)) {
                return policy;
            }
        }
        throw new ApiException(Statuses.badRequest("Unable to find valid table options: includeObject: Invalid "
                + "value: \""
                + value + "\": must be 'Metadata', 'Object', 'None', or empty"));
    }
}
