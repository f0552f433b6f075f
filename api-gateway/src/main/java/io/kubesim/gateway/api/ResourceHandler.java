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
import java.util.Set;
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
import io.kubesim.model.status.FieldError;
import io.kubesim.model.status.Statuses;
import io.kubesim.registry.schema.Decoding;
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
        boolean watch = QueryParams.bool(req.getParameter("watch"));
        String verb = verb(method, r, watch);
        authorize(user, verb, r);
        if (!routes(r).contains(method)) {
            throw new ApiException(methodNotAllowed());
        }
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
            default -> throw new ApiException(methodNotAllowed());
        }
    }

    /**
     * The HTTP methods kube-apiserver registers for a path (staging/src/k8s.io/apiserver/pkg/endpoints/installer.go):
     * collections GET, POST and DELETE (deletecollection; not for namespaces), objects GET, PUT, PATCH and DELETE,
     * and per subresource what its storage implements.
     */
    private static Set<String> routes(ApiRequest r) {
        if (r.isCollection()) {
            return r.type() == Resources.NAMESPACES ? Set.of("GET", "POST") : Set.of("GET", "POST", "DELETE");
        }
        if (r.subresource() == null) {
            return Set.of("GET", "PUT", "PATCH", "DELETE");
        }
        return switch (r.subresource()) {
            case "status", "scale" -> Set.of("GET", "PUT", "PATCH");
            case "binding", "eviction" -> Set.of("POST");
            case "log" -> Set.of("GET");
            case "finalize" -> Set.of("PUT");
            default -> Set.of();
        };
    }

    /**
     * A method the path has no route for: go-restful answers 405 and client-go words it as below
     * (apimachinery/pkg/api/errors NewGenericServerResponse), so kubectl prints what it prints for a real cluster.
     */
    static Status methodNotAllowed() {
        return Statuses.failure(405, "MethodNotAllowed", "the server does not allow this method on the requested "
                + "resource", null, null, null, List.of());
    }

    // ------------------------------------------------------------------ reads

    private void get(ApiRequest r, HttpServletRequest req, HttpServletResponse res) throws IOException {
        String rv = req.getParameter("resourceVersion");
        if (rv != null && !rv.isEmpty() && !rv.equals("0")) {
            long wanted = parseRevision(rv);
            if (wanted > cache.revision()) {
                awaitFresh(wanted, 3); // "not older than" (get.go, cacher GetOptions)
            }
        }
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
        validateListMatch(rv, match);
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
                long wanted = parseRevision(rv);
                if (wanted > cache.revision()) {
                    awaitFresh(wanted, 3);
                }
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

    /**
     * A watch (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go, storage/cacher/cacher.go): without a
     * resourceVersion (or "0") it starts with synthetic ADDED events for the current objects; from a resourceVersion
     * it replays the changes after it (410 Expired if they are no longer kept); {@code sendInitialEvents=true}
     * sends the current objects and then a BOOKMARK annotated {@code k8s.io/initial-events-end}.
     */
    private void watch(ApiRequest r, HttpServletRequest req, HttpServletResponse res) throws IOException {
        Predicate<JsonNode> filter = ObjectFields.filter(r.type(), req.getParameter("labelSelector"),
                req.getParameter("fieldSelector"));
        String rv = req.getParameter("resourceVersion");
        boolean bookmarks = QueryParams.bool(req.getParameter("allowWatchBookmarks"));
        boolean initialEvents = QueryParams.bool(req.getParameter("sendInitialEvents"));
        Long timeout = QueryParams.int64(req.getParameter("timeoutSeconds"));
        long timeoutSeconds = timeout == null ? 0 : Math.max(0, timeout);
        String match = req.getParameter("resourceVersionMatch");
        if (req.getParameter("sendInitialEvents") != null && !req.getParameter("sendInitialEvents").isEmpty()) {
            List<FieldError> errs = new ArrayList<>();
            if (!"NotOlderThan".equals(match)) {
                errs.add(FieldError.forbidden("resourceVersionMatch",
                        "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
            }
            if (initialEvents && !bookmarks) {
                errs.add(FieldError.forbidden("allowWatchBookmarks",
                        "sendInitialEvents requires setting allowWatchBookmarks to true"));
            }
            if (!errs.isEmpty()) {
                throw new ApiException(Statuses.invalid("ListOptions.meta.k8s.io", "meta.k8s.io", "ListOptions",
                        "", errs));
            }
        } else if (match != null && !match.isEmpty()) {
            throw new ApiException(Statuses.invalid("ListOptions.meta.k8s.io", "meta.k8s.io", "ListOptions", "",
                    List.of(FieldError.forbidden("resourceVersionMatch",
                            "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"))));
        }
        boolean fromNow = rv == null || rv.isEmpty() || rv.equals("0");
        long from = fromNow ? 0 : parseRevision(rv);
        if (!fromNow && from > cache.revision()) {
            awaitFresh(from, 3);
        }
        boolean table = TablePrinter.acceptsTable(req.getHeader("Accept"));
        TableOptions tableOptions = table ? TableOptions.fromQuery(req.getParameter("includeObject")) : null;
        boolean sendCurrent = fromNow || initialEvents;
        WatchCache.Watcher watcher;
        List<JsonNode> initial = new ArrayList<>();
        try {
            synchronized (watchCache) {
                if (sendCurrent) {
                    from = watchCache.latestRevision();
                    for (ClusterCache.Entry e : cache.list(r.collectionPrefix())) {
                        if (filter.test(e.json())) {
                            initial.add(e.json());
                        }
                    }
                }
                watcher = watchCache.watch(r.collectionPrefix(), filter, from, 10_000);
            }
        } catch (ApiException e) {
            // as the cacher: past authorization and a readable resourceVersion, the failure is an ERROR event of a
            // watch that then ends (staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go newErrWatcher)
            res.setStatus(200);
            res.setContentType(table ? TablePrinter.CONTENT_TYPE : Responses.JSON);
            ObjectNode event = KubeJson.json().createObjectNode();
            event.put("type", "ERROR");
            event.set("object", KubeJson.tree(e.status()));
            try (OutputStream out = res.getOutputStream()) {
                out.write(KubeJson.writeBytes(event));
                out.write('\n');
            }
            return;
        }
        WatchStream stream = new WatchStream(watcher, r.type(), clock, tableOptions, bookmarks,
                properties.bookmarkInterval().toMillis(), from);
        res.setStatus(200);
        res.setContentType(table ? TablePrinter.CONTENT_TYPE : Responses.JSON);
        try (OutputStream out = res.getOutputStream()) {
            for (JsonNode o : initial) {
                stream.send(out, "ADDED", o);
            }
            if (initialEvents) {
                stream.bookmark(out, from, true);
            }
            out.flush();
            stream.run(out, timeoutSeconds);
        } catch (IOException e) {
            log.debug("watch client went away: {}", e.getMessage());
        } finally {
            stream.close();
        }
    }

    /** ValidateListOptions' rules for resourceVersionMatch (apimachinery/pkg/apis/meta/internalversion/validation). */
    private static void validateListMatch(String rv, String match) {
        if (match == null || match.isEmpty()) {
            return;
        }
        FieldError error = null;
        if (!match.equals("Exact") && !match.equals("NotOlderThan")) {
            error = FieldError.notSupported("resourceVersionMatch", match, List.of("Exact", "NotOlderThan", ""));
        } else if (rv == null || rv.isEmpty()) {
            error = FieldError.forbidden("resourceVersionMatch",
                    "resourceVersionMatch is forbidden unless resourceVersion is provided");
        } else if (match.equals("Exact") && rv.equals("0")) {
            error = FieldError.forbidden("resourceVersionMatch",
                    "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
        }
        if (error != null) {
            throw new ApiException(Statuses.invalid("ListOptions.meta.k8s.io", "meta.k8s.io", "ListOptions", "",
                    List.of(error)));
        }
    }

    /**
     * Waits up to {@code seconds} for the cache to reach a revision a client asked for; then 504
     * {@code Too large resource version} (storage/cacher/watch_cache.go waitUntilFreshAndBlock).
     */
    private void awaitFresh(long revision, int seconds) {
        try {
            cache.awaitRevision(revision).get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            Status status = Statuses.timeout("Too large resource version: " + revision + ", current: "
                    + cache.revision());
            status.setMessage("Too large resource version: " + revision + ", current: " + cache.revision());
            status.setDetails(new io.fabric8.kubernetes.api.model.StatusDetailsBuilder().withRetryAfterSeconds(1)
                    .withCauses(new io.fabric8.kubernetes.api.model.StatusCause(null,
                            "Too large resource version", "ResourceVersionTooLarge")).build());
            throw new ApiException(status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ writes

    private void post(ApiRequest r, UserInfo user, HttpServletRequest req, HttpServletResponse res)
            throws IOException {
        WriteOptions options = writeOptions(req, "CreateOptions");
        if (r.isCollection()) {
            ObjectNode body = objectBody(req, r.type(), options);
            String name = body.path("metadata").path("name").asString(null);
            ObjectRef target = new ObjectRef(r.type().qualifiedName(), r.type().namespaced() ? r.namespace() : null,
                    name == null || name.isEmpty() ? null : name);
            if (r.type().namespaced() && r.namespace() == null) {
                throw new ApiException(methodNotAllowed());
            }
            if (user.nodeName() != null) {
                admit(user, attributes("create", r, name), body.path("metadata").path("annotations")
                        .has("kubernetes.io/config.mirror"), body.path("spec").path("nodeName").asString(""));
            }
            write(user, new CreateObject(target, body, options), res, req, false);
            return;
        }
        switch (r.subresource() == null ? "" : r.subresource()) {
            case "binding" -> {
                ObjectNode body = objectBody(req);
                sameName(body, r.name(), "Binding");
                String node = body.path("target").path("name").asString("");
                String uid = body.path("metadata").path("uid").asString(null);
                writeStatus(user, new BindPod(r.ref(), uid, node, null, options), res);
            }
            case "eviction" -> {
                ObjectNode body = objectBody(req);
                sameName(body, r.name(), "Eviction");
                JsonNode grace = body.path("deleteOptions").path("gracePeriodSeconds");
                writeStatus(user, new EvictPod(r.ref(), grace.isNumber() ? grace.asLong() : null, options), res);
            }
            default -> throw new ApiException(methodNotAllowed());
        }
    }

    private void put(ApiRequest r, UserInfo user, HttpServletRequest req, HttpServletResponse res)
            throws IOException {
        if (r.isCollection()) {
            throw new ApiException(methodNotAllowed());
        }
        WriteOptions options = writeOptions(req, "UpdateOptions");
        ObjectNode body = "scale".equals(r.subresource()) || "status".equals(r.subresource()) ? objectBody(req)
                : objectBody(req, r.type(), options);
        if ("scale".equals(r.subresource())) {
            JsonNode replicas = body.path("spec").path("replicas");
            if (!replicas.isMissingNode() && !replicas.isIntegralNumber()) {
                throw new ApiException(Statuses.badRequest("Scale in version \"v1\" cannot be handled as a Scale: "
                        + "json: cannot unmarshal " + (replicas.isString() ? "string" : "value")
                        + " into Go struct field ScaleSpec.spec.replicas of type int32"));
            }
            String patch = "{\"spec\":{\"replicas\":" + replicas.asInt(0) + "}}";
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
            throw new ApiException(methodNotAllowed());
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
        boolean force = QueryParams.bool(req.getParameter("force"));
        WriteOptions options = writeOptions(req, "PatchOptions");
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
        if (req.getContentLengthLong() != 0) {
            checkBodyType(req);
        }
        byte[] raw = readBody(req);
        JsonNode options = raw.length == 0 ? KubeJson.json().createObjectNode() : parseDocument(
                new String(raw, StandardCharsets.UTF_8));
        Long grace = null;
        if (options.path("gracePeriodSeconds").isNumber()) {
            grace = options.path("gracePeriodSeconds").asLong();
        } else if (req.getParameter("gracePeriodSeconds") != null) {
            grace = QueryParams.int64(req.getParameter("gracePeriodSeconds"));
        }
        String propagation = options.path("propagationPolicy").asString(req.getParameter("propagationPolicy"));
        String orphan = options.path("orphanDependents").isBoolean()
                ? options.path("orphanDependents").asString() : req.getParameter("orphanDependents");
        List<String> dryRuns = new ArrayList<>();
        options.path("dryRun").forEach(v -> dryRuns.add(v.asString()));
        if (req.getParameterValues("dryRun") != null) {
            dryRuns.addAll(List.of(req.getParameterValues("dryRun")));
        }
        validateDeleteOptions(propagation, orphan, dryRuns);
        if (propagation == null && QueryParams.bool(orphan)) {
            propagation = "Orphan";
        }
        String uid = options.path("preconditions").path("uid").asString(null);
        String rv = options.path("preconditions").path("resourceVersion").asString(null);
        boolean dryRun = dryRuns.contains("All");
        if (r.isCollection()) {
            deleteCollection(r, user, req, res, grace, propagation, dryRun);
            return;
        }
        write(user, new DeleteObject(r.ref(), uid, rv, grace, propagation, new WriteOptions(dryRun, null, null)),
                res, req, false);
    }

    /** ValidateDeleteOptions (apimachinery/pkg/apis/meta/v1/validation): 422 on a DeleteOptions.meta.k8s.io. */
    private static void validateDeleteOptions(String propagation, String orphan, List<String> dryRuns) {
        List<FieldError> errs = new ArrayList<>();
        if (propagation != null && orphan != null) {
            errs.add(FieldError.invalid("propagationPolicy", propagation,
                    "orphanDependents and deletionPropagation cannot be both set"));
        }
        if (propagation != null && !List.of("Foreground", "Background", "Orphan").contains(propagation)) {
            errs.add(FieldError.notSupported("propagationPolicy", propagation,
                    List.of("Foreground", "Background", "Orphan", "nil")));
        }
        if (dryRuns.stream().anyMatch(v -> !v.equals("All"))) {
            String goSlice = "[]string{" + String.join(", ", dryRuns.stream().map(QueryParams::goQuote).toList())
                    + "}";
            errs.add(FieldError.notSupported("dryRun", new Object() {
                @Override
                public String toString() {
                    return goSlice;
                }
            }, List.of("All")));
        }
        if (!errs.isEmpty()) {
            throw new ApiException(Statuses.invalid("DeleteOptions.meta.k8s.io", "meta.k8s.io", "DeleteOptions", "",
                    errs));
        }
    }

    /** DELETE on a collection (deletecollection): every object that passes the selectors, one by one. */
    private void deleteCollection(ApiRequest r, UserInfo user, HttpServletRequest req, HttpServletResponse res,
            Long grace, String propagation, boolean dryRun) throws IOException {
        if (r.type() == Resources.NAMESPACES) {
            throw new ApiException(methodNotAllowed());
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
        Authorizer.Attributes a = attributes(verb, r, r.name());
        authorizer.check(user, a).ifPresent(why -> {
            // the subresource appears in the reason only (responsewriters.ForbiddenStatusError)
            throw new ApiException(Statuses.forbidden(r.type().group(), r.type().plural(), r.name(), why));
        });
        if (r.name() != null && !verb.equals("get") && !verb.equals("list") && !verb.equals("watch")) {
            admit(user, a, false, null);
        }
    }

    /** NodeRestriction admission (after decoding, as upstream); {@code a.name()} is the object's name. */
    private void admit(UserInfo user, Authorizer.Attributes a, boolean mirrorPod, String podNodeName) {
        authorizer.admit(user, a, mirrorPod, podNodeName).ifPresent(why -> {
            throw new ApiException(Statuses.forbidden(a.type().group(), a.type().plural(), a.name(), why));
        });
    }

    private Authorizer.Attributes attributes(String verb, ApiRequest r, String name) {
        String podNode = null;
        if (r.type() == Resources.PODS && r.name() != null) {
            podNode = cache.get(r.ref()).map(e -> e.json().path("spec").path("nodeName").asString(""))
                    .orElse(null);
        }
        return new Authorizer.Attributes(verb, r.type(), r.subresource(), r.namespace(), name, podNode);
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

    /**
     * The options of a write from its query (ValidateCreateOptions / ValidateUpdateOptions / ValidatePatchOptions of
     * staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go... apis/meta/v1/validation): 422 Invalid
     * {@code CreateOptions.meta.k8s.io "" is invalid: ...} for an unknown dryRun or fieldValidation value or a
     * fieldManager that is too long or not printable.
     *
     * @param kind CreateOptions, UpdateOptions or PatchOptions
     */
    private WriteOptions writeOptions(HttpServletRequest req, String kind) {
        List<FieldError> errs = new ArrayList<>();
        String[] dryRuns = req.getParameterValues("dryRun");
        boolean dryRun = false;
        if (dryRuns != null) {
            List<String> values = List.of(dryRuns);
            if (values.stream().anyMatch(v -> !v.equals("All"))) {
                String goSlice = "[]string{" + String.join(", ", values.stream().map(QueryParams::goQuote).toList())
                        + "}";
                errs.add(FieldError.notSupported("dryRun", new Object() {
                    @Override
                    public String toString() {
                        return goSlice;
                    }
                }, List.of("All")));
            }
            dryRun = values.contains("All");
        }
        String validation = req.getParameter("fieldValidation");
        if (validation != null && !List.of("", "Ignore", "Strict", "Warn").contains(validation)) {
            errs.add(FieldError.notSupported("fieldValidation", validation, List.of("", "Ignore", "Strict", "Warn")));
        }
        String manager = req.getParameter("fieldManager");
        if (manager != null) {
            if (manager.length() > 128) {
                errs.add(FieldError.tooLong("fieldManager", manager, 128));
            }
            if (manager.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                errs.add(FieldError.invalid("fieldManager", manager, "must only contain printable characters"));
            }
        }
        if (kind.equals("PatchOptions")) {
            PatchType type = PatchType.fromContentType(req.getContentType()).orElse(null);
            if (type != PatchType.APPLY_PATCH && req.getParameter("force") != null) {
                errs.add(FieldError.forbidden("force", "may not be specified for non-apply patch"));
            }
            if (type == PatchType.APPLY_PATCH && (manager == null || manager.isEmpty())) {
                errs.add(FieldError.required("fieldManager", "is required for apply patch"));
            }
        }
        if (!errs.isEmpty()) {
            throw new ApiException(Statuses.invalid(kind + ".meta.k8s.io", "meta.k8s.io", kind, "", errs));
        }
        return new WriteOptions(dryRun, manager, validation == null || validation.isEmpty() ? null : validation);
    }

    /** {@code name in URL does not match name in Binding object} (pod/storage/storage.go, eviction.go). */
    private static void sameName(ObjectNode body, String urlName, String kind) {
        String name = body.path("metadata").path("name").asString("");
        if (!name.isEmpty() && !name.equals(urlName)) {
            throw new ApiException(Statuses.badRequest("name in URL does not match name in " + kind + " object"));
        }
    }

    /**
     * The body of a create or update; under {@code fieldValidation=Strict} a JSON body with duplicate or unknown
     * fields is 400 {@code Pod in version "v1" cannot be handled as a Pod: strict decoding error: ...}
     * (runtime/serializer/json strict decoding, sigs.k8s.io/json).
     */
    private ObjectNode objectBody(HttpServletRequest req, ResourceType type, WriteOptions options)
            throws IOException {
        checkBodyType(req, true);
        byte[] raw = readBody(req);
        boolean protobuf = Protobuf.isProtobuf(req.getContentType());
        String text = protobuf ? "" : new String(raw, StandardCharsets.UTF_8);
        ObjectNode node = protobuf ? Protobuf.decode(raw) : (ObjectNode) parseDocument(text);
        // the decoder's verdict before anything reads the object (a number as metadata.name must not become "7")
        Decoding.firstError(type, node).ifPresent(error -> {
            throw new ApiException(Statuses.badRequest(type.kind() + " in version \"" + type.version()
                    + "\" cannot be handled as a " + type.kind() + ": " + error));
        });
        if (options.strict()) {
            List<String> errors = new ArrayList<>();
            if (text.stripLeading().startsWith("{")) {
                Decoding.duplicateFields(text).forEach(f -> errors.add("duplicate field \"" + f + "\""));
            }
            Decoding.unknownFields(type, node).forEach(f -> errors.add("unknown field \"" + f + "\""));
            if (!errors.isEmpty()) {
                throw new ApiException(Statuses.badRequest(type.kind() + " in version \"" + type.version()
                        + "\" cannot be handled as a " + type.kind() + ": strict decoding error: "
                        + String.join(", ", errors)));
            }
        }
        return node;
    }

    private ObjectNode objectBody(HttpServletRequest req) throws IOException {
        checkBodyType(req);
        return (ObjectNode) parseDocument(new String(readBody(req), StandardCharsets.UTF_8));
    }

    /**
     * JSON or YAML (one document) into a tree; 400 BadRequest when it cannot be read, worded as the apiserver's
     * decoders word it (runtime/serializer/json/json.go: the type meta is read first, into a struct).
     */
    static JsonNode parseDocument(String text) {
        if (text.isBlank()) {
            throw new ApiException(Statuses.badRequest("couldn't get version/kind; json parse error: unexpected end of "
                    + "JSON input"));
        }
        String trimmed = text.stripLeading();
        boolean json = trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.startsWith("\"");
        JsonNode node;
        try {
            if (json) {
                node = KubeJson.parse(text);
            } else {
                List<JsonNode> docs = KubeJson.readDocuments(text);
                if (docs.size() != 1) {
                    throw new ApiException(Statuses.badRequest("the body of the request must hold exactly one "
                            + "object, not " + docs.size()));
                }
                node = docs.getFirst();
            }
        } catch (JacksonException e) {
            throw new ApiException(Statuses.badRequest(json
                    ? "couldn't get version/kind; json parse error: " + firstLine(e.getOriginalMessage())
                    : "error converting YAML to JSON: yaml: " + firstLine(e.getOriginalMessage())));
        }
        if (node != null && !finite(node)) {
            throw new ApiException(Statuses.badRequest("couldn't get version/kind; json parse error: json: cannot "
                    + "unmarshal number into Go value of type float64: a number is beyond the range of float64"));
        }
        if (node == null || !node.isObject()) {
            String what = node == null || node.isNull() ? "null" : node.isArray() ? "array" : node.isString()
                    ? "string" : node.isNumber() ? "number" : node.isBoolean() ? "bool" : "value";
            throw new ApiException(Statuses.badRequest("couldn't get version/kind; json parse error: json: cannot "
                    + "unmarshal " + what + " into Go value of type struct { APIVersion string "
                    + "\"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }"));
        }
        return node;
    }

    /** False if a number anywhere in the document overflowed a double (Go's decoder refuses those). */
    private static boolean finite(JsonNode node) {
        if (node.isFloatingPointNumber()) {
            return Double.isFinite(node.doubleValue());
        }
        if (node.isContainer()) {
            for (JsonNode child : node) {
                if (!finite(child)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The media types a request body may have (kube-apiserver also speaks protobuf and CBOR; kubesim does not). */
    static final List<String> BODY_TYPES = List.of("application/json", "application/yaml", Protobuf.CONTENT_TYPE);

    /**
     * 415 UnsupportedMediaType for a body that is neither JSON nor YAML, nor protobuf where {@link Protobuf} can read
     * it (NegotiateInputSerializer in staging/src/k8s.io/apiserver/pkg/endpoints/handlers/negotiation/negotiate.go);
     * no Content-Type means JSON.
     */
    private static void checkBodyType(HttpServletRequest req) {
        checkBodyType(req, false);
    }

    /** @param protobuf whether this body may also be protobuf (creates and updates: kubectl create's generators) */
    private static void checkBodyType(HttpServletRequest req, boolean protobuf) {
        String ct = req.getContentType();
        if (ct == null || ct.isBlank() || protobuf && Protobuf.isProtobuf(ct)) {
            return;
        }
        String bare = ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (bare.equals("application/json") || bare.equals("application/yaml") || bare.equals("*/*")) {
            return;
        }
        throw new ApiException(Statuses.unsupportedMediaType(ct, BODY_TYPES));
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

    /** A resourceVersion the client sent (storage APIObjectVersioner.ParseResourceVersion): 400 if unreadable. */
    private static long parseRevision(String rv) {
        try {
            long v = Long.parseUnsignedLong(rv);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            String why = rv.matches("[0-9]+") ? "value out of range" : "invalid syntax";
            throw new ApiException(Statuses.badRequest("resourceVersion: Invalid value: " + QueryParams.goQuote(rv)
                    + ": strconv.ParseUint: parsing " + QueryParams.goQuote(rv) + ": " + why));
        }
    }

    private static int parseLimit(String limit) {
        Long v = QueryParams.int64(limit);
        return v == null || v <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, v);
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

    private static String firstLine(String m) {
        if (m == null) {
            return "";
        }
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
