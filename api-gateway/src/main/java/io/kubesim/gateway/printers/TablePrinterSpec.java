package io.kubesim.gateway.printers;

import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

import tools.jackson.databind.JsonNode;

/** A printer given by its columns and a row function, for the resources whose rows need no helper state. */
record TablePrinterSpec(List<Column> columns, BiFunction<JsonNode, Instant, Row> rows) implements ResourcePrinter {

    TablePrinterSpec {
        columns = List.copyOf(columns);
    }

    @Override
    public Row row(JsonNode object, Instant now) {
        return rows.apply(object, now);
    }
}
