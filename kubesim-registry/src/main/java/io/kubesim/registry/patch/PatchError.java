package io.kubesim.registry.patch;

/**
 * A patch that cannot be applied, with upstream's message and the HTTP code its handler answers with
 * (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go).
 */
final class PatchError extends RuntimeException {

    /** How the handler reports the error. */
    enum Kind {
        /** 400 BadRequest with the message. */
        BAD_REQUEST,
        /** 422 with reason Invalid and upstream's generic text ({@code NewGenericServerResponse}). */
        UNPROCESSABLE
    }

    private final Kind kind;

    PatchError(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    static PatchError badRequest(String message) {
        return new PatchError(Kind.BAD_REQUEST, message);
    }

    static PatchError unprocessable(String message) {
        return new PatchError(Kind.UNPROCESSABLE, message);
    }

    Kind kind() {
        return kind;
    }
}
