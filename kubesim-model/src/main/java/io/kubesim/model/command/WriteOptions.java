package io.kubesim.model.command;

/**
 * Options every write carries, as kube-apiserver's query parameters do.
 *
 * @param dryRun          validate and answer, but store nothing ({@code dryRun=All})
 * @param fieldManager    the writer's name ({@code fieldManager=kubectl-client-side-apply})
 * @param fieldValidation how unknown fields are treated: {@code Strict}, {@code Warn} or {@code Ignore}
 */
public record WriteOptions(boolean dryRun, String fieldManager, String fieldValidation) {

    public static final WriteOptions DEFAULT = new WriteOptions(false, null, null);

    public static WriteOptions manager(String fieldManager) {
        return new WriteOptions(false, fieldManager, null);
    }

    public boolean strict() {
        return "Strict".equals(fieldValidation);
    }
}
