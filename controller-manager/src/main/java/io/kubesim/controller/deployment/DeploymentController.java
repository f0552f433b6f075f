package io.kubesim.controller.deployment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.ApiError;
import io.kubesim.controller.framework.Claims;
import io.kubesim.controller.framework.ClusterIndex;
import io.kubesim.controller.framework.Json;
import io.kubesim.controller.framework.OwnerRefs;
import io.kubesim.controller.framework.Pods;
import io.kubesim.controller.framework.TemplateHash;
import io.kubesim.controller.framework.WorkQueue;
import io.kubesim.controller.framework.Writer;
import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.labels.LabelSelector;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.ClusterCache.Entry;
import io.kubesim.runtime.EventRecorder;

/**
 * The Deployment controller (pkg/controller/deployment/deployment_controller.go, sync.go, rolling.go, recreate.go,
 * progress.go): owns ReplicaSets named {@code <deployment>-<pod-template-hash>}, rolls templates out with
 * RollingUpdate (maxSurge / maxUnavailable) or Recreate, scales proportionally, keeps the revision annotations and
 * {@code revisionHistoryLimit}, and reports replicas and the Available / Progressing conditions.
 *
 * <p>{@code kubectl rollout undo} (client-side in 1.32: it patches the template back to an old ReplicaSet's) and
 * {@code rollout restart} (a template annotation) are template changes like any other; {@code kubectl scale} changes
 * {@code spec.replicas} through the scale subresource the gateway serves.
 */
@Component
final class DeploymentController implements ClusterCache.Listener, AutoCloseable {

    static final String COMPONENT = "deployment-controller";
    static final String SCALING_REPLICA_SET = "ScalingReplicaSet";
    static final String SELECTING_ALL = "SelectingAll";

    private static final String DEPLOY_PREFIX = "/" + Resources.DEPLOYMENTS.qualifiedName() + "/";
    private static final String RS_PREFIX = "/" + Resources.REPLICA_SETS.qualifiedName() + "/";
    private static final String POD_PREFIX = "/" + Resources.PODS.qualifiedName() + "/";

    private final ClusterCache cache;
    private final ClusterIndex index;
    private final Writer writer;
    private final Claims claims;
    private final VirtualClock clock;
    private final EventRecorder events;
    private final WorkQueue<String> queue;

    DeploymentController(ClusterIndex index, Writer writer, Claims claims, VirtualClock clock,
            ControllerProperties properties) {
        this.cache = index.cache();
        this.index = index;
        this.writer = writer;
        this.claims = claims;
        this.clock = clock;
        this.events = new EventRecorder(writer.bus(), clock, COMPONENT);
        this.queue = new WorkQueue<>("deployment", properties.concurrency().deployment(), clock, this::sync,
                () -> Writer.awaitOwnWrites(cache));
        cache.addListener(this);
    }

    @Override
    public void onSynced() {
        queue.start();
    }

    @Override
    public void close() {
        queue.close();
    }

    // ------------------------------------------------------------------------------------------ event handlers

    @Override
    public void onChange(ChangeEvent event, Entry previous, Entry current) {
        String key = event.key();
        if (key.startsWith(DEPLOY_PREFIX)) {
            queue.add(key);
        } else if (key.startsWith(RS_PREFIX)) {
            replicaSetChanged(previous == null ? null : previous.as(ReplicaSet.class),
                    current == null ? null : current.as(ReplicaSet.class));
        } else if (key.startsWith(POD_PREFIX) && current == null && previous != null) {
            podDeleted(previous.as(Pod.class));
        }
    }

    private void replicaSetChanged(ReplicaSet old, ReplicaSet cur) {
        if (cur == null) {
            String d = deploymentKeyFor(old);
            if (d != null) {
                queue.add(d);
            }
            return;
        }
        String curKey = deploymentKeyFor(cur);
        String oldKey = old == null ? null : deploymentKeyFor(old);
        if (oldKey != null && !oldKey.equals(curKey)) {
            queue.add(oldKey);
        }
        if (curKey != null) {
            queue.add(curKey);
            return;
        }
        boolean labelsChanged = old == null
                || !Objects.equals(old.getMetadata().getLabels(), cur.getMetadata().getLabels());
        if (labelsChanged || oldKey != null) {
            Map<String, String> labels = cur.getMetadata().getLabels() == null ? Map.of()
                    : cur.getMetadata().getLabels();
            for (Entry e : cache.list(Resources.DEPLOYMENTS, cur.getMetadata().getNamespace())) {
                Deployment d = e.as(Deployment.class);
                LabelSelector selector = LabelSelector.from(d.getSpec().getSelector());
                if (!selector.isEverything() && selector.matches(labels)) {
                    queue.add(e.key());
                }
            }
        }
    }

