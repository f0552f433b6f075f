package io.kubesim.infra.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.json.KubeJson;

/**
 * The human-readable output of {@code ./kubesim audit}: kubectl-style tables (upper-case headers, columns padded
 * with three spaces, no trailing blanks) made from the JSON state-service answers.
 */
final class AuditFormat {

    private static final Pattern PLAIN_TOKEN = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]*");
    private static final int MAX_INLINE_JSON = 60;
    private static final int MAX_CHANGES = 6;
    private static final String RESOURCE_VERSION = "/metadata/resourceVersion";

    private AuditFormat() {
    }

    // ---------------------------------------------------------------- history

    /** {@code REVISION TIME TYPE [KEY] ACTOR CHANGE}, one row per entry; KEY when the entries are of many objects. */
    static String history(JsonNode items, boolean showKey) {
        List<String> header = showKey ? List.of("REVISION", "TIME", "TYPE", "KEY", "ACTOR", "CHANGE")
                : List.of("REVISION", "TIME", "TYPE", "ACTOR", "CHANGE");
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode e : items) {
            rows.add(historyRow(e, showKey));
        }
        return table(header, rows);
    }

    private static List<String> historyRow(JsonNode e, boolean showKey) {
        List<String> row = new ArrayList<>(List.of(text(e, "revision"), text(e, "time"), text(e, "type")));
        if (showKey) {
            row.add(text(e, "key"));
        }
        row.add(text(e, "actor"));
        row.add(change(e.path("patch")));
        return row;
    }

    /**
     * A patch in one line: {@code path=value} for an add or replace ({@code spec.nodeName=node-a}), {@code -path}
     * for a remove, {@code (whole object)} for the add at the root that creates an object, {@code -} when empty.
     * The resourceVersion (the revision, in its own column) is left out; after {@value #MAX_CHANGES} operations the
     * rest are counted ({@code -o json} has them all).
     */
    static String change(JsonNode patch) {
        List<String> parts = new ArrayList<>();
        for (JsonNode op : patch) {
            String kind = op.path("op").asString("");
            String pointer = op.path("path").asString("");
            if (pointer.equals(RESOURCE_VERSION)) {
                continue;
            }
            String path = dotted(pointer);
            switch (kind) {
                case "remove" -> parts.add("-" + path);
                case "add", "replace" -> parts.add(path.isEmpty() ? "(whole object)" : path + "=" + value(op.path("value")));
                default -> parts.add(kind + " " + path);
            }
        }
        if (parts.size() > MAX_CHANGES) {
            int more = parts.size() - MAX_CHANGES;
            parts = new ArrayList<>(parts.subList(0, MAX_CHANGES));
            parts.add("... (" + more + " more)");
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** An RFC 6901 pointer as a kubectl JSONPath: {@code /status/conditions/1/type} → {@code status.conditions[1].type}. */
    static String dotted(String pointer) {
        if (pointer.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String raw : pointer.substring(1).split("/", -1)) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            if (INDEX.matcher(token).matches() && !out.isEmpty()) {
                out.append('[').append(token).append(']');
            } else if (PLAIN_TOKEN.matcher(token).matches()) {
                out.append(out.isEmpty() ? "" : ".").append(token);
            } else {
                out.append("[").append(KubeJson.write(token)).append("]");
            }
        }
        return out.toString();
    }

    private static String value(JsonNode v) {
        if (v.isString()) {
            String s = v.asString();
            return s.isEmpty() || s.contains(", ") || s.contains("=") ? KubeJson.write(s) : s;
        }
        if (v.isContainer()) {
            String json = KubeJson.write(v);
            return json.length() <= MAX_INLINE_JSON ? json : v.isObject() ? "{...}" : "[...]";
        }
        return v.toString();
    }

    // ---------------------------------------------------------------- why

    /**
     * A pod's history with its scheduling decisions in between, in revision order: a decision goes right before
     * the entry that names it ({@code decisionId}, the binding), one that led to no binding before the first entry
     * later than it.
     */
    static String why(JsonNode history, JsonNode decisions) {
        List<JsonNode> entries = new ArrayList<>();
        history.forEach(entries::add);
        List<List<JsonNode>> before = new ArrayList<>();
        for (int i = 0; i <= entries.size(); i++) {
            before.add(new ArrayList<>());
        }
        int lastAnchor = 0;
        for (JsonNode d : decisions) {
            int anchor = anchor(entries, d);
            lastAnchor = Math.max(anchor, lastAnchor);
            before.get(lastAnchor).add(d);
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i <= entries.size(); i++) {
            for (JsonNode d : before.get(i)) {
                rows.add(List.of("-", text(d, "time"), "DECISION", d.path("profile").asString("scheduler"),
                        decision(d)));
            }
            if (i < entries.size()) {
                rows.add(historyRow(entries.get(i), false));
            }
        }
        return table(List.of("REVISION", "TIME", "TYPE", "ACTOR", "CHANGE"), rows);
    }

    private static int anchor(List<JsonNode> entries, JsonNode decision) {
        String id = decision.path("id").asString("");
        for (int i = 0; i < entries.size(); i++) {
            if (!id.isEmpty() && id.equals(entries.get(i).path("decisionId").asString(null))) {
                return i;
            }
        }
        Instant t = time(decision.path("time").asString(""));
        for (int i = 0; i < entries.size(); i++) {
            if (time(entries.get(i).path("time").asString("")).isAfter(t)) {
                return i;
            }
        }
        return entries.size();
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.MAX;
        }
    }

    /**
     * One decision record in a line: {@code Scheduled on amd64-w1 (attempt 1, 4/5 nodes feasible; top: amd64-w1 187,
     * amd64-w2 150)}, or the outcome and its message.
     */
    static String decision(JsonNode d) {
        String outcome = d.path("outcome").asString("?");
        StringBuilder out = new StringBuilder(outcome);
        String chosen = d.path("chosenNode").asString(null);
        if (chosen != null && !chosen.isEmpty()) {
            out.append(" on ").append(chosen);
        }
        out.append(" (attempt ").append(d.path("attempt").asInt()).append(", ").append(d.path("feasibleNodes").asInt())
                .append('/').append(d.path("numNodes").asInt()).append(" nodes feasible");
        List<String> top = new ArrayList<>();
        for (JsonNode n : d.path("topNodes")) {
            top.add(n.path("node").asString() + " " + n.path("total").asLong());
        }
        if (!top.isEmpty()) {
            out.append("; top: ").append(String.join(", ", top));
        }
        out.append(')');
        String message = d.path("message").asString(null);
        if (message != null && !message.isEmpty()) {
            out.append(": ").append(message);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- state, diff, verify

    /** {@code KEY KIND STATUS} of the objects of a state answer, after a line naming its revision. */
    static String state(JsonNode state) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode o : state.path("items")) {
            JsonNode meta = o.path("metadata");
            String ns = meta.path("namespace").asString("");
            String name = meta.path("name").asString("");
            rows.add(List.of(ns.isEmpty() ? name : ns + "/" + name, o.path("kind").asString(""), objectStatus(o)));
        }
        String head = "state at revision " + text(state, "revision") + "\n";
        return rows.isEmpty() ? head + "no objects\n" : head + table(List.of("NAME", "KIND", "STATUS"), rows);
    }

    private static String objectStatus(JsonNode o) {
        String phase = o.path("status").path("phase").asString("");
        String node = o.path("spec").path("nodeName").asString("");
        if ("Pod".equals(o.path("kind").asString(""))) {
            String p = phase.isEmpty() ? "Pending" : phase;
            return node.isEmpty() ? p : p + " on " + node;
        }
        for (JsonNode c : o.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asString(""))) {
                return "True".equals(c.path("status").asString("")) ? "Ready" : "NotReady";
            }
        }
        return phase.isEmpty() ? "-" : phase;
    }

    /** {@code CHANGE KEY REVISION PATCH}: added, then removed, then modified objects between two revisions. */
    static String diff(JsonNode diff) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode a : diff.path("added")) {
            rows.add(List.of("ADDED", text(a, "key"), text(a, "revision"), ""));
        }
        for (JsonNode r : diff.path("removed")) {
            rows.add(List.of("REMOVED", text(r, "key"), text(r, "revision"), ""));
        }
        for (JsonNode m : diff.path("modified")) {
            rows.add(List.of("MODIFIED", text(m, "key"), text(m, "fromRevision") + "->" + text(m, "toRevision"),
                    change(m.path("patch"))));
        }
        if (rows.isEmpty()) {
            return "no differences between revision " + text(diff, "from") + " and " + text(diff, "to") + "\n";
        }
        return table(List.of("CHANGE", "KEY", "REVISION", "PATCH"), rows);
    }

    /** The mismatches (one a line), then the counts, the time the replay took and the state's hash. */
    static String verify(JsonNode v) {
        StringBuilder out = new StringBuilder();
        JsonNode mismatches = v.path("mismatches");
        for (JsonNode m : mismatches) {
            out.append("MISMATCH ").append(m.asString()).append('\n');
        }
        out.append("replayed ").append(text(v, "rows")).append(" log rows into ").append(text(v, "keys"))
                .append(" objects (live projection: ").append(text(v, "liveKeys")).append(") in ")
                .append(text(v, "millis")).append(" ms: ")
                .append(mismatches.isEmpty() ? "no mismatches" : mismatches.size() + " mismatch(es)").append('\n');
        out.append("state hash ").append(text(v, "stateHash")).append('\n');
        return out.toString();
    }

    static String imported(JsonNode r) {
        return "imported " + text(r, "rows") + " log rows up to revision " + text(r, "revision") + " ("
                + text(r, "objects") + " objects) in " + text(r, "millis") + " ms, in place of the cluster's "
                + text(r, "replacedBootstrapRows") + " bootstrap rows\n";
    }

    // ---------------------------------------------------------------- table

    /** Columns padded to their widest cell plus three spaces, the last one not padded. */
    static String table(List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (List<String> row : concat(header, rows)) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : concat(header, rows)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) {
                    line.append(" ".repeat(width[i] - row.get(i).length() + 3));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static List<List<String>> concat(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>(rows.size() + 1);
        all.add(header);
        all.addAll(rows);
        return all;
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.path(field);
        return v.isMissingNode() || v.isNull() ? "" : v.isValueNode() ? v.asString() : v.toString();
    }
}
