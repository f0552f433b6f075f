package io.kubesim.registry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.command.PatchType;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.Statuses;
import io.kubesim.registry.admission.Admission;
import io.kubesim.registry.admission.AdmissionSettings;
import io.kubesim.registry.apps.DaemonSetStrategy;
import io.kubesim.registry.apps.DeploymentStrategy;
import io.kubesim.registry.apps.ReplicaSetStrategy;
import io.kubesim.registry.batch.JobStrategy;
import io.kubesim.registry.coordination.LeaseStrategy;
import io.kubesim.registry.core.ConfigMapStrategy;
import io.kubesim.registry.core.EventStrategy;
import io.kubesim.registry.core.NamespaceStrategy;
import io.kubesim.registry.core.SecretStrategy;
import io.kubesim.registry.core.ServiceAccountStrategy;
import io.kubesim.registry.core.ServiceStrategy;
import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.Invalid;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.node.NodeStrategy;
import io.kubesim.registry.patch.Patches;
import io.kubesim.registry.pod.PodStrategy;
import io.kubesim.registry.policy.PodDisruptionBudgetStrategy;
import io.kubesim.registry.scheduling.PriorityClassStrategy;
import io.kubesim.registry.schema.Decoding;
import io.kubesim.registry.strategy.Strategy;

/**
 * kube-apiserver's per-resource rules between decoding and storage (k8s.io/apiserver/pkg/registry/rest/create.go
 * and update.go, the admission chain, the registry strategies, patch.go): defaults, mutating admission,
 * PrepareForCreate/PrepareForUpdate, validation, validating admission. The storage layer stamps system metadata
 * (name from generateName, uid, creationTimestamp, resourceVersion) and calls this; every rejection is an
 * {@link ApiException} carrying the upstream {@code Status}. No method mutates its arguments.
 */
public final class Registry {

    private final Admission admission;
    private final Map<ResourceType, Strategy> strategies = new LinkedHashMap<>();

    /** A registry with kube-apiserver's default admission settings. */
    public Registry(Clock clock) {
        this(clock, AdmissionSettings.DEFAULTS);
    }

    public Registry(Clock clock, AdmissionSettings settings) {
        this.admission = new Admission(settings);
        for (Strategy s : List.of(new NamespaceStrategy(), new NodeStrategy(), new PodStrategy(clock),
                new EventStrategy(), new ServiceStrategy(), new ConfigMapStrategy(), new SecretStrategy(),
                new ServiceAccountStrategy(), new DeploymentStrategy(), new ReplicaSetStrategy(),
                new DaemonSetStrategy(), new JobStrategy(), new LeaseStrategy(), new PodDisruptionBudgetStrategy(),
                new PriorityClassStrategy())) {
            strategies.put(s.type(), s);
        }
    }

    /**
     * Admits a new object whose system metadata is set: decode check (400), defaults, mutating admission
     * (namespace lifecycle: 404 {@code namespaces "x" not found} / 403 terminating; node taint; priority: 403 for an
     * unknown class; default tolerations), PrepareForCreate, validation (422 Invalid with causes), validating
     * admission (403 for a second default PriorityClass).
     *
     * @return the object to store
     */
    public ObjectNode admitCreate(ResourceType type, ObjectNode object, StateView state) {
        Strategy strategy = strategy(type);
        ObjectNode obj = object.deepCopy();
        decode(type, obj);
        typeMeta(type, obj);
        ObjectNode meta = Tree.ensureObj(obj, "metadata");
        if (!type.namespaced()) {
            meta.remove("namespace");
        }
        meta.remove(List.of("deletionTimestamp", "deletionGracePeriodSeconds"));
        strategy.defaults(obj);
        admission.admitCreate(type, obj, state);
        strategy.prepareForCreate(obj);
        ErrorList errs = strategy.validate(obj);
        if (!errs.isEmpty()) {
            throw Invalid.exception(type, Tree.name(obj), errs);
        }
        admission.validateCreate(type, obj, state);
        strategy.canonicalize(obj);
        return stored(obj);
    }