    /** A Recreate rollout waits for the old pods to be gone: a pod deletion may let it continue. */
    private void podDeleted(Pod pod) {
        OwnerReference ref = OwnerRefs.controllerOf(pod);
        if (!OwnerRefs.controllerIs(ref, Resources.REPLICA_SETS)) {
            return;
        }
        cache.get(Resources.REPLICA_SETS.ref(pod.getMetadata().getNamespace(), ref.getName()))
                .map(e -> e.as(ReplicaSet.class))
                .map(this::deploymentKeyFor)
                .flatMap(cache::get)
                .filter(e -> DeploymentUtil.RECREATE.equals(DeploymentUtil.strategyType(e.as(Deployment.class))))
                .ifPresent(e -> queue.add(e.key()));
    }

    private String deploymentKeyFor(ReplicaSet rs) {
        OwnerReference ref = OwnerRefs.controllerOf(rs);
        if (!OwnerRefs.controllerIs(ref, Resources.DEPLOYMENTS)) {
            return null;
        }
        String key = Resources.DEPLOYMENTS.ref(rs.getMetadata().getNamespace(), ref.getName()).key();
        Optional<Entry> d = cache.get(key);
        if (d.isEmpty() || !ref.getUid().equals(d.get().json().path("metadata").path("uid").asString(""))) {
            return null;
        }
        return key;
    }

    // ------------------------------------------------------------------------------------------ sync

    /** One sync of one Deployment: its latest stored version and that of its ReplicaSets, updated by our writes. */
    private final class Sync {
        final String key;
        ObjectNode json;
        Deployment d;
        final Map<String, ObjectNode> rsJson = new HashMap<>();
        final Map<String, ReplicaSet> rsLatest = new HashMap<>();

        Sync(String key, Entry entry) {
            this.key = key;
            this.json = entry.json();
            this.d = entry.as(Deployment.class);
        }

        void deploymentWritten(CommandReply reply) {
            json = (ObjectNode) reply.object();
            d = KubeJson.convert(json, Deployment.class);
        }

        ReplicaSet rsWritten(CommandReply reply) {
            ObjectNode j = (ObjectNode) reply.object();
            ReplicaSet rs = KubeJson.convert(j, ReplicaSet.class);
            rsJson.put(rs.getMetadata().getName(), j);
            rsLatest.put(rs.getMetadata().getName(), rs);
            return rs;
        }

        ReplicaSet latest(ReplicaSet rs) {
            return rs == null ? null : rsLatest.getOrDefault(rs.getMetadata().getName(), rs);
        }

        List<ReplicaSet> latest(List<ReplicaSet> rss) {
            List<ReplicaSet> out = new ArrayList<>(rss.size());
            for (ReplicaSet rs : rss) {
                out.add(latest(rs));
            }
            return out;
        }

        void writeStatus(DeploymentStatusView status) {
            deploymentWritten(writer.updateStatus(Resources.DEPLOYMENTS, Json.withStatus(json, status.toJson())));
        }

        /** {@code SetDeploymentRevision}, written as a patch of the Deployment's annotations. */
        void setRevision(String revision) {
            Map<String, String> annotations = d.getMetadata().getAnnotations();
            if (annotations != null && revision.equals(annotations.get(DeploymentUtil.REVISION_ANNOTATION))) {
                return;
            }
            ObjectNode patch = Json.casPatch(json.path("metadata").path("resourceVersion").asString(""));
            ((ObjectNode) patch.get("metadata")).putObject("annotations")
                    .put(DeploymentUtil.REVISION_ANNOTATION, revision);
            deploymentWritten(writer.mergePatch(Resources.DEPLOYMENTS.ref(d.getMetadata().getNamespace(),
                    d.getMetadata().getName()), patch));
        }
    }

    private record Split(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        List<ReplicaSet> all() {
            List<ReplicaSet> all = new ArrayList<>(oldRSs);
            if (newRS != null) {
                all.add(newRS);
            }
            return all;
        }
    }

