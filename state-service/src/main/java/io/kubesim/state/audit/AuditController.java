package io.kubesim.state.audit;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.event.ChangeType;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.Statuses;
import io.kubesim.state.log.CommandWriter;
import io.kubesim.state.log.LogRepository;
import io.kubesim.state.store.LogRow;

/**
 * The log read by an auditor over HTTP: the history of changes (of one object, one actor, one kind, a revision or
 * time range) with the patch each made, the difference between two revisions, the state at a revision or a time,
 * an export of the rows as JSON Lines, and the import of such an export into an empty log. A bad parameter is
 * answered with a Kubernetes {@code Status} and 400.
 */
@RestController
class AuditController {

    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 10_000;
    static final String JSONL = "application/jsonl";

    private final AuditRepository audit;
    private final LogRepository log;
    private final LogImport importer;

    /** The newest revision any answer may name is the newest committed to the log (the writer commits first). */
    AuditController(DataSource dataSource, LogRepository log, CommandWriter writer) {
        this.audit = new AuditRepository(dataSource);
        this.log = log;
        this.importer = new LogImport(dataSource, writer);
    }

    /**
     * Log entries that match every filter given, oldest first, {@code limit} per page; when there are more, the
     * answer's {@code continue} is the token of the next page (the last revision returned).
     */
    @GetMapping("/kubesim/v1/history")
    ResponseEntity<String> history(@RequestParam(required = false) String key,
            @RequestParam(required = false) String actor, @RequestParam(required = false) String kind,
            @RequestParam(required = false) String resource, @RequestParam(required = false) String fromRevision,
            @RequestParam(required = false) String toRevision, @RequestParam(required = false) String since,
            @RequestParam(required = false) String until, @RequestParam(required = false) String limit,
            @RequestParam(name = "continue", required = false) String continueToken) {
        if (key != null && !key.startsWith("/")) {
            throw bad("key must be a storage key such as /pods/default/web, not " + quote(key));
        }
        if (actor != null && actor.isEmpty()) {
            throw bad("actor must not be empty");
        }
        String prefix = kindPrefix(kind, resource);
        Long from = revisionParam("fromRevision", fromRevision);
        Long to = revisionParam("toRevision", toRevision);
        if (from != null && to != null && from > to) {
            throw bad("fromRevision (" + from + ") must not be after toRevision (" + to + ")");
        }
        Instant sinceTime = timeParam("since", since);
        Instant untilTime = timeParam("until", until);
        if (sinceTime != null && untilTime != null && sinceTime.isAfter(untilTime)) {
            throw bad("since (" + since + ") must not be after until (" + until + ")");
        }
        int pageSize = DEFAULT_LIMIT;
        if (limit != null) {
            long n = longParam("limit", limit);
            if (n < 1) {
                throw bad("limit must be at least 1, not " + n);
            }
            pageSize = (int) Math.min(n, MAX_LIMIT);
        }
        long after = 0;
        if (continueToken != null) {
            Long token = continueToken.isEmpty() ? null : parseLong(continueToken);
            if (token == null || token < 0) {
                throw bad("the continue token " + quote(continueToken) + " is not one this server handed out");
            }
            after = token;
        }
        var filter = new AuditRepository.Filter(key, prefix, actor, from, to, sinceTime, untilTime, after);
        List<ObjectNode> entries = new ArrayList<>();
        audit.history(filter, pageSize + 1, h -> entries.add(entry(h)));
        ObjectNode out = KubeJson.json().createObjectNode();
        out.put("kind", "History").put("revision", log.maxRevision());
        ArrayNode items = out.putArray("items");
        entries.stream().limit(pageSize).forEach(items::add);
        if (entries.size() > pageSize) {
            out.put("continue", String.valueOf(entries.get(pageSize - 1).path("revision").asLong()));
        }
        return json(out);
    }

    static ObjectNode entry(AuditRepository.HistoryRow h) {
        LogRow r = h.row();
        JsonNode object = KubeJson.parse(r.object());
        ObjectNode e = KubeJson.json().createObjectNode();
        e.put("revision", r.revision()).put("time", r.time().toString()).put("type", r.type().name())
                .put("key", r.key()).put("actor", r.actor()).put("commandId", r.commandId());
        if (r.decisionId() != null) {
            e.put("decisionId", r.decisionId());
        }
        if (r.type() == ChangeType.ADDED || h.previousObject() == null) {
            e.set("patch", JsonDiff.whole(object));
        } else {
            e.set("patch", JsonDiff.diff(KubeJson.parse(h.previousObject()), object));
        }
        return e;
    }

