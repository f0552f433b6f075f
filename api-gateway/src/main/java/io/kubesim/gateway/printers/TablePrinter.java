package io.kubesim.gateway.printers;

import static io.kubesim.gateway.printers.Tree.text;
import static io.kubesim.gateway.printers.Tree.time;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side printing: the {@code meta.k8s.io/v1} {@code Table} kube-apiserver 1.32 returns when a client sends
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io} (what {@code kubectl get} does), for lists, single
 * objects and watch events.
 *
 * <p>Like kube-apiserver (pkg/printers/storage/storage.go prints with {@code Wide: true}), every row carries all
 * columns; the client hides {@code priority > 0} columns unless asked for {@code -o wide}. Row objects follow
 * {@code asTable} in staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go: PartialObjectMetadata by
 * default, the object itself for {@code includeObject=Object}, {@code null} for {@code includeObject=None}. The Table's
 * {@code metadata} is the list's ({@code resourceVersion}, {@code continue}) or, for a single object, its
 * {@code resourceVersion}.
 *
 * <p>Columns and cells per resource follow pkg/printers/internalversion/printers.go. A resource without a printer gets
 * NAME and AGE (the columns kubectl shows for a plain list), where kube-apiserver's default table convertor would
 * send NAME and a {@code date} column "Created At".
 */
public final class TablePrinter {

    /** The response Content-Type of a Table. */
    public static final String CONTENT_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";

    private static final String TABLE_API_VERSION = "meta.k8s.io/v1";

    private static final ResourcePrinter DEFAULT = new TablePrinterSpec(List.of(Column.NAME, Column.AGE),
            (object, now) -> Row.of(text(object, "metadata", "name"),
                    HumanDuration.since(time(object, "metadata", "creationTimestamp"), now)));

    private static final Map<String, ResourcePrinter> PRINTERS = Map.ofEntries(
            Map.entry(Resources.PODS.qualifiedName(), new PodPrinter()),
            Map.entry(Resources.NODES.qualifiedName(), new NodePrinter()),
            Map.entry(Resources.NAMESPACES.qualifiedName(), CorePrinters.NAMESPACES),
            Map.entry(Resources.EVENTS.qualifiedName(), CorePrinters.EVENTS),
            Map.entry(Resources.SERVICES.qualifiedName(), CorePrinters.SERVICES),
            Map.entry(Resources.CONFIGMAPS.qualifiedName(), CorePrinters.CONFIG_MAPS),
            Map.entry(Resources.SECRETS.qualifiedName(), CorePrinters.SECRETS),
            Map.entry(Resources.SERVICE_ACCOUNTS.qualifiedName(), CorePrinters.SERVICE_ACCOUNTS),
            Map.entry(Resources.LEASES.qualifiedName(), CorePrinters.LEASES),
            Map.entry(Resources.POD_DISRUPTION_BUDGETS.qualifiedName(), CorePrinters.POD_DISRUPTION_BUDGETS),
            Map.entry(Resources.PRIORITY_CLASSES.qualifiedName(), CorePrinters.PRIORITY_CLASSES),
            Map.entry(Resources.DEPLOYMENTS.qualifiedName(), WorkloadPrinters.DEPLOYMENTS),
            Map.entry(Resources.REPLICA_SETS.qualifiedName(), WorkloadPrinters.REPLICA_SETS),
            Map.entry(Resources.DAEMON_SETS.qualifiedName(), WorkloadPrinters.DAEMON_SETS),
            Map.entry(Resources.JOBS.qualifiedName(), WorkloadPrinters.JOBS));

    private TablePrinter() {
    }

    /**
     * Whether an {@code Accept} header asks for a {@code meta.k8s.io/v1} Table before any plain JSON: true for what
     * {@code kubectl get} sends ({@code application/json;as=Table;v=v1;g=meta.k8s.io,...,application/json}).
     */
    public static boolean acceptsTable(String accept) {
        if (accept == null) {
            return false;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
            String as = "";
            String group = "";
            String version = "";
            for (int i = 1; i < parts.length; i++) {
                String[] parameter = parts[i].split("=", 2);
                String value = parameter.length == 2 ? parameter[1].strip() : "";
                switch (parameter[0].strip().toLowerCase(Locale.ROOT)) {
                    case "as" -> as = value;
                    case "g" -> group = value;
                    case "v" -> version = value;
                    default -> { }
                }
            }
            boolean json = mediaType.equals("application/json") || mediaType.equals("*/*")
                    || mediaType.equals("application/*");
            if (json && as.isEmpty()) {
                return false;
            }
            if (json && as.equals("Table") && group.equals("meta.k8s.io") && version.equals("v1")) {
                return true;
            }
        }
        return false;
    }