    void sync(String key) {
        Optional<Entry> found = cache.get(key);
        if (found.isEmpty()) {
            return;
        }
        Sync s = new Sync(key, found.get());
        if (selectsEverything(s.d)) {
            events.record(s.d, EventRecorder.WARNING, SELECTING_ALL,
                    "This deployment is selecting all pods. A non-empty selector is required.");
            DeploymentStatusView current = DeploymentStatusView.of(s.d);
            if (current.observedGeneration() < DeploymentUtil.generation(s.d)) {
                s.writeStatus(new DeploymentStatusView(DeploymentUtil.generation(s.d), current.replicas(),
                        current.updatedReplicas(), current.readyReplicas(), current.availableReplicas(),
                        current.unavailableReplicas(), current.collisionCount(), current.conditions()));
            }
            return;
        }
        List<ReplicaSet> rsList = claimReplicaSets(s);
        if (s.d.getMetadata().getDeletionTimestamp() != null) {
            Split split = allReplicaSets(s, rsList, false);
            syncDeploymentStatus(s, split);
            return;
        }
        checkPausedConditions(s);
        if (DeploymentUtil.isPaused(s.d)) {
            syncScale(s, rsList);
            return;
        }
        if (isScalingEvent(s, rsList)) {
            syncScale(s, rsList);
            return;
        }
        if (DeploymentUtil.RECREATE.equals(DeploymentUtil.strategyType(s.d))) {
            rolloutRecreate(s, rsList);
        } else {
            rolloutRolling(s, rsList);
        }
    }

    private static boolean selectsEverything(Deployment d) {
        var sel = d.getSpec().getSelector();
        return sel != null && (sel.getMatchLabels() == null || sel.getMatchLabels().isEmpty())
                && (sel.getMatchExpressions() == null || sel.getMatchExpressions().isEmpty());
    }

    /**
     * {@code getReplicaSetsForDeployment}: upstream lists every ReplicaSet of the namespace; only those this
     * Deployment controls and the orphans can be claimed, so the index gives the same result without the scan.
     */
    private List<ReplicaSet> claimReplicaSets(Sync s) {
        Set<String> keys = new LinkedHashSet<>(index.controlledBy(s.d.getMetadata().getUid()));
        keys.addAll(index.orphans(Resources.REPLICA_SETS, s.d.getMetadata().getNamespace()));
        List<Entry> candidates = new ArrayList<>();
        for (Entry e : index.entries(keys)) {
            if (e.key().startsWith(RS_PREFIX)) {
                candidates.add(e);
            }
        }
        for (Entry e : candidates) {
            s.rsJson.put(e.key().substring(e.key().lastIndexOf('/') + 1), e.json());
        }
        return claims.claim(s.d, Resources.DEPLOYMENTS, LabelSelector.from(s.d.getSpec().getSelector()),
                Resources.REPLICA_SETS, candidates, ReplicaSet.class, List.of());
    }

    // ------------------------------------------------------------------------------------------ new ReplicaSet

    /** {@code getAllReplicaSetsAndSyncRevision}. */
    private Split allReplicaSets(Sync s, List<ReplicaSet> rsList, boolean create) {
        ReplicaSet existing = findNewReplicaSet(s, rsList);
        List<ReplicaSet> old = new ArrayList<>();
        for (ReplicaSet rs : rsList) {
            if (existing == null || !rs.getMetadata().getUid().equals(existing.getMetadata().getUid())) {
                old.add(s.latest(rs));
            }
        }
        ReplicaSet newRS = newReplicaSet(s, existing == null ? null : s.latest(existing), old, create);
        return new Split(newRS, old);
    }

    /** {@code FindNewReplicaSet}: the oldest ReplicaSet whose template equals the Deployment's (hash aside). */
    private static ReplicaSet findNewReplicaSet(Sync s, List<ReplicaSet> rsList) {
        List<ReplicaSet> sorted = new ArrayList<>(rsList);
        sorted.sort(DeploymentUtil.byCreation());
        JsonNode template = s.json.path("spec").path("template");
        for (ReplicaSet rs : sorted) {
            JsonNode rsTemplate = s.rsJson.get(rs.getMetadata().getName()).path("spec").path("template");
            if (DeploymentUtil.equalIgnoreHash(rsTemplate, template)) {
                return rs;
            }
        }
        return null;
    }