    /**
     * Admits an update of the main resource (PUT, or the result of a patch): decode check, defaults, admission,
     * system metadata kept from the old object (uid when omitted, creationTimestamp, deletion fields, generation),
     * PrepareForUpdate (status kept for kinds with a status subresource, generation bumped on spec changes),
     * update validation (422: immutable fields, pod spec updates, ...).
     */
    public ObjectNode admitUpdate(ResourceType type, ObjectNode newObject, ObjectNode oldObject, StateView state) {
        Strategy strategy = strategy(type);
        ObjectNode obj = newObject.deepCopy();
        ObjectNode old = oldObject.deepCopy();
        decode(type, obj);
        typeMeta(type, obj);
        matchNamespace(type, obj, old);
        strategy.defaults(obj);
        admission.admitUpdate(type, obj, old, state);
        keepSystemMetadata(obj, old);
        strategy.prepareForUpdate(obj, old);
        ErrorList errs = strategy.validateUpdate(obj, old);
        if (!errs.isEmpty()) {
            throw Invalid.exception(type, Tree.name(obj), errs);
        }
        admission.validateUpdate(type, obj, old, state);
        strategy.canonicalize(obj);
        return stored(obj);
    }

    /**
     * Admits an update of the status subresource: the result is the old object with the new object's status,
     * annotations and (but for Deployments) labels; everything else comes from the old object; the new
     * {@code metadata.resourceVersion} is kept for the store's compare-and-swap), then status validation.
     * Kinds without a status subresource answer 404. No admission plugin acts on status updates, so {@code state}
     * is not consulted.
     */
    public ObjectNode admitStatusUpdate(ResourceType type, ObjectNode newObject, ObjectNode oldObject,
            StateView state) {
        Strategy strategy = strategy(type);
        if (!type.hasStatus()) {
            throw new ApiException(Statuses.pathNotFound());
        }
        ObjectNode incoming = newObject.deepCopy();
        decode(type, incoming);
        strategy.defaults(incoming);
        ObjectNode obj = oldObject.deepCopy();
        typeMeta(type, obj);
        JsonNode status = incoming.get("status");
        if (status == null || status.isNull()) {
            obj.remove("status");
        } else {
            obj.set("status", status);
        }
        // Like the status strategies of these (pre-ResetObjectMetaForStatus) resources, a status update may change
        // annotations, and labels except on Deployments (pkg/registry/apps/deployment/strategy.go,
        // pkg/registry/core/pod/strategy.go, pkg/registry/core/node/strategy.go): the deployment controller writes
        // the revision annotation together with the status.
        JsonNode newMeta = incoming.path("metadata");
        ObjectNode meta = Tree.ensureObj(obj, "metadata");
        if (newMeta.has("annotations")) {
            meta.set("annotations", newMeta.get("annotations"));
        }
        if (newMeta.has("labels") && type != io.kubesim.model.resource.Resources.DEPLOYMENTS) {
            meta.set("labels", newMeta.get("labels"));
        }
        String resourceVersion = Tree.str(Tree.metadata(incoming), "resourceVersion");
        if (!resourceVersion.isEmpty()) {
            Tree.ensureObj(obj, "metadata").put("resourceVersion", resourceVersion);
        }
        strategy.prepareForStatusUpdate(obj, oldObject);
        ErrorList errs = strategy.validateStatusUpdate(obj, oldObject);
        if (!errs.isEmpty()) {
            throw Invalid.exception(type, Tree.name(obj), errs);
        }
        return stored(obj);
    }

