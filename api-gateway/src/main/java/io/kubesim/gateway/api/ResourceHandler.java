package io.kubesim.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Status;

import io.kubesim.gateway.GatewayProperties;
import io.kubesim.gateway.auth.Authorizer;
import io.kubesim.gateway.auth.UserInfo;
import io.kubesim.gateway.printers.TableOptions;
import io.kubesim.gateway.printers.TablePrinter;
import io.kubesim.gateway.watch.WatchCache;
import io.kubesim.model.command.BindPod;
import io.kubesim.model.command.Command;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.EvictPod;
import io.kubesim.model.command.PatchObject;
import io.kubesim.model.command.PatchType;
import io.kubesim.model.command.ReplaceObject;
import io.kubesim.model.command.UpdateStatus;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.Statuses;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.CommandBus;

/**
 * The REST verbs on resources (staging/src/k8s.io/apiserver/pkg/endpoints/handlers: get.go, create.go, update.go,
 * patch.go, delete.go, watch.go). Reads and watches are served from the cache fed by {@code kubesim.events}; writes
 * become commands to state-service, and a write answered with revision N is answered to the client only once the
 * cache has reached N, so a read after a write sees it.
 */
public final class ResourceHandler {

    private static final Logger log = LoggerFactory.getLogger(ResourceHandler.class);
    private static final List<String> PATCH_TYPES = List.of(PatchType.JSON_PATCH.contentType(),
            PatchType.MERGE_PATCH.contentType(), PatchType.STRATEGIC_MERGE_PATCH.contentType(),
            PatchType.APPLY_PATCH.contentType());

    private final ClusterCache cache;
    private final CommandBus bus;
    private final WatchCache watchCache;
    private final Authorizer authorizer;
    private final Clock clock;
    private final GatewayProperties properties;
    private final HistoryClient history;
    private final LogProxy logs;

    public ResourceHandler(ClusterCache cache, CommandBus bus, WatchCache watchCache, Authorizer authorizer,
            Clock clock, GatewayProperties properties, HistoryClient history, LogProxy logs) {
        this.cache = cache;
        this.bus = bus;
        this.watchCache = watchCache;
        this.authorizer = authorizer;
        this.clock = clock;
        this.properties = properties;
        this.history = history;
        this.logs = logs;
    }

    public void handle(ApiRequest r, UserInfo user, HttpServletRequest req, HttpServletResponse res)
            throws IOException {
        String method = req.getMethod().toUpperCase(Locale.ROOT);
        boolean watch = isTrue(req.getParameter("watch"));
        String verb = verb(method, r, watch);
        authorize(user, verb, r);
        switch (method) {
            case "GET" -> {
                if (r.isCollection()) {
                    if (watch) {
                        watch(r, req, res);
                    } else {
                        list(r, req, res);
                    }
                } else if ("log".equals(r.subresource())) {
                    logs.stream(r, req, res);
                } else if ("scale".equals(r.subresource())) {
                    Responses.write(res, 200, Scales.scaleOf(r.type(), existing(r)), req.getHeader("Accept"));
                } else {
                    get(r, req, res);
                }
            }
            case "POST" -> post(r, user, req, res);
            case "PUT" -> put(r, user, req, res);
            case "PATCH" -> patch(r, user, req, res);
            case "DELETE" -> delete(r, user, req, res);
            default -> throw new ApiException(Statuses.methodNotSupported(r.type().group(), r.type().plural(),
                    method.toLowerCase(Locale.ROOT)));
        }
    }

    // ------------------------------------------------------------------ reads

    private void get(ApiRequest r, HttpServletRequest req, HttpServletResponse res) throws IOException {
        ObjectNode obj = existing(r).json();
        String accept = req.getHeader("Accept");
        if (TablePrinter.acceptsTable(accept)) {
            Responses.writeTable(res, TablePrinter.table(r.type(), obj, TableOptions.fromQuery(
                    req.getParameter("includeObject")), clock));
        } else {
            Responses.write(res, 200, obj, accept);
        }
    }