    /** {@code getNewReplicaSet}. */
    private ReplicaSet newReplicaSet(Sync s, ReplicaSet existing, List<ReplicaSet> oldRSs, boolean create) {
        Deployment d = s.d;
        long newRevision = DeploymentUtil.maxRevision(oldRSs) + 1;
        Instant now = clock.instant();
        if (existing != null) {
            Map<String, String> annotations = new LinkedHashMap<>(DeploymentUtil.annotations(existing));
            boolean annotationsUpdated = DeploymentUtil.setNewReplicaSetAnnotations(d, annotations, newRevision, true);
            int minReady = Json.intOr(d.getSpec().getMinReadySeconds(), 0);
            boolean minReadyNeedsUpdate = Json.intOr(existing.getSpec().getMinReadySeconds(), 0) != minReady;
            if (annotationsUpdated || minReadyNeedsUpdate) {
                ObjectNode rsCopy = s.rsJson.get(existing.getMetadata().getName()).deepCopy();
                ((ObjectNode) rsCopy.get("metadata")).set("annotations", Json.stringMap(annotations));
                ObjectNode spec = (ObjectNode) rsCopy.get("spec");
                if (minReady == 0) {
                    spec.remove("minReadySeconds");
                } else {
                    spec.put("minReadySeconds", minReady);
                }
                return s.rsWritten(writer.replace(Resources.REPLICA_SETS, rsCopy));
            }
            s.setRevision(DeploymentUtil.annotations(existing).getOrDefault(DeploymentUtil.REVISION_ANNOTATION, ""));
            DeploymentStatusView status = DeploymentStatusView.of(s.d);
            if (DeploymentUtil.hasProgressDeadline(s.d)
                    && DeploymentUtil.find(status.conditions(), DeploymentUtil.PROGRESSING) == null) {
                DeploymentUtil.setCondition(status.conditions(), DeploymentUtil.condition(DeploymentUtil.PROGRESSING,
                        "True", DeploymentUtil.FOUND_NEW_RS_REASON,
                        "Found new replica set \"" + existing.getMetadata().getName() + "\"", now));
                s.writeStatus(status);
            }
            return existing;
        }
        if (!create) {
            return null;
        }
        Integer collisionCount = d.getStatus() == null ? null : d.getStatus().getCollisionCount();
        JsonNode template = s.json.path("spec").path("template");
        String hash = TemplateHash.compute(template, collisionCount);
        ObjectNode rsTemplate = template.isObject() ? ((ObjectNode) template).deepCopy() : Json.object();
        rsTemplate.withObjectProperty("metadata").withObjectProperty("labels")
                .put(DeploymentUtil.POD_TEMPLATE_HASH_LABEL, hash);
        JsonNode selectorJson = s.json.path("spec").path("selector");
        ObjectNode selector = selectorJson.isObject() ? ((ObjectNode) selectorJson).deepCopy() : Json.object();
        selector.withObjectProperty("matchLabels").put(DeploymentUtil.POD_TEMPLATE_HASH_LABEL, hash);
        String name = d.getMetadata().getName() + "-" + hash;

        int replicas = DeploymentUtil.newRSNewReplicas(d, oldRSs, 0);
        Map<String, String> annotations = new LinkedHashMap<>();
        DeploymentUtil.setNewReplicaSetAnnotations(d, annotations, newRevision, false);

        ObjectNode rs = Json.object();
        rs.put("apiVersion", Resources.REPLICA_SETS.apiVersion());
        rs.put("kind", Resources.REPLICA_SETS.kind());
        ObjectNode meta = rs.putObject("metadata");
        meta.put("name", name);
        meta.put("namespace", d.getMetadata().getNamespace());
        meta.set("labels", rsTemplate.path("metadata").path("labels").deepCopy());
        meta.set("annotations", Json.stringMap(annotations));
        meta.putArray("ownerReferences").add(OwnerRefs.controllerRef(Resources.DEPLOYMENTS, d));
        ObjectNode spec = rs.putObject("spec");
        spec.put("replicas", replicas);
        int minReady = Json.intOr(d.getSpec().getMinReadySeconds(), 0);
        if (minReady != 0) {
            spec.put("minReadySeconds", minReady);
        }
        spec.set("selector", selector);
        spec.set("template", rsTemplate);

        ReplicaSet created;
        boolean alreadyExists = false;
        try {
            created = s.rsWritten(writer.create(Resources.REPLICA_SETS, d.getMetadata().getNamespace(), rs));
        } catch (ApiError e) {
            if (!e.isAlreadyExists()) {
                String msg = "Failed to create new replica set \"" + name + "\": " + e.getMessage();
                if (DeploymentUtil.hasProgressDeadline(d)) {
                    DeploymentStatusView status = DeploymentStatusView.of(s.d);
                    DeploymentUtil.setCondition(status.conditions(), DeploymentUtil.condition(
                            DeploymentUtil.PROGRESSING, "False", DeploymentUtil.FAILED_RS_CREATE_REASON, msg, now));
                    try {
                        s.writeStatus(status);
                    } catch (RuntimeException ignored) {
                        // the creation error is the one to report
                    }
                }
                events.record(d, EventRecorder.WARNING, DeploymentUtil.FAILED_RS_CREATE_REASON, msg);
                throw e;
            }
            alreadyExists = true;
            Optional<Entry> stored = cache.get(Resources.REPLICA_SETS.ref(d.getMetadata().getNamespace(), name));
            if (stored.isEmpty()) {
                throw e; // stored but not in our cache yet: retry once it is
            }
            ReplicaSet other = stored.get().as(ReplicaSet.class);
            if (OwnerRefs.isControlledBy(other, d.getMetadata().getUid())
                    && DeploymentUtil.equalIgnoreHash(stored.get().json().path("spec").path("template"), template)) {
                s.rsJson.put(name, stored.get().json());
                created = other;
            } else {
                DeploymentStatusView status = DeploymentStatusView.of(s.d);
                s.writeStatus(status.withCollisionCount(collisionCount == null ? 1 : collisionCount + 1));
                throw e;
            }
        }
        if (!alreadyExists && replicas > 0) {
            events.record(d, EventRecorder.NORMAL, SCALING_REPLICA_SET,
                    "Scaled up replica set " + name + " from 0 to " + replicas);
        }
        s.setRevision(String.valueOf(newRevision));
        if (!alreadyExists && DeploymentUtil.hasProgressDeadline(s.d)) {
            DeploymentStatusView status = DeploymentStatusView.of(s.d);
            DeploymentUtil.setCondition(status.conditions(), DeploymentUtil.condition(DeploymentUtil.PROGRESSING,
                    "True", DeploymentUtil.NEW_REPLICA_SET_REASON, "Created new replica set \"" + name + "\"", now));
            s.writeStatus(status);
        }
        return created;
    }

