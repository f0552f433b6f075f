package io.kubesim.model.command;

import java.util.Arrays;
import java.util.Optional;

/** The patch formats kube-apiserver accepts, by Content-Type. */
public enum PatchType {
    JSON_PATCH("application/json-patch+json"),
    MERGE_PATCH("application/merge-patch+json"),
    STRATEGIC_MERGE_PATCH("application/strategic-merge-patch+json"),
    APPLY_PATCH("application/apply-patch+yaml");

    private final String contentType;

    PatchType(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    public static Optional<PatchType> fromContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String bare = contentType.split(";", 2)[0].trim();
        return Arrays.stream(values()).filter(t -> t.contentType.equalsIgnoreCase(bare)).findFirst();
    }
}