    /**
     * Applies a patch to the current object: JSON patch, JSON merge patch, strategic merge patch or server-side
     * apply (simplified, see {@code ServerSideApply}). Malformed patches are 400 BadRequest, inapplicable JSON
     * patches (e.g. a failed {@code test}) 422, results that do not decode as the kind 422 Invalid. The result still
     * has to go through {@link #admitUpdate} (or {@link #admitCreate} for an apply that creates).
     *
     * @param current the stored object; null only for {@link PatchType#APPLY_PATCH} when nothing is stored yet
     */
    public ObjectNode applyPatch(ResourceType type, ObjectNode current, PatchType patchType, String patch) {
        strategy(type);
        return stored(Patches.apply(type, current, patchType, patch));
    }

    /**
     * Field paths the schema does not know, in document order ({@code spec.containers[0].imagePullPolicyy}), for
     * {@code fieldValidation=Strict}. kube-apiserver answers a create or update with 400
     * {@code strict decoding error: unknown field "spec.foo"}, and a patch with 422
     * {@code patch: Invalid value: ...: strict decoding error: ...}.
     */
    public List<String> unknownFields(ResourceType type, JsonNode object) {
        strategy(type);
        return Decoding.unknownFields(type, object);
    }

    /**
     * Strict decoding errors of a JSON request body, worded as kube-apiserver's:
     * {@code duplicate field "metadata.name"} and {@code unknown field "spec.foo"}; empty when the body is
     * acceptable. Joined with ", " after {@code strict decoding error: } they form upstream's message.
     */
    public List<String> strictDecodingErrors(ResourceType type, String json) {
        strategy(type);
        List<String> out = new ArrayList<>();
        Decoding.duplicateFields(json).forEach(p -> out.add("duplicate field \"" + p + "\""));
        JsonNode parsed;
        try {
            parsed = KubeJson.parse(json);
        } catch (RuntimeException e) {
            return out;
        }
        Decoding.unknownFields(type, parsed).forEach(p -> out.add("unknown field \"" + p + "\""));
        return out;
    }

    /**
     * The object exactly as it reads back from storage: members set to {@code null} dropped (Go decodes them to
     * zero values and omits them again), numbers typed as a JSON parser types them. Done in place by one walk of
     * the tree; a tree holding a node no parser makes (a POJO, binary) takes the slow way, a write and a read.
     */
    private static ObjectNode stored(ObjectNode obj) {
        if (canonical(obj)) {
            return obj;
        }
        dropNullMembers(obj);
        return (ObjectNode) KubeJson.parse(KubeJson.write(obj));
    }

