package io.kubesim.gateway.printers;

import java.util.Arrays;
import java.util.List;

/**
 * The cells of one {@code metav1.TableRow} (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go): strings,
 * {@code Long}s and {@code Boolean}s in column order, and the row's conditions.
 */
record Row(List<Object> cells, List<RowCondition> conditions) {

    Row {
        cells = List.copyOf(cells);
        conditions = List.copyOf(conditions);
    }

    static Row of(Object... cells) {
        return new Row(Arrays.asList(cells), List.of());
    }

    Row withConditions(List<RowCondition> rowConditions) {
        return new Row(cells, rowConditions);
    }

    /** A {@code metav1.TableRowCondition}; upstream uses only {@code Completed}. */
    record RowCondition(String type, String status, String reason, String message) {

        static RowCondition completed(String reason, String message) {
            return new RowCondition("Completed", "True", reason, message);
        }
    }
}