    /** The Table of a list whose {@code metadata.resourceVersion} is {@code resourceVersion}. */
    public static ObjectNode table(ResourceType type, List<? extends JsonNode> objects, TableOptions options,
            Clock clock, String resourceVersion) {
        ObjectNode listMetadata = JsonNodeFactory.instance.objectNode();
        if (resourceVersion != null) {
            listMetadata.put("resourceVersion", resourceVersion);
        }
        return table(type, objects, options, clock, listMetadata);
    }

    /**
     * The Table of a list with the given list metadata ({@code resourceVersion}, {@code continue},
     * {@code remainingItemCount}), which becomes the Table's metadata.
     */
    public static ObjectNode table(ResourceType type, List<? extends JsonNode> objects, TableOptions options,
            Clock clock, ObjectNode listMetadata) {
        ResourcePrinter printer = printerFor(type);
        Instant now = clock.instant();
        ObjectNode table = header(listMetadata.deepCopy(), printer, options);
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            rows.add(row(type, printer, object, options, now));
        }
        return table;
    }

    /**
     * The one-row Table of a single object: the answer to a Table GET of one object, and the {@code object} of each
     * event of a Table watch (pass {@link TableOptions#withoutHeaders()} after the first event).
     */
    public static ObjectNode table(ResourceType type, JsonNode object, TableOptions options, Clock clock) {
        ResourcePrinter printer = printerFor(type);
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        String resourceVersion = text(object, "metadata", "resourceVersion");
        if (!resourceVersion.isEmpty()) {
            metadata.put("resourceVersion", resourceVersion);
        }
        ObjectNode table = header(metadata, printer, options);
        table.putArray("rows").add(row(type, printer, object, options, clock.instant()));
        return table;
    }

    private static ResourcePrinter printerFor(ResourceType type) {
        return PRINTERS.getOrDefault(type.qualifiedName(), DEFAULT);
    }

    private static ObjectNode header(ObjectNode metadata, ResourcePrinter printer, TableOptions options) {
        ObjectNode table = JsonNodeFactory.instance.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", TABLE_API_VERSION);
        table.set("metadata", metadata);
        if (options.noHeaders()) {
            table.putNull("columnDefinitions");
        } else {
            ArrayNode columns = table.putArray("columnDefinitions");
            for (Column column : printer.columns()) {
                columns.addObject()
                        .put("name", column.name())
                        .put("type", column.type())
                        .put("format", column.format())
                        .put("description", column.description())
                        .put("priority", column.priority());
            }
        }
        return table;
    }

    private static ObjectNode row(ResourceType type, ResourcePrinter printer, JsonNode object, TableOptions options,
            Instant now) {
        Row printed = printer.row(object, now);
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        ArrayNode cells = row.putArray("cells");
        for (Object cell : printed.cells()) {
            switch (cell) {
                case Long number -> cells.add(number);
                case Boolean bool -> cells.add(bool);
                default -> cells.add(cell.toString());
            }
        }
        if (!printed.conditions().isEmpty()) {
            ArrayNode conditions = row.putArray("conditions");
            for (Row.RowCondition condition : printed.conditions()) {
                conditions.addObject()
                        .put("type", condition.type())
                        .put("status", condition.status())
                        .put("reason", condition.reason())
                        .put("message", condition.message());
            }
        }
        switch (options.includeObject()) {
            case NONE -> row.putNull("object");
            case METADATA -> {
                ObjectNode partial = row.putObject("object");
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", TABLE_API_VERSION);
                partial.set("metadata", object.path("metadata").isObject()
                        ? object.get("metadata").deepCopy() : JsonNodeFactory.instance.objectNode());
            }
            case OBJECT -> {
                ObjectNode whole = KubeJson.copy(object);
                if (!whole.has("kind")) {
                    whole.put("kind", type.kind());
                }
                if (!whole.has("apiVersion")) {
                    whole.put("apiVersion", type.apiVersion());
                }
                row.set("object", whole);
            }
        }
        return row;
    }
}