    /** Drops null members and retypes numbers in place; false if the tree holds a node a parser never makes. */
    private static boolean canonical(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> nulls = null;
            Map<String, JsonNode> retyped = null;
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                JsonNode v = e.getValue();
                if (v.isNull()) {
                    nulls = nulls == null ? new ArrayList<>() : nulls;
                    nulls.add(e.getKey());
                } else if (v.isNumber()) {
                    JsonNode n = asParsed(v);
                    if (n != v) {
                        retyped = retyped == null ? new LinkedHashMap<>() : retyped;
                        retyped.put(e.getKey(), n);
                    }
                } else if (!canonical(v)) {
                    return false;
                }
            }
            if (retyped != null) {
                retyped.forEach(o::set);
            }
            if (nulls != null) {
                o.remove(nulls);
            }
            return true;
        }
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                JsonNode v = a.get(i);
                if (v.isNumber()) {
                    JsonNode n = asParsed(v);
                    if (n != v) {
                        a.set(i, n);
                    }
                } else if (!v.isNull() && !canonical(v)) {
                    return false;
                }
            }
            return true;
        }
        return node.isString() || node.isBoolean() || node.isNull();
    }

    /** A number as the parser would type it: int, long or big integer by range; floating point as double. */
    private static JsonNode asParsed(JsonNode n) {
        if (n.isIntegralNumber()) {
            if (n.canConvertToInt()) {
                return n instanceof IntNode ? n : IntNode.valueOf(n.intValue());
            }
            if (n.canConvertToLong()) {
                return n instanceof LongNode ? n : LongNode.valueOf(n.longValue());
            }
            return n instanceof BigIntegerNode ? n : BigIntegerNode.valueOf(n.bigIntegerValue());
        }
        return n instanceof DoubleNode ? n : DoubleNode.valueOf(n.doubleValue());
    }

    private static void dropNullMembers(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> nulls = new ArrayList<>();
            o.properties().forEach(e -> {
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                } else {
                    dropNullMembers(e.getValue());
                }
            });
            o.remove(nulls);
        } else if (node != null && node.isArray()) {
            node.forEach(Registry::dropNullMembers);
        }
    }

    private Strategy strategy(ResourceType type) {
        Strategy s = strategies.get(type);
        if (s == null) {
            throw new IllegalArgumentException("no registry rules for " + type.qualifiedName());
        }
        return s;
    }

    /** The decoder's verdict: values of the wrong type are 400 {@code Kind in version "v1" cannot be handled}. */
    private static void decode(ResourceType type, ObjectNode obj) {
        Optional<String> error = Decoding.firstError(type, obj);
        if (error.isPresent()) {
            throw new ApiException(Statuses.badRequest(type.kind() + " in version \"" + type.version()
                    + "\" cannot be handled as a " + type.kind() + ": " + error.get()));
        }
    }

    /** apiVersion and kind, first in the object as the API server writes them. */
    private static void typeMeta(ResourceType type, ObjectNode obj) {
        if (!Tree.str(obj, "apiVersion").isEmpty() && !Tree.str(obj, "kind").isEmpty()) {
            return;
        }
        Map<String, JsonNode> rest = new LinkedHashMap<>();
        obj.properties().forEach(e -> rest.put(e.getKey(), e.getValue()));
        String apiVersion = Tree.str(obj, "apiVersion");
        String kind = Tree.str(obj, "kind");
        obj.removeAll();
        obj.put("apiVersion", apiVersion.isEmpty() ? type.apiVersion() : apiVersion);
        obj.put("kind", kind.isEmpty() ? type.kind() : kind);
        rest.forEach((k, v) -> {
            if (!k.equals("apiVersion") && !k.equals("kind")) {
                obj.set(k, v);
            }
        });
    }

    /** {@code EnsureObjectNamespaceMatchesRequestNamespace}, the old object's namespace being the request's. */
    private static void matchNamespace(ResourceType type, ObjectNode obj, ObjectNode old) {
        ObjectNode meta = Tree.ensureObj(obj, "metadata");
        String ns = Tree.str(meta, "namespace");
        String expected = type.namespaced() ? Tree.namespace(old) : "";
        if (ns.equals(expected)) {
            return;
        }
        if (ns.isEmpty()) {
            meta.put("namespace", expected);
        } else if (expected.isEmpty()) {
            meta.remove("namespace");
        } else {
            throw new ApiException(Statuses.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request"));
        }
    }

    /** {@code rest.BeforeUpdate}: what an update may not change or remove. */
    private static void keepSystemMetadata(ObjectNode obj, ObjectNode old) {
        ObjectNode meta = Tree.ensureObj(obj, "metadata");
        ObjectNode oldMeta = Tree.metadata(old);
        if (Tree.has(oldMeta, "generation")) {
            meta.set("generation", oldMeta.get("generation"));
        } else {
            meta.remove("generation");
        }
        if (Tree.str(meta, "uid").isEmpty() && Tree.has(oldMeta, "uid")) {
            meta.set("uid", oldMeta.get("uid"));
        }
        if (Tree.has(oldMeta, "creationTimestamp")) {
            meta.set("creationTimestamp", oldMeta.get("creationTimestamp"));
        }
        if (Tree.has(oldMeta, "deletionTimestamp")) {
            meta.set("deletionTimestamp", oldMeta.get("deletionTimestamp"));
        }
        if (Tree.has(oldMeta, "deletionGracePeriodSeconds") && !Tree.has(meta, "deletionGracePeriodSeconds")) {
            meta.set("deletionGracePeriodSeconds", oldMeta.get("deletionGracePeriodSeconds"));
        }
    }
}
