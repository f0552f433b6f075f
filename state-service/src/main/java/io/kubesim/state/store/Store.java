package io.kubesim.state.store;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Status;

import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.command.BindPod;
import io.kubesim.model.command.CommandEnvelope;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.EvictPod;
import io.kubesim.model.command.PatchObject;
import io.kubesim.model.command.PatchType;
import io.kubesim.model.command.ReplaceObject;
import io.kubesim.model.command.UpdateStatus;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.event.ChangeType;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.labels.LabelSelector;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.FieldError;
import io.kubesim.model.status.Statuses;

/**
 * Applies one command to the state and says what to write: the storage half of kube-apiserver (generic registry
 * store + etcd3 storage). Per-resource rules (defaults, admission, validation, patches) come from
 * {@link ResourceRules}; this class owns what is generic: keys, names, uids, timestamps, compare-and-swap on
 * resourceVersion, graceful deletion, finalizers, binding (with an overcommit check) and eviction
 * (PodDisruptionBudgets).
 *
 * <p>Upstream: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go,
 * staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go, pkg/registry/core/pod/storage/{storage,eviction}.go.
 */
public final class Store {

    private static final Logger log = LoggerFactory.getLogger(Store.class);
    private static final String GENERATE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final long DEFAULT_GRACE_SECONDS = 30;

