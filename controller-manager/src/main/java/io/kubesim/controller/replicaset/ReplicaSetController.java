package io.kubesim.controller.replicaset;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.ApiError;
import io.kubesim.controller.framework.Claims;
import io.kubesim.controller.framework.ClusterIndex;
import io.kubesim.controller.framework.Expectations;
import io.kubesim.controller.framework.Json;
import io.kubesim.controller.framework.OwnerRefs;
import io.kubesim.controller.framework.PodRanking;
import io.kubesim.controller.framework.PodTemplates;
import io.kubesim.controller.framework.Pods;
import io.kubesim.controller.framework.WorkQueue;
import io.kubesim.controller.framework.Writer;
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.model.command.Command;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.labels.LabelSelector;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.ClusterCache.Entry;
import io.kubesim.runtime.EventRecorder;

/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keeps {@code spec.replicas} active pods
 * matching the selector, created from the template with a controller reference; adopts and releases pods by
 * selector; deletes surplus pods in {@link PodRanking#withRanks} order; reports replicas, fullyLabeledReplicas,
 * readyReplicas, availableReplicas (minReadySeconds) and observedGeneration.
 */
@Component
final class ReplicaSetController implements ClusterCache.Listener, AutoCloseable {

    static final String COMPONENT = "replicaset-controller";
    /** {@code BurstReplicas}: at most this many creations or deletions per sync. */
    static final int BURST_REPLICAS = 500;
    /** {@code SlowStartInitialBatchSize}. */
    static final int SLOW_START_INITIAL_BATCH_SIZE = 1;

    static final String SUCCESSFUL_CREATE = "SuccessfulCreate";
    static final String FAILED_CREATE = "FailedCreate";
    static final String SUCCESSFUL_DELETE = "SuccessfulDelete";
    static final String FAILED_DELETE = "FailedDelete";
    static final String REPLICA_FAILURE = "ReplicaFailure";

    private static final String RS_PREFIX = "/" + Resources.REPLICA_SETS.qualifiedName() + "/";
    private static final String POD_PREFIX = "/" + Resources.PODS.qualifiedName() + "/";

    private final ClusterCache cache;
    private final ClusterIndex index;
    private final Writer writer;
    private final Claims claims;
    private final VirtualClock clock;
    private final EventRecorder events;
    private final Expectations expectations = new Expectations();
    private final WorkQueue<String> queue;

    ReplicaSetController(ClusterIndex index, Writer writer, Claims claims, VirtualClock clock,
            ControllerProperties properties) {
        this.cache = index.cache();
        this.index = index;
        this.writer = writer;
        this.claims = claims;
        this.clock = clock;
        this.events = new EventRecorder(writer.bus(), clock, COMPONENT);
        this.queue = new WorkQueue<>("replicaset", properties.concurrency().replicaset(), clock, this::sync,
                () -> Writer.awaitOwnWrites(cache));
        cache.addListener(this);
    }

    WorkQueue<String> queue() {
        return queue;
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
        if (key.startsWith(RS_PREFIX)) {
            queue.add(key);
        } else if (key.startsWith(POD_PREFIX)) {
            podChanged(key, previous == null ? null : previous.as(Pod.class),
                    current == null ? null : current.as(Pod.class));
        }
    }

    private void podChanged(String podKey, Pod old, Pod cur) {
        if (cur == null) {
            String rsKey = controllerKey(old);
            if (rsKey != null) {
                expectations.deletionObserved(rsKey, podKey);
                queue.add(rsKey);
            }
            return;
        }
        String rsKey = controllerKey(cur);
        if (old == null) {
            if (Pods.isDeleting(cur)) {
                if (rsKey != null) {
                    expectations.deletionObserved(rsKey, podKey);
                    queue.add(rsKey);
                }
                return;
            }
            if (rsKey != null) {
                expectations.creationObserved(rsKey);
                queue.add(rsKey);
            } else {
                enqueueMatching(cur);
            }
            return;
        }
        boolean labelsChanged = !Objects.equals(Pods.labels(old), Pods.labels(cur));
        if (Pods.isDeleting(cur) && !Pods.isDeleting(old)) {
            if (rsKey != null) {
                expectations.deletionObserved(rsKey, podKey);
            }
            if (labelsChanged) {
                String oldKey = controllerKey(old);
                if (oldKey != null) {
                    expectations.deletionObserved(oldKey, podKey);
                    queue.add(oldKey);
                }
            }
        }
        String oldKey = controllerKey(old);
        if (oldKey != null && !oldKey.equals(rsKey)) {
            queue.add(oldKey);
        }
        if (rsKey != null) {
            queue.add(rsKey);
            Optional<ReplicaSet> rs = cache.get(rsKey).map(e -> e.as(ReplicaSet.class));
            int minReady = rs.map(r -> Json.intOr(r.getSpec().getMinReadySeconds(), 0)).orElse(0);
            if (minReady > 0 && !Pods.isReady(old) && Pods.isReady(cur)) {
                queue.addAfter(rsKey, Duration.ofSeconds(minReady + 1L));
            }
            return;
        }
        if (labelsChanged || oldKey != null) {
            enqueueMatching(cur);
        }
    }

    /** The storage key of the ReplicaSet controlling the pod, if it exists with the referenced uid. */
    private String controllerKey(Pod pod) {
        OwnerReference ref = OwnerRefs.controllerOf(pod);
        if (!OwnerRefs.controllerIs(ref, Resources.REPLICA_SETS)) {
            return null;
        }
        String key = Resources.REPLICA_SETS.ref(pod.getMetadata().getNamespace(), ref.getName()).key();
        Optional<Entry> rs = cache.get(key);
        if (rs.isEmpty() || !ref.getUid().equals(rs.get().json().path("metadata").path("uid").asString(""))) {
            return null;
        }
        return key;
    }

    private void enqueueMatching(Pod pod) {
        for (Entry e : cache.list(Resources.REPLICA_SETS, pod.getMetadata().getNamespace())) {
            ReplicaSet rs = e.as(ReplicaSet.class);
            if (LabelSelector.from(rs.getSpec().getSelector()).matches(Pods.labels(pod))) {
                queue.add(e.key());
            }
        }
    }

    // ------------------------------------------------------------------------------------------ sync

    void sync(String key) {
        Optional<Entry> found = cache.get(key);
        if (found.isEmpty()) {
            expectations.forget(key);
            return;
        }
        Entry entry = found.get();
        ReplicaSet rs = entry.as(ReplicaSet.class);
        boolean needsSync = expectations.satisfied(key);
        LabelSelector selector = LabelSelector.from(rs.getSpec().getSelector());
        String namespace = rs.getMetadata().getNamespace();
        Set<String> candidateKeys = new LinkedHashSet<>(index.controlledBy(rs.getMetadata().getUid()));
        candidateKeys.addAll(index.orphans(Resources.PODS, namespace));
        List<Entry> active = new ArrayList<>();
        for (Entry e : index.entries(candidateKeys)) {
            Pod p = e.as(Pod.class);
            if (p != null && Pods.isActive(p)) {
                active.add(e);
            }
        }
        List<Pod> pods = claims.claim(rs, Resources.REPLICA_SETS, selector, Resources.PODS, active, Pod.class,
                List.of());
        RuntimeException manageError = null;
        if (needsSync && rs.getMetadata().getDeletionTimestamp() == null) {
            try {
                manageReplicas(key, rs, entry, pods);
            } catch (RuntimeException e) {
                manageError = e;
            }
        }
        Instant now = clock.instant();
        ObjectNode status = calculateStatus(rs, entry.json().path("status"), pods, manageError, now);
        JsonNode current = entry.json().path("status");
        if (!status.equals(current)) {
            writer.updateStatus(Resources.REPLICA_SETS, Json.withStatus(entry.json(), status));
        }
        int replicas = Json.intOr(rs.getSpec().getReplicas(), 1);
        int minReady = Json.intOr(rs.getSpec().getMinReadySeconds(), 0);
        if (manageError == null && minReady > 0 && status.path("readyReplicas").asInt(0) == replicas
                && status.path("availableReplicas").asInt(0) != replicas) {
            queue.addAfter(key, Duration.ofSeconds(minReady));
        }
        if (manageError != null) {
            throw manageError;
        }
    }

    private void manageReplicas(String key, ReplicaSet rs, Entry entry, List<Pod> pods) {
        int replicas = Json.intOr(rs.getSpec().getReplicas(), 1);
        int diff = pods.size() - replicas;
        if (diff < 0) {
            int toCreate = Math.min(-diff, BURST_REPLICAS);
            expectations.expect(key, toCreate, Set.of());
            JsonNode template = entry.json().path("spec").path("template");
            try {
                slowStartBatch(toCreate, SLOW_START_INITIAL_BATCH_SIZE, n -> createPods(rs, template, n));
            } catch (BatchFailure f) {
                expectations.creationsSkipped(key, toCreate - f.succeeded);
                throw (RuntimeException) f.getCause();
            }
        } else if (diff > 0) {
            int toDelete = Math.min(diff, BURST_REPLICAS);
            List<Pod> victims = podsToDelete(pods, relatedPods(rs), toDelete, clock.instant());
            Set<String> victimKeys = new HashSet<>();
            for (Pod p : victims) {
                victimKeys.add(podKey(p));
            }
            expectations.expect(key, 0, victimKeys);
            List<Command> deletes = new ArrayList<>();
            for (Pod p : victims) {
                deletes.add(Writer.deleteCommand(Resources.PODS.ref(p.getMetadata().getNamespace(),
                        p.getMetadata().getName()), p.getMetadata().getUid(), null, null, null));
            }
            List<Object> results = writer.sendAll(deletes);
            RuntimeException firstError = null;
            for (int i = 0; i < victims.size(); i++) {
                Pod p = victims.get(i);
                if (results.get(i) instanceof RuntimeException e) {
                    expectations.deletionObserved(key, podKey(p));
                    if (!(e instanceof ApiError api && api.isNotFound())) {
                        events.record(rs, EventRecorder.WARNING, FAILED_DELETE, "Error deleting: " + e.getMessage());
                        if (firstError == null) {
                            firstError = e;
                        }
                    }
                } else {
                    events.record(rs, EventRecorder.NORMAL, SUCCESSFUL_DELETE,
                            "Deleted pod: " + p.getMetadata().getName());
                }
            }
            if (firstError != null) {
                throw firstError;
            }
        }
    }

    /** Creates {@code n} pods concurrently; returns how many succeeded, throws the first failure after counting. */
    private int createPods(ReplicaSet rs, JsonNode template, int n) {
        List<Command> creates = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            creates.add(Writer.createCommand(Resources.PODS, rs.getMetadata().getNamespace(),
                    PodTemplates.newPod(template, Resources.REPLICA_SETS, rs)));
        }
        int ok = 0;
        RuntimeException firstError = null;
        for (Object r : writer.sendAll(creates)) {
            if (r instanceof CommandReply reply) {
                ok++;
                events.record(rs, EventRecorder.NORMAL, SUCCESSFUL_CREATE,
                        "Created pod: " + reply.object().path("metadata").path("name").asString(""));
            } else if (r instanceof RuntimeException e) {
                events.record(rs, EventRecorder.WARNING, FAILED_CREATE, "Error creating: " + e.getMessage());
                if (firstError == null) {
                    firstError = e;
                }
            }
        }
        if (firstError != null) {
            throw new BatchFailure(ok, firstError);
        }
        return ok;
    }

    /** A batch of creations in which some failed: how many succeeded, and the first failure. */
    static final class BatchFailure extends RuntimeException {
        final int succeeded;

        BatchFailure(int succeeded, RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
            this.succeeded = succeeded;
        }
    }

    /** One batch of {@code n} operations; returns how many succeeded or throws {@link BatchFailure}. */
    @FunctionalInterface
    interface Batch {
        int run(int n);
    }

    /**
     * {@code slowStartBatch}: batches of 1, 2, 4 ... operations; stops at the first batch with a failure, whose
     * error is rethrown after the successes are counted.
     *
     * @return the number of successful operations when none failed
     */
    static int slowStartBatch(int count, int initialBatchSize, Batch batch) {
        int remaining = count;
        int successes = 0;
        for (int size = Math.min(remaining, initialBatchSize); size > 0; size = Math.min(2 * size, remaining)) {
            try {
                successes += batch.run(size);
            } catch (BatchFailure f) {
                throw new BatchFailure(successes + f.succeeded, (RuntimeException) f.getCause());
            }
            remaining -= size;
        }
        return successes;
    }

    /** The pods of every ReplicaSet that has the same controller as {@code rs} ({@code getIndirectlyRelatedPods}). */
    private List<Pod> relatedPods(ReplicaSet rs) {
        OwnerReference owner = OwnerRefs.controllerOf(rs);
        if (owner == null) {
            return List.of();
        }
        List<Pod> related = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Entry> namespacePods = List.copyOf(cache.list(Resources.PODS, rs.getMetadata().getNamespace()));
        for (Entry e : index.entries(index.controlledBy(owner.getUid()))) {
            if (!e.key().startsWith(RS_PREFIX)) {
                continue;
            }
            LabelSelector selector = LabelSelector.from(e.as(ReplicaSet.class).getSpec().getSelector());
            for (Entry pe : namespacePods) {
                Pod p = pe.as(Pod.class);
                if (selector.matches(Pods.labels(p)) && seen.add(p.getMetadata().getUid())) {
                    related.add(p);
                }
            }
        }
        return related;
    }

    /**
     * {@code getPodsToDelete}: the first {@code diff} pods in {@link PodRanking#withRanks} order, where a pod's rank
     * is the number of active related pods on its node.
     */
    static List<Pod> podsToDelete(List<Pod> pods, List<Pod> related, int diff, Instant now) {
        if (diff >= pods.size()) {
            return List.copyOf(pods);
        }
        Map<String, Integer> onNode = new HashMap<>();
        for (Pod p : related) {
            if (Pods.isActive(p)) {
                onNode.merge(Pods.nodeName(p), 1, Integer::sum);
            }
        }
        Map<String, Integer> ranks = new HashMap<>();
        for (Pod p : pods) {
            ranks.put(p.getMetadata().getUid(), onNode.getOrDefault(Pods.nodeName(p), 0));
        }
        List<Pod> sorted = new ArrayList<>(pods);
        sorted.sort(PodRanking.withRanks(ranks, now));
        return List.copyOf(sorted.subList(0, diff));
    }

    /** {@code calculateStatus} + observedGeneration, as the status JSON the controller writes. */
    static ObjectNode calculateStatus(ReplicaSet rs, JsonNode previousStatus, List<Pod> pods,
            RuntimeException manageError, Instant now) {
        Map<String, String> templateLabels = rs.getSpec().getTemplate() == null
                || rs.getSpec().getTemplate().getMetadata() == null
                || rs.getSpec().getTemplate().getMetadata().getLabels() == null
                ? Map.of() : rs.getSpec().getTemplate().getMetadata().getLabels();
        LabelSelector templateSelector = LabelSelector.fromMap(templateLabels);
        int minReady = Json.intOr(rs.getSpec().getMinReadySeconds(), 0);
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (Pod p : pods) {
            if (templateSelector.matches(Pods.labels(p))) {
                fullyLabeled++;
            }
            if (Pods.isReady(p)) {
                ready++;
                if (Pods.isAvailable(p, minReady, now)) {
                    available++;
                }
            }
        }
        ObjectNode status = Json.object();
        status.put("replicas", pods.size());
        Json.putNonZero(status, "fullyLabeledReplicas", fullyLabeled);
        Json.putNonZero(status, "readyReplicas", ready);
        Json.putNonZero(status, "availableReplicas", available);
        Json.putNonZero(status, "observedGeneration", Json.longOr(rs.getMetadata().getGeneration(), 0));
        ArrayNode conditions = KubeJson.json().createArrayNode();
        JsonNode failure = null;
        for (JsonNode c : previousStatus.path("conditions")) {
            if (REPLICA_FAILURE.equals(c.path("type").asString(""))) {
                failure = c;
            } else {
                conditions.add(c);
            }
        }
        if (manageError != null) {
            if (failure != null) {
                conditions.add(failure);
            } else {
                int diff = pods.size() - Json.intOr(rs.getSpec().getReplicas(), 1);
                ObjectNode c = conditions.addObject();
                c.put("type", REPLICA_FAILURE);
                c.put("status", "True");
                c.put("lastTransitionTime", Json.time(now));
                c.put("reason", diff < 0 ? FAILED_CREATE : diff > 0 ? FAILED_DELETE : "");
                c.put("message", manageError.getMessage());
            }
        }
        if (!conditions.isEmpty()) {
            status.set("conditions", conditions);
        }
        return status;
    }

    private static String podKey(Pod p) {
        return Resources.PODS.ref(p.getMetadata().getNamespace(), p.getMetadata().getName()).key();
    }
}