    // ------------------------------------------------------------------------------------------ scaling

    /** {@code scaleReplicaSetAndRecordEvent}: whether the size changed. */
    private boolean scaleAndRecord(Sync s, ReplicaSet rs, int newScale) {
        if (DeploymentUtil.replicas(rs) == newScale) {
            return false;
        }
        return scaleReplicaSet(s, rs, newScale, DeploymentUtil.replicas(rs) < newScale ? "up" : "down");
    }

    /** {@code scaleReplicaSet}: writes size and replica annotations when either differs; whether the size did. */
    private boolean scaleReplicaSet(Sync s, ReplicaSet rs, int newScale, String operation) {
        rs = s.latest(rs);
        int oldScale = DeploymentUtil.replicas(rs);
        boolean sizeNeedsUpdate = oldScale != newScale;
        Map<String, String> annotations = new LinkedHashMap<>(DeploymentUtil.annotations(rs));
        boolean annotationsNeedUpdate = DeploymentUtil.setReplicasAnnotations(annotations,
                DeploymentUtil.replicas(s.d), DeploymentUtil.replicas(s.d) + DeploymentUtil.maxSurge(s.d));
        if (!sizeNeedsUpdate && !annotationsNeedUpdate) {
            return false;
        }
        ObjectNode copy = s.rsJson.get(rs.getMetadata().getName()).deepCopy();
        ((ObjectNode) copy.get("spec")).put("replicas", newScale);
        ((ObjectNode) copy.get("metadata")).set("annotations", Json.stringMap(annotations));
        s.rsWritten(writer.replace(Resources.REPLICA_SETS, copy));
        if (sizeNeedsUpdate) {
            events.record(s.d, EventRecorder.NORMAL, SCALING_REPLICA_SET, "Scaled " + operation + " replica set "
                    + rs.getMetadata().getName() + " to " + newScale + " from " + oldScale);
        }
        return sizeNeedsUpdate;
    }

    /** {@code isScalingEvent}: an active ReplicaSet was sized for another replica count. */
    private boolean isScalingEvent(Sync s, List<ReplicaSet> rsList) {
        Split split = allReplicaSets(s, rsList, false);
        for (ReplicaSet rs : DeploymentUtil.active(split.all())) {
            Integer desired = DeploymentUtil.intAnnotation(rs, DeploymentUtil.DESIRED_REPLICAS_ANNOTATION);
            if (desired != null && desired != DeploymentUtil.replicas(s.d)) {
                return true;
            }
        }
        return false;
    }