    private void list(ApiRequest r, HttpServletRequest req, HttpServletResponse res) throws IOException {
        Predicate<JsonNode> filter = ObjectFields.filter(r.type(), req.getParameter("labelSelector"),
                req.getParameter("fieldSelector"));
        String rv = req.getParameter("resourceVersion");
        String match = req.getParameter("resourceVersionMatch");
        List<JsonNode> items = new ArrayList<>();
        long revision;
        if ("Exact".equals(match) && rv != null && !rv.isEmpty() && !rv.equals("0")) {
            revision = parseRevision(rv);
            for (JsonNode o : history.stateAt(revision, r.collectionPrefix())) {
                if (filter.test(o)) {
                    items.add(o);
                }
            }
        } else {
            if (rv != null && !rv.isEmpty() && !rv.equals("0")) {
                awaitCache(parseRevision(rv));
            }
            revision = cache.revision();
            Collection<ClusterCache.Entry> entries = cache.list(r.collectionPrefix());
            String startAfter = continueKey(req.getParameter("continue"));
            for (ClusterCache.Entry e : entries) {
                if (startAfter != null && e.key().compareTo(startAfter) <= 0) {
                    continue;
                }
                if (filter.test(e.json())) {
                    items.add(e.json());
                }
            }
        }
        ObjectNode meta = KubeJson.json().createObjectNode();
        meta.put("resourceVersion", String.valueOf(revision));
        int limit = parseLimit(req.getParameter("limit"));
        if (limit > 0 && items.size() > limit) {
            int remaining = items.size() - limit;
            items = new ArrayList<>(items.subList(0, limit));
            String lastKey = r.type().ref(items.getLast().path("metadata").path("namespace").asString(null),
                    items.getLast().path("metadata").path("name").asString()).key();
            meta.put("continue", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (revision + "|" + lastKey).getBytes(StandardCharsets.UTF_8)));
            meta.put("remainingItemCount", remaining);
        }
        String accept = req.getHeader("Accept");
        if (TablePrinter.acceptsTable(accept)) {
            Responses.writeTable(res, TablePrinter.table(r.type(), items,
                    TableOptions.fromQuery(req.getParameter("includeObject")), clock, meta));
            return;
        }
        ObjectNode list = KubeJson.json().createObjectNode();
        list.put("apiVersion", r.type().apiVersion());
        list.put("kind", r.type().listKind());
        list.set("metadata", meta);
        ArrayNode array = list.putArray("items");
        items.forEach(array::add);
        Responses.write(res, 200, list, accept);
    }

    private void watch(ApiRequest r, HttpServletRequest req, HttpServletResponse res) throws IOException {
        Predicate<JsonNode> filter = ObjectFields.filter(r.type(), req.getParameter("labelSelector"),
                req.getParameter("fieldSelector"));
        String rv = req.getParameter("resourceVersion");
        boolean fromNow = rv == null || rv.isEmpty() || rv.equals("0");
        long from = fromNow ? cache.revision() : parseRevision(rv);
        boolean bookmarks = isTrue(req.getParameter("allowWatchBookmarks"));
        long timeoutSeconds = req.getParameter("timeoutSeconds") == null ? 0
                : Math.max(0, Long.parseLong(req.getParameter("timeoutSeconds")));
        boolean table = TablePrinter.acceptsTable(req.getHeader("Accept"));
        TableOptions tableOptions = table ? TableOptions.fromQuery(req.getParameter("includeObject")) : null;
        WatchStream stream;
        List<JsonNode> initial = new ArrayList<>();
        synchronized (watchCache) {
            if (fromNow) {
                from = watchCache.latestRevision();
                for (ClusterCache.Entry e : cache.list(r.collectionPrefix())) {
                    if (filter.test(e.json())) {
                        initial.add(e.json());
                    }
                }
            }
            stream = new WatchStream(watchCache.watch(r.collectionPrefix(), filter, from, 10_000), r.type(), clock,
                    tableOptions, bookmarks, from);
        }
        res.setStatus(200);
        res.setContentType(table ? TablePrinter.CONTENT_TYPE : Responses.JSON);
        res.setHeader("Transfer-Encoding", "chunked");
        try (OutputStream out = res.getOutputStream()) {
            for (JsonNode o : initial) {
                stream.send(out, "ADDED", o);
            }
            out.flush();
            stream.run(out, timeoutSeconds);
        } catch (IOException e) {
            log.debug("watch client went away: {}", e.getMessage());
        } finally {
            stream.close();
        }
    }

    // ------------------------------------------------------------------ writes

    private void post(ApiRequest r, UserInfo user, HttpServletRequest req, HttpServletResponse res)
            throws IOException {
        WriteOptions options = writeOptions(req);
        if (r.isCollection()) {
            ObjectNode body = objectBody(req);
            String name = body.path("metadata").path("name").asString(null);
            ObjectRef target = new ObjectRef(r.type().qualifiedName(), r.type().namespaced() ? r.namespace() : null,
                    name == null || name.isEmpty() ? null : name);
            if (r.type().namespaced() && r.namespace() == null) {
                throw new ApiException(Statuses.methodNotSupported(r.type().group(), r.type().plural(), "create"));
            }
            write(user, new CreateObject(target, body, options), res, req, false);
            return;
        }
        switch (r.subresource() == null ? "" : r.subresource()) {
            case "binding" -> {
                ObjectNode body = objectBody(req);
                String node = body.path("target").path("name").asString("");
                String uid = body.path("metadata").path("uid").asString(null);
                writeStatus(user, new BindPod(r.ref(), uid, node, null, options), res);
            }
            case "eviction" -> {
                ObjectNode body = objectBody(req);
                JsonNode grace = body.path("deleteOptions").path("gracePeriodSeconds");
                writeStatus(user, new EvictPod(r.ref(), grace.isNumber() ? grace.asLong() : null, options), res);
            }
            default -> throw new ApiException(Statuses.methodNotSupported(r.type().group(),
                    r.type().plural() + (r.subresource() == null ? "" : "/" + r.subresource()), "create"));
        }
    }

    private void put(ApiRequest r, UserInfo user, HttpServletRequest req, HttpServletResponse res)
            throws IOException {
        if (r.isCollection()) {
            throw new ApiException(Statuses.methodNotSupported(r.type().group(), r.type().plural(), "update"));
        }
        ObjectNode body = objectBody(req);
        WriteOptions options = writeOptions(req);
        if ("scale".equals(r.subresource())) {
            String patch = "{\"spec\":{\"replicas\":" + body.path("spec").path("replicas").asInt(0) + "}}";
            CommandReply reply = submit(user, new PatchObject(r.ref(), null, PatchType.MERGE_PATCH, patch, false,
                    options));
            Responses.write(res, 200, Scales.scaleOf(r.type(), (ObjectNode) reply.object()), req.getHeader("Accept"));
            return;
        }
        Command c = "status".equals(r.subresource())
                ? new UpdateStatus(r.ref(), body, options)
                : new ReplaceObject(r.ref(), body, options);
        write(user, c, res, req, false);
    }

    private void patch(ApiRequest r, UserInfo user, HttpServletRequest req, HttpServletResponse res)
            throws IOException {
        if (r.isCollection()) {
            throw new ApiException(Statuses.methodNotSupported(r.type().group(), r.type().plural(), "patch"));
        }
        PatchType type = PatchType.fromContentType(req.getContentType()).orElseThrow(() ->
                new ApiException(Statuses.unsupportedMediaType(req.getContentType(), PATCH_TYPES)));
        String text = new String(readBody(req), StandardCharsets.UTF_8);
        if (type == PatchType.APPLY_PATCH) {
            text = KubeJson.write(parseDocument(text));
        } else {
            try {
                KubeJson.parse(text);
            } catch (JacksonException e) {
                throw new ApiException(Statuses.badRequest("error decoding patch: " + firstLine(e.getMessage())));
            }
        }
        boolean force = isTrue(req.getParameter("force"));
        WriteOptions options = writeOptions(req);
        if ("scale".equals(r.subresource())) {
            String replicas = scalePatchToObjectPatch(type, text);
            CommandReply reply = submit(user, new PatchObject(r.ref(), null, PatchType.MERGE_PATCH, replicas, false,
                    options));
            Responses.write(res, 200, Scales.scaleOf(r.type(), (ObjectNode) reply.object()), req.getHeader("Accept"));
            return;
        }
        write(user, new PatchObject(r.ref(), r.subresource(), type, text, force, options), res, req,
                type == PatchType.APPLY_PATCH);
    }

    private void delete(ApiRequest r, UserInfo user, HttpServletRequest req, HttpServletResponse res)
            throws IOException {
        byte[] raw = readBody(req);
        JsonNode options = raw.length == 0 ? KubeJson.json().createObjectNode() : parseDocument(
                new String(raw, StandardCharsets.UTF_8));
        Long grace = options.path("gracePeriodSeconds").isNumber() ? options.path("gracePeriodSeconds").asLong()
                : req.getParameter("gracePeriodSeconds") != null
                        ? Long.valueOf(req.getParameter("gracePeriodSeconds")) : null;
        String propagation = options.path("propagationPolicy").asString(req.getParameter("propagationPolicy"));
        if (propagation == null && options.path("orphanDependents").asBoolean(false)) {
            propagation = "Orphan";
        }
        String uid = options.path("preconditions").path("uid").asString(null);
        String rv = options.path("preconditions").path("resourceVersion").asString(null);
        boolean dryRun = "All".equals(req.getParameter("dryRun")) || options.path("dryRun").toString().contains("All");
        if (r.isCollection()) {
            deleteCollection(r, user, req, res, grace, propagation, dryRun);
            return;
        }
        write(user, new DeleteObject(r.ref(), uid, rv, grace, propagation, new WriteOptions(dryRun, null, null)),
                res, req, false);
    }

    /** DELETE on a collection (deletecollection): every object that passes the selectors, one by one. */
    private void deleteCollection(ApiRequest r, UserInfo user, HttpServletRequest req, HttpServletResponse res,
            Long grace, String propagation, boolean dryRun) throws IOException {
        if (r.type() == Resources.NAMESPACES) {
            throw new ApiException(Statuses.methodNotSupported(r.type().group(), r.type().plural(),
                    "deletecollection"));
        }
        Predicate<JsonNode> filter = ObjectFields.filter(r.type(), req.getParameter("labelSelector"),
                req.getParameter("fieldSelector"));
        ObjectNode list = KubeJson.json().createObjectNode();
        list.put("apiVersion", r.type().apiVersion());
        list.put("kind", r.type().listKind());
        ArrayNode items = list.putArray("items");
        for (ClusterCache.Entry e : cache.list(r.collectionPrefix())) {
            if (!filter.test(e.json())) {
                continue;
            }
            ObjectRef ref = ObjectRef.fromKey(e.key());
            try {
                CommandReply reply = submit(user, new DeleteObject(ref, null, null, grace, propagation,
                        new WriteOptions(dryRun, null, null)));
                items.add(reply.object());
            } catch (ApiException ex) {
                if (ex.code() != 404) {
                    throw ex;
                }
            }
        }
        list.putObject("metadata").put("resourceVersion", String.valueOf(cache.revision()));
        Responses.write(res, 200, list, req.getHeader("Accept"));
    }

    /** Sends a command, waits for the reply and for the cache to catch up, and answers with the stored object. */
    private void write(UserInfo user, Command c, HttpServletResponse res, HttpServletRequest req, boolean apply)
            throws IOException {
        CommandReply reply = submit(user, c);
        Responses.write(res, reply.code(), reply.object(), req.getHeader("Accept"));
    }

    /** Like {@link #write} but answers with a success Status (binding, eviction). */
    private void writeStatus(UserInfo user, Command c, HttpServletResponse res) throws IOException {
        CommandReply reply = submit(user, c);
        Status ok = Statuses.success();
        ok.setCode(reply.code());
        Responses.write(res, reply.code(), ok, Responses.JSON);
    }

    private CommandReply submit(UserInfo user, Command c) {
        CommandReply reply;
        try {
            reply = bus.submit(user.name(), c).get(properties.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(Statuses.timeout("request did not complete within "
                    + properties.writeTimeout().toSeconds() + "s"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw new ApiException(Statuses.timeout("request did not complete within "
                        + properties.writeTimeout().toSeconds() + "s"));
            }
            throw new ApiException(Statuses.unavailable("the state service is unavailable: "
                    + e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(Statuses.unavailable("interrupted"));
        }
        if (reply.status() != null) {
            throw new ApiException(KubeJson.convert(reply.status(), Status.class));
        }
        if (reply.revision() > 0) {
            awaitCache(reply.revision());
        }
        return reply;
    }

    private void awaitCache(long revision) {
        try {
            cache.awaitRevision(revision).get(properties.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("cache did not reach revision {} in time (at {})", revision, cache.revision());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ helpers

    private void authorize(UserInfo user, String verb, ApiRequest r) {
        String podNode = null;
        if (r.type() == Resources.PODS && r.name() != null) {
            podNode = cache.get(r.ref()).map(e -> e.json().path("spec").path("nodeName").asString(null))
                    .orElse(null);
        }
        authorizer.check(user, new Authorizer.Attributes(verb, r.type(), r.subresource(), r.namespace(), r.name(),
                podNode)).ifPresent(why -> {
                    throw new ApiException(Statuses.forbidden(r.type().group(), r.subresource() == null
                            ? r.type().plural() : r.type().plural() + "/" + r.subresource(), r.name(), why));
                });
    }

    private static String verb(String method, ApiRequest r, boolean watch) {
        return switch (method) {
            case "GET" -> r.isCollection() ? (watch ? "watch" : "list") : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> r.isCollection() ? "deletecollection" : "delete";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }

    private ClusterCache.Entry existing(ApiRequest r) {
        return cache.get(r.ref()).orElseThrow(() -> new ApiException(Statuses.notFound(r.type(), r.name())));
    }

    private WriteOptions writeOptions(HttpServletRequest req) {
        String dryRun = req.getParameter("dryRun");
        if (dryRun != null && !dryRun.isEmpty() && !dryRun.equals("All")) {
            throw new ApiException(Statuses.badRequest("dryRun: Unsupported value: \"" + dryRun
                    + "\": supported values: \"All\""));
        }
        String validation = req.getParameter("fieldValidation");
        if (validation != null && !validation.isEmpty() && !List.of("Strict", "Warn", "Ignore").contains(validation)) {
            throw new ApiException(Statuses.badRequest("fieldValidation: Unsupported value: \"" + validation
                    + "\": supported values: \"Ignore\", \"Strict\", \"Warn\""));
        }
        return new WriteOptions("All".equals(dryRun), req.getParameter("fieldManager"), validation);
    }

    private ObjectNode objectBody(HttpServletRequest req) throws IOException {
        JsonNode node = parseDocument(new String(readBody(req), StandardCharsets.UTF_8));
        if (!(node instanceof ObjectNode o)) {
            throw new ApiException(Statuses.badRequest("the body of the request must be a JSON or YAML object"));
        }
        return o;
    }

    /** JSON or YAML (one document) into a tree; 400 BadRequest when it cannot be read. */
    static JsonNode parseDocument(String text) {
        if (text.isBlank()) {
            throw new ApiException(Statuses.badRequest("the body of the request is empty"));
        }
        try {
            String trimmed = text.stripLeading();
            if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
                return KubeJson.parse(text);
            }
            List<JsonNode> docs = KubeJson.readDocuments(text);
            if (docs.size() != 1) {
                throw new ApiException(Statuses.badRequest("the body of the request must hold exactly one object"));
            }
            return docs.getFirst();
        } catch (JacksonException e) {
            throw new ApiException(Statuses.badRequest("the body of the request could not be decoded: "
                    + firstLine(e.getOriginalMessage())));
        }
    }

    private byte[] readBody(HttpServletRequest req) throws IOException {
        long limit = properties.maxBodyBytes();
        if (req.getContentLengthLong() > limit) {
            throw new ApiException(Statuses.tooLarge(limit));
        }
        try (InputStream in = req.getInputStream()) {
            byte[] bytes = in.readNBytes((int) limit + 1);
            if (bytes.length > limit) {
                throw new ApiException(Statuses.tooLarge(limit));
            }
            return bytes;
        }
    }

    private static String scalePatchToObjectPatch(PatchType type, String text) {
        JsonNode patch = KubeJson.parse(text);
        JsonNode replicas = type == PatchType.JSON_PATCH ? jsonPatchReplicas(patch)
                : patch.path("spec").path("replicas");
        if (!replicas.isIntegralNumber()) {
            throw new ApiException(Statuses.badRequest("the scale patch must set spec.replicas to an integer"));
        }
        return "{\"spec\":{\"replicas\":" + replicas.asInt() + "}}";
    }

    private static JsonNode jsonPatchReplicas(JsonNode patch) {
        for (JsonNode op : patch) {
            if ("/spec/replicas".equals(op.path("path").asString())) {
                return op.path("value");
            }
        }
        return KubeJson.json().missingNode();
    }

    private static long parseRevision(String rv) {
        try {
            long v = Long.parseLong(rv);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ApiException(Statuses.badRequest("resourceVersion: Invalid value: \"" + rv
                    + "\": must be a non-negative integer"));
        }
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(limit));
        } catch (NumberFormatException e) {
            throw new ApiException(Statuses.badRequest("limit: Invalid value: \"" + limit + "\""));
        }
    }

    private static String continueKey(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = decoded.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException();
            }
            return decoded.substring(bar + 1);
        } catch (IllegalArgumentException e) {
            throw new ApiException(Statuses.badRequest("continue key is not valid: " + token));
        }
    }

    private static boolean isTrue(String v) {
        return v != null && (v.equals("true") || v.equals("1"));
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "";
        }
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