    /** The objects added, removed and modified (with their patch) between revision {@code from} and {@code to}. */
    @GetMapping("/kubesim/v1/diff")
    ResponseEntity<String> diff(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        if (from == null || to == null) {
            throw bad("diff needs both from and to revisions");
        }
        long head = log.maxRevision();
        long f = existingRevision("from", from, head);
        long t = existingRevision("to", to, head);
        if (f > t) {
            throw bad("from (" + f + ") must not be after to (" + t + ")");
        }
        List<String> keys = audit.changedKeys(f, t);
        Map<String, AuditRepository.Version> before = audit.versionsAt(keys, f);
        Map<String, AuditRepository.Version> after = audit.versionsAt(keys, t);
        ObjectNode out = KubeJson.json().createObjectNode();
        out.put("kind", "Diff").put("from", f).put("to", t);
        ArrayNode added = out.putArray("added");
        ArrayNode removed = out.putArray("removed");
        ArrayNode modified = out.putArray("modified");
        for (String key : keys) {
            AuditRepository.Version b = existing(before.get(key));
            AuditRepository.Version a = existing(after.get(key));
            if (b == null && a != null) {
                added.addObject().put("key", key).put("revision", a.revision());
            } else if (b != null && a == null) {
                removed.addObject().put("key", key).put("revision", b.revision());
            } else if (b != null && b.revision() != a.revision()) {
                modified.addObject().put("key", key).put("fromRevision", b.revision())
                        .put("toRevision", a.revision())
                        .set("patch", JsonDiff.diff(KubeJson.parse(b.object()), KubeJson.parse(a.object())));
            }
        }
        return json(out);
    }

    private static AuditRepository.Version existing(AuditRepository.Version v) {
        return v == null || v.type() == ChangeType.DELETED ? null : v;
    }