    /** {@code sync}: scaling (or a paused Deployment) without rolling anything out. */
    private void syncScale(Sync s, List<ReplicaSet> rsList) {
        Split split = allReplicaSets(s, rsList, false);
        scale(s, split.newRS(), split.oldRSs());
        if (DeploymentUtil.isPaused(s.d)) {
            cleanupDeployment(s, split.oldRSs());
        }
        syncDeploymentStatus(s, new Split(s.latest(split.newRS()), s.latest(split.oldRSs())));
    }

    /** {@code scale}. */
    private void scale(Sync s, ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        Deployment d = s.d;
        ReplicaSet single = DeploymentUtil.activeOrLatest(newRS, oldRSs);
        if (single != null) {
            if (DeploymentUtil.replicas(single) != DeploymentUtil.replicas(d)) {
                scaleAndRecord(s, single, DeploymentUtil.replicas(d));
            }
            return;
        }
        if (DeploymentUtil.isSaturated(d, newRS)) {
            for (ReplicaSet old : DeploymentUtil.active(oldRSs)) {
                scaleAndRecord(s, old, 0);
            }
            return;
        }
        if (!DeploymentUtil.isRollingUpdate(d)) {
            return;
        }
        List<ReplicaSet> all = new ArrayList<>(oldRSs);
        if (newRS != null) {
            all.add(newRS);
        }
        List<ReplicaSet> active = DeploymentUtil.active(all);
        int allowed = DeploymentUtil.replicas(d) > 0 ? DeploymentUtil.replicas(d) + DeploymentUtil.maxSurge(d) : 0;
        String operation = allowed - DeploymentUtil.specReplicaSum(active) > 0 ? "up" : "down";
        for (DeploymentUtil.Scale sc : DeploymentUtil.proportionalScale(d, active)) {
            scaleReplicaSet(s, sc.rs(), sc.to(), operation);
        }
    }

    // ------------------------------------------------------------------------------------------ rollouts

    /** {@code rolloutRolling}. */
    private void rolloutRolling(Sync s, List<ReplicaSet> rsList) {
        Split split = allReplicaSets(s, rsList, true);
        List<ReplicaSet> all = split.all();
        ReplicaSet newRS = split.newRS();
        Integer target = DeploymentUtil.reconcileNewReplicaSet(s.d, all, newRS);
        if (target != null && scaleAndRecord(s, newRS, target)) {
            syncRolloutStatus(s, s.latest(all), s.latest(newRS));
            return;
        }
        List<DeploymentUtil.Scale> scales = DeploymentUtil.reconcileOldReplicaSets(s.d, all,
                DeploymentUtil.active(split.oldRSs()), newRS);
        boolean scaledDown = false;
        for (DeploymentUtil.Scale sc : scales) {
            scaledDown |= scaleAndRecord(s, sc.rs(), sc.to());
        }
        if (scaledDown) {
            syncRolloutStatus(s, s.latest(all), s.latest(newRS));
            return;
        }
        if (DeploymentUtil.isComplete(s.d, DeploymentStatusView.of(s.d))) {
            cleanupDeployment(s, split.oldRSs());
        }
        syncRolloutStatus(s, s.latest(all), s.latest(newRS));
    }

    /** {@code rolloutRecreate}: all old pods gone before the new ReplicaSet is scaled up. */
    private void rolloutRecreate(Sync s, List<ReplicaSet> rsList) {
        Split split = allReplicaSets(s, rsList, false);
        boolean scaledDown = false;
        for (ReplicaSet old : DeploymentUtil.active(split.oldRSs())) {
            scaledDown |= scaleAndRecord(s, old, 0);
        }
        if (scaledDown) {
            syncRolloutStatus(s, s.latest(split.all()), s.latest(split.newRS()));
            return;
        }
        if (oldPodsRunning(s, split.newRS(), split.oldRSs(), rsList)) {
            syncRolloutStatus(s, s.latest(split.all()), s.latest(split.newRS()));
            return;
        }
        if (split.newRS() == null) {
            split = allReplicaSets(s, rsList, true);
        }
        scaleAndRecord(s, split.newRS(), DeploymentUtil.replicas(s.d));
        if (DeploymentUtil.isComplete(s.d, DeploymentStatusView.of(s.d))) {
            cleanupDeployment(s, split.oldRSs());
        }
        syncRolloutStatus(s, s.latest(split.all()), s.latest(split.newRS()));
    }

