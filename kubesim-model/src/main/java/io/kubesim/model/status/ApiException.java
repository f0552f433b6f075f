package io.kubesim.model.status;

import io.fabric8.kubernetes.api.model.Status;

/** Carries a Kubernetes {@link Status} out of a request path where returning it is not practical. */
public class ApiException extends RuntimeException {

    private final transient Status status;

    public ApiException(Status status) {
        super(status.getMessage(), null, false, false);
        this.status = status;
    }

    public Status status() {
        return status;
    }

    public int code() {
        return status.getCode() == null ? 500 : status.getCode();
    }
}