    /**
     * Objects under a key prefix as they were at {@code revision}, or at {@code time} (the last revision committed
     * at or before it); default: now. The objects come in the database's key order, written as they are read: their
     * stored JSON text as it is, without parsing or holding what may be the whole state.
     */
    @GetMapping("/kubesim/v1/state")
    void state(@RequestParam(required = false) String revision, @RequestParam(required = false) String time,
            @RequestParam(defaultValue = "/") String prefix, HttpServletResponse response) throws IOException {
        if (revision != null && time != null) {
            throw bad("give a revision or a time, not both");
        }
        long head = log.maxRevision();
        long at = head;
        if (revision != null) {
            at = existingRevision("revision", revision, head);
        } else if (time != null) {
            at = Math.min(audit.revisionAt(timeParam("time", time)), head);
        }
        response.setStatus(200);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // the objects' stored text goes out as the database sends it (UTF-8), neither decoded nor encoded again
        OutputStream out = new BufferedOutputStream(response.getOutputStream(), 1 << 16);
        out.write(("{\"revision\":" + at + ",\"items\":[").getBytes(StandardCharsets.UTF_8));
        boolean[] first = {true};
        log.stateAtBytes(at, prefix, object -> {
            try {
                if (!first[0]) {
                    out.write(',');
                }
                out.write(object);
                first[0] = false;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        out.write("]}".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * The log rows with {@code fromRevision <= revision <= toRevision} (default: all), one JSON object per line in
     * revision order, written as they are read from the database.
     */
    @GetMapping("/kubesim/v1/export")
    void export(@RequestParam(required = false) String fromRevision,
            @RequestParam(required = false) String toRevision, HttpServletResponse response) throws IOException {
        long head = log.maxRevision();
        Long from = revisionParam("fromRevision", fromRevision);
        Long to = revisionParam("toRevision", toRevision);
        long first = from == null ? 1 : Math.max(from, 1);
        long last = to == null ? head : to;
        if (from != null && to != null && from > to) {
            throw bad("fromRevision (" + from + ") must not be after toRevision (" + to + ")");
        }
        response.setStatus(200);
        response.setContentType(JSONL);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8),
                1 << 16);
        log.streamRows(first - 1, last, row -> {
            try {
                out.write(ExportLine.of(row));
                out.write('\n');
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        out.flush();
    }

    /**
     * Imports an export (the request body, JSON Lines) into an empty log, all or nothing (see {@link LogImport}):
     * 201 with what was imported; 409 if the log holds more than the bootstrap rows; 422 on a line that is not a
     * row of a whole, consistent log. A refused import's body is still read to its end, so the answer reaches a
     * client that is still sending.
     */
    @PostMapping("/kubesim/v1/import")
    ResponseEntity<String> importLog(HttpServletRequest request) throws IOException {
        InputStream body = request.getInputStream();
        LogImport.Result r;
        try {
            r = importer.importLog(body);
        } catch (ApiException refused) {
            // the client may still be sending: a close with unread bytes would reset the connection, and the
            // answer would be lost (Tomcat reads on only up to its max-swallow-size, 2 MB). Read to the end,
            // however long: an export has no size limit (users reach this endpoint through the gateway, admin only)
            try {
                body.transferTo(OutputStream.nullOutputStream());
            } catch (IOException unreadable) {
                // cut off or broken: nothing more will come, and the refusal says why
            }
            throw refused;
        }
        ObjectNode out = KubeJson.json().createObjectNode();
        out.put("kind", "Import").put("rows", r.rows()).put("objects", r.objects()).put("revision", r.revision())
                .put("replacedBootstrapRows", r.replaced()).put("millis", r.millis());
        return ResponseEntity.status(201).contentType(MediaType.APPLICATION_JSON).body(KubeJson.write(out));
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<String> failed(ApiException e) {
        return ResponseEntity.status(e.code()).contentType(MediaType.APPLICATION_JSON)
                .body(KubeJson.write(e.status()));
    }

    // ---------------------------------------------------------------- parameters

    private static String kindPrefix(String kind, String resource) {
        if (kind != null && resource != null) {
            throw bad("give kind or resource, not both");
        }
        if (resource != null) {
            ResourceType type = Resources.byQualifiedName(resource)
                    .orElseThrow(() -> bad("unknown resource " + quote(resource)
                            + " (a plural name, with its group if any: pods, deployments.apps)"));
            return "/" + type.qualifiedName() + "/";
        }
        if (kind != null) {
            List<ResourceType> types = Resources.all().stream().filter(t -> t.kind().equals(kind)).toList();
            if (types.size() != 1) {
                throw bad(types.isEmpty() ? "unknown kind " + quote(kind)
                        : "kind " + quote(kind) + " is ambiguous: give a resource");
            }
            return "/" + types.getFirst().qualifiedName() + "/";
        }
        return null;
    }

    private static long existingRevision(String name, String value, long head) {
        long revision = longParam(name, value);
        if (revision < 0 || revision > head) {
            throw bad(name + " " + revision + " is not in the log (0.." + head + ")");
        }
        return revision;
    }

    private static Long revisionParam(String name, String value) {
        if (value == null) {
            return null;
        }
        long revision = longParam(name, value);
        if (revision < 0) {
            throw bad(name + " must not be negative, not " + revision);
        }
        return revision;
    }

    private static long longParam(String name, String value) {
        Long n = parseLong(value);
        if (n == null) {
            throw bad(name + " must be an integer, not " + quote(value));
        }
        return n;
    }

    private static Long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * An RFC 3339 time ({@code 2026-12-07T12:00:00Z}, {@code 2026-12-07T13:00:00.5+01:00}). A {@code +} of an
     * offset that was not URL-encoded arrives as a space and is read as the {@code +} it was.
     */
    static Instant timeParam(String name, String value) {
        if (value == null) {
            return null;
        }
        String text = value.trim().toUpperCase(Locale.ROOT);
        if (text.length() > 6 && text.charAt(text.length() - 6) == ' ') {
            text = text.substring(0, text.length() - 6) + "+" + text.substring(text.length() - 5);
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw bad(name + " must be an RFC 3339 time such as 2026-12-07T12:00:00Z, not " + quote(value));
        }
    }

    private static ApiException bad(String message) {
        return new ApiException(Statuses.badRequest(message));
    }

    private static String quote(String s) {
        return KubeJson.write(s);
    }

    private static ResponseEntity<String> json(JsonNode body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(KubeJson.write(body));
    }
}