    /** {@code oldPodsRunning}: old ReplicaSets report pods, or pods of theirs are not terminal. */
    private boolean oldPodsRunning(Sync s, ReplicaSet newRS, List<ReplicaSet> oldRSs, List<ReplicaSet> rsList) {
        if (DeploymentUtil.statusReplicaSum(oldRSs) > 0) {
            return true;
        }
        LabelSelector selector = LabelSelector.from(s.d.getSpec().getSelector());
        for (Entry e : cache.list(Resources.PODS, s.d.getMetadata().getNamespace())) {
            Pod pod = e.as(Pod.class);
            if (!selector.matches(Pods.labels(pod))) {
                continue;
            }
            OwnerReference ref = OwnerRefs.controllerOf(pod);
            if (ref == null || (newRS != null && ref.getUid().equals(newRS.getMetadata().getUid()))) {
                continue;
            }
            boolean ownedByOurs = rsList.stream().anyMatch(rs -> rs.getMetadata().getUid().equals(ref.getUid()));
            if (ownedByOurs && !Pods.isTerminal(pod)) {
                return true;
            }
        }
        return false;
    }

    /** {@code cleanupDeployment}: deletes the oldest empty ReplicaSets beyond revisionHistoryLimit. */
    private void cleanupDeployment(Sync s, List<ReplicaSet> oldRSs) {
        int limit = DeploymentUtil.revisionHistoryLimit(s.d);
        if (limit == Integer.MAX_VALUE) {
            return;
        }
        List<ReplicaSet> cleanable = new ArrayList<>();
        for (ReplicaSet rs : oldRSs) {
            if (rs != null && rs.getMetadata().getDeletionTimestamp() == null) {
                cleanable.add(s.latest(rs));
            }
        }
        int diff = cleanable.size() - limit;
        if (diff <= 0) {
            return;
        }
        cleanable.sort(DeploymentUtil.byRevision());
        for (int i = 0; i < diff; i++) {
            ReplicaSet rs = cleanable.get(i);
            long observed = rs.getStatus() == null ? 0 : Json.longOr(rs.getStatus().getObservedGeneration(), 0);
            if (DeploymentUtil.statusReplicas(rs) != 0 || DeploymentUtil.replicas(rs) != 0
                    || Json.longOr(rs.getMetadata().getGeneration(), 0) > observed
                    || rs.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            try {
                writer.delete(Resources.REPLICA_SETS.ref(rs.getMetadata().getNamespace(), rs.getMetadata().getName()),
                        rs.getMetadata().getUid(), null, null, null);
            } catch (ApiError e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ status

    /** {@code checkPausedConditions}: Progressing=Unknown DeploymentPaused / DeploymentResumed. */
    private void checkPausedConditions(Sync s) {
        if (!DeploymentUtil.hasProgressDeadline(s.d)) {
            return;
        }
        DeploymentStatusView status = DeploymentStatusView.of(s.d);
        DeploymentCondition cond = DeploymentUtil.find(status.conditions(), DeploymentUtil.PROGRESSING);
        if (cond != null && DeploymentUtil.TIMED_OUT_REASON.equals(cond.getReason())) {
            return;
        }
        boolean pausedCondExists = cond != null && DeploymentUtil.PAUSED_DEPLOY_REASON.equals(cond.getReason());
        Instant now = clock.instant();
        if (DeploymentUtil.isPaused(s.d) && !pausedCondExists) {
            DeploymentUtil.setCondition(status.conditions(), DeploymentUtil.condition(DeploymentUtil.PROGRESSING,
                    "Unknown", DeploymentUtil.PAUSED_DEPLOY_REASON, "Deployment is paused", now));
        } else if (!DeploymentUtil.isPaused(s.d) && pausedCondExists) {
            DeploymentUtil.setCondition(status.conditions(), DeploymentUtil.condition(DeploymentUtil.PROGRESSING,
                    "Unknown", DeploymentUtil.RESUMED_DEPLOY_REASON, "Deployment is resumed", now));
        } else {
            return;
        }
        s.writeStatus(status);
    }

    /** {@code syncDeploymentStatus}. */
    private void syncDeploymentStatus(Sync s, Split split) {
        DeploymentStatusView status = DeploymentUtil.calculateStatus(split.all(), split.newRS(), s.d, clock.instant());
        if (!status.toJson().equals(s.json.path("status"))) {
            s.writeStatus(status);
        }
    }

    /** {@code syncRolloutStatus}: counts, Available, Progressing (with the deadline), ReplicaFailure. */
    private void syncRolloutStatus(Sync s, List<ReplicaSet> allRSs, ReplicaSet newRS) {
        Deployment d = s.d;
        Instant now = clock.instant();
        DeploymentStatusView status = DeploymentUtil.calculateStatus(allRSs, newRS, d, now);
        List<DeploymentCondition> conditions = status.conditions();
        if (!DeploymentUtil.hasProgressDeadline(d)) {
            DeploymentUtil.removeCondition(conditions, DeploymentUtil.PROGRESSING);
        }
        DeploymentCondition currentCond = DeploymentUtil.find(DeploymentStatusView.of(d).conditions(),
                DeploymentUtil.PROGRESSING);
        boolean completeAlready = status.replicas() == status.updatedReplicas() && currentCond != null
                && DeploymentUtil.NEW_RS_AVAILABLE_REASON.equals(currentCond.getReason());
        String subject = newRS != null ? "ReplicaSet \"" + newRS.getMetadata().getName() + "\""
                : "Deployment \"" + d.getMetadata().getName() + "\"";
        if (DeploymentUtil.hasProgressDeadline(d) && !completeAlready) {
            if (DeploymentUtil.isComplete(d, status)) {
                DeploymentUtil.setCondition(conditions, DeploymentUtil.condition(DeploymentUtil.PROGRESSING, "True",
                        DeploymentUtil.NEW_RS_AVAILABLE_REASON, subject + " has successfully progressed.", now));
            } else if (DeploymentUtil.isProgressing(d, status)) {
                DeploymentCondition c = DeploymentUtil.condition(DeploymentUtil.PROGRESSING, "True",
                        DeploymentUtil.REPLICA_SET_UPDATED_REASON, subject + " is progressing.", now);
                if (currentCond != null) {
                    if ("True".equals(currentCond.getStatus())) {
                        c.setLastTransitionTime(currentCond.getLastTransitionTime());
                    }
                    DeploymentUtil.removeCondition(conditions, DeploymentUtil.PROGRESSING);
                }
                DeploymentUtil.setCondition(conditions, c);
            } else if (DeploymentUtil.isTimedOut(d, status, now)) {
                DeploymentUtil.setCondition(conditions, DeploymentUtil.condition(DeploymentUtil.PROGRESSING, "False",
                        DeploymentUtil.TIMED_OUT_REASON, subject + " has timed out progressing.", now));
            }
        }
        List<DeploymentCondition> failures = replicaFailures(allRSs, newRS);
        if (!failures.isEmpty()) {
            DeploymentUtil.setCondition(conditions, failures.getFirst());
        } else {
            DeploymentUtil.removeCondition(conditions, DeploymentUtil.REPLICA_FAILURE);
        }
        if (status.toJson().equals(s.json.path("status"))) {
            requeueStuckDeployment(s, status, now);
            return;
        }
        s.writeStatus(status);
    }

    /** {@code getReplicaFailures}: the new ReplicaSet's ReplicaFailure conditions, else any other's. */
    private static List<DeploymentCondition> replicaFailures(List<ReplicaSet> allRSs, ReplicaSet newRS) {
        List<DeploymentCondition> out = new ArrayList<>();
        if (newRS != null) {
            collectFailures(newRS, out);
        }
        if (!out.isEmpty()) {
            return out;
        }
        for (ReplicaSet rs : allRSs) {
            if (rs != null) {
                collectFailures(rs, out);
            }
        }
        return out;
    }

    private static void collectFailures(ReplicaSet rs, List<DeploymentCondition> out) {
        if (rs.getStatus() == null || rs.getStatus().getConditions() == null) {
            return;
        }
        for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
            if (DeploymentUtil.REPLICA_FAILURE.equals(c.getType())) {
                out.add(DeploymentUtil.fromReplicaSetCondition(c));
            }
        }
    }

    /** {@code requeueStuckDeployment}: check the progress deadline when it would pass. */
    private void requeueStuckDeployment(Sync s, DeploymentStatusView status, Instant now) {
        DeploymentCondition current = DeploymentUtil.find(DeploymentStatusView.of(s.d).conditions(),
                DeploymentUtil.PROGRESSING);
        if (!DeploymentUtil.hasProgressDeadline(s.d) || current == null) {
            return;
        }
        if (DeploymentUtil.isComplete(s.d, status) || DeploymentUtil.TIMED_OUT_REASON.equals(current.getReason())) {
            return;
        }
        Instant lastUpdate = KubeTime.parse(current.getLastUpdateTime());
        if (lastUpdate == null) {
            return;
        }
        Duration after = Duration.between(now,
                lastUpdate.plusSeconds(DeploymentUtil.progressDeadlineSeconds(s.d)));
        if (after.compareTo(Duration.ofSeconds(1)) < 0) {
            queue.addRateLimited(s.key);
        } else {
            queue.addAfter(s.key, after);
        }
    }
}
