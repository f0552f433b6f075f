package io.kubesim.gateway.printers;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The columns of one resource's table and the row of one of its objects, at a given cluster time: the pair of column
 * definitions and print function that pkg/printers/internalversion/printers.go registers per type.
 */
interface ResourcePrinter {

    List<Column> columns();

    Row row(JsonNode object, Instant now);
}
