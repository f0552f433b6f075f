package io.kubesim.gateway.printers;

/**
 * How to print a Table ({@code metav1.TableOptions}, staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go).
 *
 * @param includeObject what each row carries in {@code object}, from the {@code includeObject} query parameter
 * @param noHeaders     leave out {@code columnDefinitions}: kube-apiserver sends them only with the first event of a
 *                      watch, so a controller streaming Table watch events passes {@link #withoutHeaders()} after it
 */
public record TableOptions(IncludeObject includeObject, boolean noHeaders) {

    /** What kubectl gets: PartialObjectMetadata rows, with column definitions. */
    public static final TableOptions DEFAULT = new TableOptions(IncludeObject.METADATA, false);

    public TableOptions {
        if (includeObject == null) {
            throw new IllegalArgumentException("includeObject is required");
        }
    }

    /**
     * The options of a request from its {@code includeObject} query parameter (may be null).
     *
     * @throws io.kubesim.model.status.ApiException 400 BadRequest for an unknown value
     */
    public static TableOptions fromQuery(String includeObject) {
        return new TableOptions(IncludeObject.fromQuery(includeObject), false);
    }

    /** These options for the second and later events of a watch. */
    public TableOptions withoutHeaders() {
        return new TableOptions(includeObject, true);
    }
}