    private final ResourceRules rules;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Store(ResourceRules rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    /** Applies a command against {@code batch}; on success the batch already holds the change. */
    public Outcome apply(CommandEnvelope envelope, Batch batch) {
        Request r = new Request(envelope, batch, clock.instant());
        try {
            return switch (envelope.command()) {
                case CreateObject c -> create(r, c);
                case ReplaceObject c -> update(r, c.target(), c.object(), false, c.options());
                case UpdateStatus c -> update(r, c.target(), c.object(), true, c.options());
                case PatchObject c -> patch(r, c);
                case DeleteObject c -> delete(r, c);
                case BindPod c -> bind(r, c);
                case EvictPod c -> evict(r, c);
            };
        } catch (ApiException e) {
            return r.refuse(e.status());
        } catch (RuntimeException e) {
            log.error("command {} ({}) failed", envelope.id(), envelope.command().getClass().getSimpleName(), e);
            return r.refuse(Statuses.internal(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    // ---------------------------------------------------------------- create

    private Outcome create(Request r, CreateObject c) {
        ResourceType type = resolve(c.target());
        ObjectNode obj = objectBody(c.object());
        checkKind(type, obj);
        strictFields(type, obj, c.options());
        ObjectNode meta = meta(obj);
        String namespace = namespaceFor(type, c.target(), meta);
        String name = text(meta, "name");
        if (c.target().name() != null && name != null && !c.target().name().equals(name)) {
            throw new ApiException(Statuses.badRequest("the name of the object (" + name
                    + ") does not match the name on the URL (" + c.target().name() + ")"));
        }
        if (name == null) {
            name = c.target().name();
        }
        String generateName = text(meta, "generateName");
        if (name == null || name.isEmpty()) {
            if (generateName == null || generateName.isEmpty()) {
                throw new ApiException(Statuses.invalid(type, "", List.of(FieldError.required("metadata.name",
                        "name or generateName is required"))));
            }
            name = generatedName(type, namespace, generateName, r.batch);
        }
        checkPathSegment(type, name);
        String key = type.ref(namespace, name).key();
        if (r.batch.get(key).isPresent()) {
            throw new ApiException(Statuses.alreadyExists(type, name));
        }
        meta.put("name", name);
        if (namespace != null) {
            meta.put("namespace", namespace);
        }
        meta.remove("resourceVersion");
        meta.remove("deletionTimestamp");
        meta.remove("deletionGracePeriodSeconds");
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", KubeTime.time(r.now));
        ObjectNode admitted = rules.admitCreate(type, obj, r.batch);
        if (c.options().dryRun()) {
            return r.answer(201, admitted);
        }
        return r.write(ChangeType.ADDED, key, admitted, 0, 201, null, false);
    }

    private String generatedName(ResourceType type, String namespace, String prefix, Batch batch) {
        String base = prefix.length() > 58 ? prefix.substring(0, 58) : prefix;
        for (int attempt = 0; attempt < 16; attempt++) {
            StringBuilder sb = new StringBuilder(base);
            for (int i = 0; i < 5; i++) {
                sb.append(GENERATE_ALPHABET.charAt(random.nextInt(GENERATE_ALPHABET.length())));
            }
            String candidate = sb.toString();
            if (batch.get(type.ref(namespace, candidate).key()).isEmpty()) {
                return candidate;
            }
        }
        throw new ApiException(Statuses.alreadyExists(type, base + "?????"));
    }

    // ---------------------------------------------------------------- update (PUT)

    private Outcome update(Request r, ObjectRef target, JsonNode body, boolean status, WriteOptions options) {
        ResourceType type = resolve(target);
        StoredObject current = existing(r.batch, type, target);
        ObjectNode obj = objectBody(body);
        checkKind(type, obj);
        strictFields(type, obj, options);
        return replaceWith(r, type, target, current, obj, status, options);
    }

    private Outcome replaceWith(Request r, ResourceType type, ObjectRef target, StoredObject current, ObjectNode obj,
            boolean status, WriteOptions options) {
        ObjectNode meta = meta(obj);
        String name = text(meta, "name");
        if (name != null && !name.equals(target.name())) {
            throw new ApiException(Statuses.badRequest("the name of the object (" + name
                    + ") does not match the name on the URL (" + target.name() + ")"));
        }
        String ns = text(meta, "namespace");
        if (type.namespaced() && ns != null && !ns.isEmpty() && !ns.equals(target.namespace())) {
            throw new ApiException(Statuses.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request"));
        }
        String rv = text(meta, "resourceVersion");
        if (rv != null && !rv.isEmpty() && !rv.equals(String.valueOf(current.revision()))) {
            throw new ApiException(Statuses.conflictModified(type, target.name()));
        }
        ObjectNode old = current.json();
        ObjectNode oldMeta = (ObjectNode) old.get("metadata");
        String uid = text(meta, "uid");
        String oldUid = text(oldMeta, "uid");
        if (uid != null && !uid.isEmpty() && !uid.equals(oldUid)) {
            throw new ApiException(Statuses.conflict(type, target.name(),
                    "Precondition failed: UID in precondition: " + uid + ", UID in object meta: " + oldUid));
        }
        meta.put("name", target.name());
        if (type.namespaced()) {
            meta.put("namespace", target.namespace());
        }
        for (String f : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds")) {
            if (oldMeta.has(f)) {
                meta.set(f, oldMeta.get(f));
            } else {
                meta.remove(f);
            }
        }
        meta.put("resourceVersion", String.valueOf(current.revision()));
        ObjectNode admitted = status
                ? rules.admitStatusUpdate(type, obj, old, r.batch)
                : rules.admitUpdate(type, obj, old, r.batch);
        if (options.dryRun() || sameIgnoringVersion(admitted, old)) {
            return r.answer(200, options.dryRun() ? admitted : old);
        }
        // store.go shouldDeleteDuringUpdate: an update deletes the object only when it removes the last finalizer of
        // an object being deleted with a zero grace period; a kubelet's status update of a terminating pod must not
        boolean finalized = meta(admitted).has("deletionTimestamp") && !hasFinalizers(admitted)
                && hasFinalizers(old) && meta(admitted).path("deletionGracePeriodSeconds").asLong(-1) == 0;
        String key = target.key();
        if (finalized) {
            return r.write(ChangeType.DELETED, key, admitted, current.revision(), 200, null, false);
        }
        return r.write(ChangeType.MODIFIED, key, admitted, current.revision(), 200, null,
                VolatileChanges.isVolatile(type, old, admitted));
    }

    // ---------------------------------------------------------------- patch

    private Outcome patch(Request r, PatchObject c) {
        ResourceType type = resolve(c.target());
        boolean status = "status".equals(c.subresource());
        if (c.subresource() != null && !status) {
            throw new ApiException(Statuses.methodNotSupported(type.group(), type.plural() + "/" + c.subresource(),
                    "patch"));
        }
        Optional<StoredObject> current = r.batch.get(c.target().key());
        if (current.isEmpty()) {
            if (c.patchType() == PatchType.APPLY_PATCH && !status) {
                ObjectNode applied = rules.applyPatch(type, null, c.patchType(), c.patch());
                return create(r, new CreateObject(c.target(), applied, c.options()));
            }
            throw new ApiException(Statuses.notFound(type, c.target().name()));
        }
        ObjectNode patched = rules.applyPatch(type, current.get().json(), c.patchType(), c.patch());
        strictFields(type, patched, c.options());
        return replaceWith(r, type, c.target(), current.get(), patched, status, c.options());
    }

    // ---------------------------------------------------------------- delete

    private Outcome delete(Request r, DeleteObject c) {
        ResourceType type = resolve(c.target());
        StoredObject current = existing(r.batch, type, c.target());
        checkPreconditions(type, c.target().name(), current, c.uid(), c.resourceVersion());
        ObjectNode obj = current.json();
        return deleteObject(r, type, c.target(), current, obj, c.gracePeriodSeconds(), c.propagationPolicy(),
                c.options().dryRun(), null);
    }

    private Outcome deleteObject(Request r, ResourceType type, ObjectRef target, StoredObject current,
            ObjectNode obj, Long requestedGrace, String propagation, boolean dryRun, List<LogRow> extraRows) {
        ObjectNode meta = meta(obj);
        String key = target.key();
        boolean deleting = meta.has("deletionTimestamp");

        if (type == Resources.NAMESPACES) {
            boolean empty = namespaceIsEmpty(r.batch, target.name());
            if (!empty) {
                if (deleting) {
                    return r.answer(200, current.json());
                }
                meta.put("deletionTimestamp", KubeTime.time(r.now));
                meta.put("deletionGracePeriodSeconds", 0);
                ((ObjectNode) obj.withObjectProperty("status")).put("phase", "Terminating");
                return dryRun ? r.answer(200, obj)
                        : r.write(ChangeType.MODIFIED, key, obj, current.revision(), 200, null, false, extraRows);
            }
        }

        if (!deleting && ("Orphan".equals(propagation) || "Foreground".equals(propagation))) {
            String finalizer = "Orphan".equals(propagation) ? "orphan" : "foregroundDeletion";
            ArrayNode finalizers = meta.withArrayProperty("finalizers");
            boolean present = false;
            for (JsonNode f : finalizers) {
                present |= finalizer.equals(f.asString());
            }
            if (!present) {
                finalizers.add(finalizer);
            }
        }

        long grace = 0;
        if (type == Resources.PODS && isBoundAndRunning(obj)) {
            grace = requestedGrace != null ? Math.max(0, requestedGrace)
                    : obj.path("spec").path("terminationGracePeriodSeconds").asLong(DEFAULT_GRACE_SECONDS);
        }

        if (hasFinalizers(obj)) {
            if (deleting && obj.equals(current.json())) {
                return r.answer(200, current.json());
            }
            if (!deleting) {
                meta.put("deletionTimestamp", KubeTime.time(r.now));
                meta.put("deletionGracePeriodSeconds", grace);
            }
            return dryRun ? r.answer(200, obj)
                    : r.write(ChangeType.MODIFIED, key, obj, current.revision(), 200, null, false, extraRows);
        }

        if (grace > 0) {
            Instant deadline = r.now.plusSeconds(grace);
            if (deleting) {
                Instant existingDeadline = KubeTime.parse(meta.path("deletionTimestamp").asString(null));
                if (existingDeadline != null && !deadline.isBefore(existingDeadline)) {
                    return r.answer(200, current.json());
                }
            }
            meta.put("deletionTimestamp", KubeTime.time(deadline));
            meta.put("deletionGracePeriodSeconds", grace);
            return dryRun ? r.answer(200, obj)
                    : r.write(ChangeType.MODIFIED, key, obj, current.revision(), 200, null, false, extraRows);
        }

        if (!meta.has("deletionTimestamp")) {
            meta.put("deletionTimestamp", KubeTime.time(r.now));
            meta.put("deletionGracePeriodSeconds", 0);
        }
        return dryRun ? r.answer(200, obj)
                : r.write(ChangeType.DELETED, key, obj, current.revision(), 200, null, false, extraRows);
    }

    private static boolean isBoundAndRunning(ObjectNode pod) {
        String phase = pod.path("status").path("phase").asString("");
        return Projection.nodeName(pod) != null && !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    private static boolean namespaceIsEmpty(Batch batch, String namespace) {
        for (ResourceType t : Resources.all()) {
            if (t.namespaced() && !batch.list(ObjectRef.prefix(t.qualifiedName(), namespace)).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- binding

    private Outcome bind(Request r, BindPod c) {
        ResourceType type = Resources.PODS;
        StoredObject current = existing(r.batch, type, c.target());
        ObjectNode pod = current.json();
        String name = c.target().name();
        String uid = text(meta(pod), "uid");
        if (c.uid() != null && !c.uid().equals(uid)) {
            throw new ApiException(bindingConflict(name, "Precondition failed: UID in precondition: " + c.uid()
                    + ", UID in object meta: " + uid));
        }
        String assigned = Projection.nodeName(pod);
        if (assigned != null) {
            throw new ApiException(bindingConflict(name, "pod " + name + " is already assigned to node \""
                    + assigned + "\""));
        }
        if (meta(pod).has("deletionTimestamp")) {
            throw new ApiException(bindingConflict(name, "pod " + name
                    + " is being deleted, cannot be assigned to a host"));
        }
        if (c.nodeName() == null || c.nodeName().isEmpty()) {
            throw new ApiException(Statuses.invalid("Binding", "", "Binding", name,
                    List.of(FieldError.required("target.name", ""))));
        }
        Optional<StoredObject> node = r.batch.get(Resources.NODES.ref(null, c.nodeName()).key());
        if (node.isPresent()) {
            List<PodResources.Usage> others = new ArrayList<>();
            for (String podKey : r.batch.podsOnNode(c.nodeName())) {
                r.batch.get(podKey).map(StoredObject::usage).ifPresent(others::add);
            }
            String overcommit = PodResources.overcommit(node.get().json(), others, pod);
            if (overcommit != null) {
                throw new ApiException(bindingConflict(name, "node \"" + c.nodeName()
                        + "\" would be overcommitted: " + overcommit));
            }
        }
        pod.withObjectProperty("spec").put("nodeName", c.nodeName());
        setCondition(pod, "PodScheduled", "True", null, null, r.now);
        if (c.options().dryRun()) {
            return r.answer(201, pod);
        }
        return r.write(ChangeType.MODIFIED, c.target().key(), pod, current.revision(), 201, c.decisionId(), false);
    }

    private static Status bindingConflict(String name, String why) {
        return Statuses.failure(409, "Conflict", "Operation cannot be fulfilled on pods/binding \"" + name + "\": "
                + why, null, "pods/binding", name, List.of());
    }

    // ---------------------------------------------------------------- eviction

    private Outcome evict(Request r, EvictPod c) {
        ResourceType type = Resources.PODS;
        StoredObject current = existing(r.batch, type, c.target());
        ObjectNode pod = current.json();
        List<LogRow> extra = new ArrayList<>();
        String phase = pod.path("status").path("phase").asString("");
        boolean ignoresBudgets = "Succeeded".equals(phase) || "Failed".equals(phase) || "Pending".equals(phase)
                || meta(pod).has("deletionTimestamp");
        if (!ignoresBudgets) {
            List<StoredObject> budgets = matchingBudgets(r.batch, c.target().namespace(), pod);
            if (budgets.size() > 1) {
                throw new ApiException(Statuses.internal(
                        "This pod has more than one PodDisruptionBudget, which the eviction subresource does not "
                                + "support."));
            }
            if (budgets.size() == 1) {
                extra.add(consumeDisruption(r, budgets.getFirst(), c.target().name()));
            }
        }
        setCondition(pod, "DisruptionTarget", "True", "EvictionByEvictionAPI", "Eviction API: evicting", r.now);
        Outcome outcome = deleteObject(r, type, c.target(), current, pod, c.gracePeriodSeconds(), null,
                c.options().dryRun(), extra);
        if (outcome instanceof Outcome.Written w) {
            CommandReply reply = w.reply();
            return new Outcome.Written(w.rows(), new CommandReply(reply.commandId(), 201, reply.revision(),
                    reply.object(), null));
        }
        return outcome;
    }

    private static List<StoredObject> matchingBudgets(Batch batch, String namespace, ObjectNode pod) {
        var labels = KubeJson.json().convertValue(pod.path("metadata").path("labels"),
                new tools.jackson.core.type.TypeReference<java.util.Map<String, String>>() { });
        List<StoredObject> out = new ArrayList<>();
        for (StoredObject pdb : batch.list(ObjectRef.prefix(Resources.POD_DISRUPTION_BUDGETS.qualifiedName(),
                namespace))) {
            JsonNode selector = pdb.json().path("spec").path("selector");
            if (selector.isMissingNode() || selector.isNull()) {
                continue;
            }
            var sel = KubeJson.convert(selector, io.fabric8.kubernetes.api.model.LabelSelector.class);
            if (LabelSelector.from(sel).matches(labels == null ? java.util.Map.of() : labels)) {
                out.add(pdb);
            }
        }
        return out;
    }

    private LogRow consumeDisruption(Request r, StoredObject budget, String podName) {
        ObjectNode pdb = budget.json();
        String pdbName = pdb.path("metadata").path("name").asString("");
        JsonNode status = pdb.path("status");
        long observed = status.path("observedGeneration").asLong(0);
        long generation = pdb.path("metadata").path("generation").asLong(0);
        if (observed < generation) {
            throw new ApiException(Statuses.disruptionBudgetViolated("The disruption budget " + pdbName
                    + " is still being processed by the server."));
        }
        long allowed = status.path("disruptionsAllowed").asLong(0);
        if (allowed <= 0) {
            throw new ApiException(Statuses.disruptionBudgetViolated("The disruption budget " + pdbName
                    + " needs " + status.path("desiredHealthy").asLong(0) + " healthy pods and has "
                    + status.path("currentHealthy").asLong(0) + " currently"));
        }
        ObjectNode st = pdb.withObjectProperty("status");
        st.put("disruptionsAllowed", allowed - 1);
        st.withObjectProperty("disruptedPods").put(podName, KubeTime.time(r.now));
        String key = Resources.POD_DISRUPTION_BUDGETS.ref(pdb.path("metadata").path("namespace").asString(),
                pdbName).key();
        return r.row(ChangeType.MODIFIED, key, pdb, budget.revision(), 200, null, false);
    }

    // ---------------------------------------------------------------- helpers

    private static ResourceType resolve(ObjectRef target) {
        return Resources.byQualifiedName(target.resource())
                .orElseThrow(() -> new ApiException(Statuses.pathNotFound()));
    }

    private static StoredObject existing(Batch batch, ResourceType type, ObjectRef target) {
        return batch.get(target.key()).orElseThrow(() -> new ApiException(Statuses.notFound(type, target.name())));
    }

    private static ObjectNode objectBody(JsonNode body) {
        if (!(body instanceof ObjectNode o)) {
            throw new ApiException(Statuses.badRequest("the request body must be a JSON object"));
        }
        return o.deepCopy();
    }

    private static void checkKind(ResourceType type, ObjectNode obj) {
        String apiVersion = obj.path("apiVersion").asString("");
        String kind = obj.path("kind").asString("");
        if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
            throw new ApiException(Statuses.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + type.apiVersion() + ")"));
        }
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw new ApiException(Statuses.badRequest(kind + " in version \"" + type.version()
                    + "\" cannot be handled as a " + type.kind() + ": the kind in the data (" + kind
                    + ") does not match the expected kind (" + type.kind() + ")"));
        }
        obj.put("apiVersion", type.apiVersion());
        obj.put("kind", type.kind());
    }

    private void strictFields(ResourceType type, ObjectNode obj, WriteOptions options) {
        if (!options.strict()) {
            return;
        }
        List<String> unknown = rules.unknownFields(type, obj);
        if (!unknown.isEmpty()) {
            throw new ApiException(Statuses.badRequest(type.kind() + " in version \"" + type.version()
                    + "\" cannot be handled as a " + type.kind() + ": strict decoding error: "
                    + String.join(", ", unknown.stream().map(f -> "unknown field \"" + f + "\"").toList())));
        }
    }

    private static String namespaceFor(ResourceType type, ObjectRef target, ObjectNode meta) {
        String inObject = text(meta, "namespace");
        if (!type.namespaced()) {
            meta.remove("namespace");
            return null;
        }
        String ns = target.namespace();
        if (ns == null || ns.isEmpty()) {
            ns = inObject;
        }
        if (ns == null || ns.isEmpty()) {
            throw new ApiException(Statuses.badRequest("the namespace of the object is required"));
        }
        if (inObject != null && !inObject.isEmpty() && !inObject.equals(ns)) {
            throw new ApiException(Statuses.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request"));
        }
        return ns;
    }

    /** Names must be usable as one URL path segment (apimachinery's IsValidPathSegmentName). */
    private static void checkPathSegment(ResourceType type, String name) {
        String problem = null;
        if (name.equals(".") || name.equals("..")) {
            problem = "may not be '" + name + "'";
        } else if (name.contains("/")) {
            problem = "may not contain '/'";
        } else if (name.contains("%")) {
            problem = "may not contain '%'";
        }
        if (problem != null) {
            throw new ApiException(Statuses.invalid(type, name,
                    List.of(FieldError.invalid("metadata.name", name, problem))));
        }
    }

    private static void checkPreconditions(ResourceType type, String name, StoredObject current, String uid,
            String rv) {
        String currentUid = current.json().path("metadata").path("uid").asString("");
        if (uid != null && !uid.isEmpty() && !uid.equals(currentUid)) {
            throw new ApiException(Statuses.conflict(type, name, "Precondition failed: UID in precondition: " + uid
                    + ", UID in object meta: " + currentUid));
        }
        if (rv != null && !rv.isEmpty() && !rv.equals(String.valueOf(current.revision()))) {
            throw new ApiException(Statuses.conflict(type, name,
                    "Precondition failed: ResourceVersion in precondition: " + rv
                            + ", ResourceVersion in object meta: " + current.revision()));
        }
    }

    private static boolean hasFinalizers(ObjectNode obj) {
        JsonNode f = obj.path("metadata").path("finalizers");
        return f.isArray() && !f.isEmpty();
    }

    private static boolean sameIgnoringVersion(ObjectNode a, ObjectNode b) {
        ObjectNode x = a.deepCopy();
        ObjectNode y = b.deepCopy();
        ((ObjectNode) x.path("metadata")).remove("resourceVersion");
        ((ObjectNode) y.path("metadata")).remove("resourceVersion");
        return x.equals(y);
    }

    /** Sets or replaces a pod condition; the transition time changes only when the status does. */
    static void setCondition(ObjectNode pod, String conditionType, String status, String reason, String message,
            Instant now) {
        ArrayNode conditions = pod.withObjectProperty("status").withArrayProperty("conditions");
        ObjectNode existing = null;
        for (JsonNode c : conditions) {
            if (conditionType.equals(c.path("type").asString())) {
                existing = (ObjectNode) c;
            }
        }
        if (existing == null) {
            existing = conditions.addObject();
            existing.put("type", conditionType);
        }
        if (!status.equals(existing.path("status").asString(""))) {
            existing.put("lastTransitionTime", KubeTime.time(now));
        }
        existing.put("status", status);
        existing.putNull("lastProbeTime");
        if (reason != null) {
            existing.put("reason", reason);
        }
        if (message != null) {
            existing.put("message", message);
        }
    }

    private static ObjectNode meta(ObjectNode obj) {
        JsonNode m = obj.get("metadata");
        if (m == null || m.isNull()) {
            return obj.putObject("metadata");
        }
        if (!(m instanceof ObjectNode om)) {
            throw new ApiException(Statuses.badRequest("metadata must be an object"));
        }
        return om;
    }

    private static String text(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    /** One command being applied. */
    private static final class Request {
        final CommandEnvelope envelope;
        final Batch batch;
        final Instant now;

        Request(CommandEnvelope envelope, Batch batch, Instant now) {
            this.envelope = envelope;
            this.batch = batch;
            this.now = now;
        }

        Outcome refuse(Status status) {
            return new Outcome.Refused(new CommandReply(envelope.id(), status.getCode(), 0, null,
                    KubeJson.tree(status)));
        }

        Outcome answer(int code, ObjectNode object) {
            return new Outcome.Answered(new CommandReply(envelope.id(), code, 0, object, null));
        }

        Outcome write(ChangeType type, String key, ObjectNode obj, long prevRevision, int code, String decisionId,
                boolean volatileRow) {
            return write(type, key, obj, prevRevision, code, decisionId, volatileRow, null);
        }

        Outcome write(ChangeType type, String key, ObjectNode obj, long prevRevision, int code, String decisionId,
                boolean volatileRow, List<LogRow> extraRows) {
            LogRow row = row(type, key, obj, prevRevision, code, decisionId, volatileRow);
            List<LogRow> rows = new ArrayList<>();
            if (extraRows != null) {
                rows.addAll(extraRows);
            }
            rows.add(row);
            // the batch writes and publishes rows in list order, which must be revision order: extra rows (a
            // PodDisruptionBudget consumed by an eviction) got their revisions first
            rows.sort(java.util.Comparator.comparingLong(LogRow::revision));
            return new Outcome.Written(rows, new CommandReply(envelope.id(), code, row.revision(), obj, null));
        }

        /** Stamps the object with a new revision, records it in the batch and returns its log row. */
        LogRow row(ChangeType type, String key, ObjectNode obj, long prevRevision, int code, String decisionId,
                boolean volatileRow) {
            long revision = batch.allocateRevision();
            ((ObjectNode) obj.get("metadata")).put("resourceVersion", String.valueOf(revision));
            String text = KubeJson.write(obj);
            if (type == ChangeType.DELETED) {
                batch.remove(key);
            } else {
                batch.put(key, StoredObject.of(revision, obj, text));
            }
            return new LogRow(revision, key, type, text, prevRevision, envelope.actor(),
                    envelope.id(), decisionId, code, now, volatileRow);
        }
    }
}
