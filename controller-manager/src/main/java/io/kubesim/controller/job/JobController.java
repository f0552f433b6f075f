package io.kubesim.controller.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

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
import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.model.command.Command;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.labels.LabelSelector;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.ClusterCache.Entry;
import io.kubesim.runtime.EventRecorder;

/**
 * The Job controller for NonIndexed Jobs (pkg/controller/job/job_controller.go, Kubernetes 1.32 defaults with
 * JobPodReplacementPolicy on): runs up to {@code parallelism} pods until {@code completions} succeed; counts
 * finished pods through the {@code batch.kubernetes.io/job-tracking} finalizer and
 * {@code status.uncountedTerminatedPods}; replaces failed pods after an exponential back-off; fails the Job when
 * failures exceed {@code backoffLimit} or {@code activeDeadlineSeconds} passes. Finishing takes two steps, as in
 * 1.31+: {@code SuccessCriteriaMet} / {@code FailureTarget} first, {@code Complete} / {@code Failed} once no pod is
 * terminating.
 *
 * <p>Indexed Jobs, podFailurePolicy and successPolicy are not simulated: an Indexed Job is left untouched (logged).
 */
@Component
final class JobController implements ClusterCache.Listener, AutoCloseable {

    static final String COMPONENT = "job-controller";
    static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
    /** {@code MaxUncountedPods}. */
    static final int MAX_UNCOUNTED_PODS = 500;
    /** {@code MaxPodCreateDeletePerSync}. */
    static final int MAX_POD_CREATE_DELETE_PER_SYNC = 500;

    static final String COMPLETE = "Complete";
    static final String FAILED = "Failed";
    static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";
    static final String FAILURE_TARGET = "FailureTarget";
    static final String SUSPENDED = "Suspended";

    static final String REASON_COMPLETIONS_REACHED = "CompletionsReached";
    static final String MESSAGE_COMPLETIONS_REACHED = "Reached expected number of succeeded pods";
    static final String REASON_BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
    static final String MESSAGE_BACKOFF_LIMIT_EXCEEDED = "Job has reached the specified backoff limit";
    static final String REASON_DEADLINE_EXCEEDED = "DeadlineExceeded";
    static final String MESSAGE_DEADLINE_EXCEEDED = "Job was active longer than specified deadline";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JobController.class);
    private static final String JOB_PREFIX = "/" + Resources.JOBS.qualifiedName() + "/";
    private static final String POD_PREFIX = "/" + Resources.PODS.qualifiedName() + "/";

    private final ClusterCache cache;
    private final ClusterIndex index;
    private final Writer writer;
    private final Claims claims;
    private final VirtualClock clock;
    private final EventRecorder events;
    private final Expectations expectations = new Expectations();
    private final Map<String, Set<String>> finalizerRemovals = new ConcurrentHashMap<>();
    private final Map<String, BackoffRecord> backoff = new ConcurrentHashMap<>();
    private final WorkQueue<String> queue;

    JobController(ClusterIndex index, Writer writer, Claims claims, VirtualClock clock,
            ControllerProperties properties) {
        this.cache = index.cache();
        this.index = index;
        this.writer = writer;
        this.claims = claims;
        this.clock = clock;
        this.events = new EventRecorder(writer.bus(), clock, COMPONENT);
        this.queue = new WorkQueue<>("job", properties.concurrency().job(), clock, this::sync,
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
        if (key.startsWith(JOB_PREFIX)) {
            queue.add(key);
        } else if (key.startsWith(POD_PREFIX)) {
            podChanged(key, previous == null ? null : previous.as(Pod.class),
                    current == null ? null : current.as(Pod.class));
        }
    }

    private void podChanged(String podKey, Pod old, Pod cur) {
        Pod pod = cur != null ? cur : old;
        String jobKey = controllerKey(pod);
        if (jobKey != null) {
            if (cur == null || !hasTrackingFinalizer(cur)) {
                Set<String> removals = finalizerRemovals.get(jobKey);
                if (removals != null) {
                    removals.remove(pod.getMetadata().getUid());
                }
            }
            if (cur == null || (Pods.isDeleting(cur) && (old == null || !Pods.isDeleting(old)))) {
                expectations.deletionObserved(jobKey, podKey);
            } else if (old == null) {
                expectations.creationObserved(jobKey);
            }
            queue.add(jobKey);
        }
        if (old != null) {
            String oldKey = controllerKey(old);
            if (oldKey != null && !oldKey.equals(jobKey)) {
                queue.add(oldKey);
            }
        }
        if (jobKey == null && cur != null && !Pods.isDeleting(cur)) {
            for (Entry e : cache.list(Resources.JOBS, cur.getMetadata().getNamespace())) {
                Job job = e.as(Job.class);
                if (LabelSelector.from(job.getSpec().getSelector()).matches(Pods.labels(cur))) {
                    queue.add(e.key());
                }
            }
        }
    }

    private String controllerKey(Pod pod) {
        OwnerReference ref = OwnerRefs.controllerOf(pod);
        if (!OwnerRefs.controllerIs(ref, Resources.JOBS)) {
            return null;
        }
        String key = Resources.JOBS.ref(pod.getMetadata().getNamespace(), ref.getName()).key();
        Optional<Entry> job = cache.get(key);
        if (job.isEmpty() || !ref.getUid().equals(job.get().json().path("metadata").path("uid").asString(""))) {
            return null;
        }
        return key;
    }

    // ------------------------------------------------------------------------------------------ sync

    /** What one sync knows about a Job. */
    private static final class Ctx {
        final String key;
        ObjectNode json;
        Job job;
        List<Pod> pods;
        List<Pod> activePods;
        JobStatusView status;
        JobCondition finishedCondition;
        Set<String> expectedRemovals;
        BackoffRecord newBackoff;
        int terminating;

        Ctx(String key) {
            this.key = key;
        }
    }

    void sync(String key) {
        Optional<Entry> found = cache.get(key);
        if (found.isEmpty()) {
            expectations.forget(key);
            finalizerRemovals.remove(key);
            backoff.remove(key);
            return;
        }
        Ctx c = new Ctx(key);
        c.json = found.get().json();
        c.job = found.get().as(Job.class);
        c.status = JobStatusView.of(c.job);
        if (isFinished(c.status)) {
            backoff.remove(key);
            return;
        }
        if ("Indexed".equals(c.job.getSpec().getCompletionMode())) {
            log.info("job {}: Indexed completion mode is not simulated; the Job is left as it is", key);
            return;
        }
        Instant now = clock.instant();
        boolean satisfied = expectations.satisfied(key);
        c.pods = podsForJob(c.job);
        c.activePods = new ArrayList<>();
        for (Pod p : c.pods) {
            if (Pods.isActive(p)) {
                c.activePods.add(p);
            }
        }
        c.expectedRemovals = Set.copyOf(finalizerRemovals.getOrDefault(key, Set.of()));
        int ready = 0;
        for (Pod p : c.activePods) {
            if (Pods.isReady(p)) {
                ready++;
            }
        }
        c.terminating = 0;
        for (Pod p : c.pods) {
            if (Pods.isTerminating(p)) {
                c.terminating++;
            }
        }
        int active = c.activePods.size();
        List<Pod> newSucceeded = new ArrayList<>();
        List<Pod> newFailed = new ArrayList<>();
        for (Pod p : c.pods) {
            if (!hasTrackingFinalizer(p) || c.expectedRemovals.contains(p.getMetadata().getUid())) {
                continue;
            }
            String uid = p.getMetadata().getUid();
            if (Pods.SUCCEEDED.equals(Pods.phase(p)) && !c.status.uncountedSucceeded.contains(uid)) {
                newSucceeded.add(p);
            } else if (isPodFailed(p, c.job) && !c.status.uncountedFailed.contains(uid)) {
                newFailed.add(p);
            }
        }
        int succeeded = c.status.succeeded + newSucceeded.size() + c.status.uncountedSucceeded.size();
        int failed = c.status.failed + newFailed.size() + c.status.uncountedFailed.size();
        if (c.status.startTime == null && !isSuspended(c.job)) {
            c.status.startTime = KubeTime.time(now);
        }
        c.newBackoff = backoff.getOrDefault(key, BackoffRecord.NONE).next(newSucceeded, newFailed);

        c.finishedCondition = c.status.find(SUCCESS_CRITERIA_MET);
        if (c.finishedCondition != null && !"True".equals(c.finishedCondition.getStatus())) {
            c.finishedCondition = null;
        }
        if (c.finishedCondition == null) {
            JobCondition target = c.status.find(FAILURE_TARGET);
            if (target != null && "True".equals(target.getStatus())) {
                c.finishedCondition = JobStatusView.condition(FAILED, "True", target.getReason(),
                        target.getMessage(), now);
            }
        }
        if (c.finishedCondition == null) {
            if (failed > backoffLimit(c.job) || pastBackoffLimitOnFailure(c.job, c.pods)) {
                c.finishedCondition = JobStatusView.condition(FAILURE_TARGET, "True", REASON_BACKOFF_LIMIT_EXCEEDED,
                        MESSAGE_BACKOFF_LIMIT_EXCEEDED, now);
            } else if (pastActiveDeadline(c.job, c.status, now)) {
                c.finishedCondition = JobStatusView.condition(FAILURE_TARGET, "True", REASON_DEADLINE_EXCEEDED,
                        MESSAGE_DEADLINE_EXCEEDED, now);
            } else if (c.job.getSpec().getActiveDeadlineSeconds() != null && !isSuspended(c.job)) {
                Instant start = KubeTime.parse(c.status.startTime);
                queue.addAfter(key, Duration.between(now,
                        start.plusSeconds(c.job.getSpec().getActiveDeadlineSeconds())));
            }
        }
        boolean suspendCondChanged = false;
        if (c.finishedCondition != null) {
            int[] deleted = deleteActivePods(c.job, c.activePods);
            if (deleted[1] != active || !satisfied) {
                c.finishedCondition = null;
            }
            active -= deleted[1];
            c.terminating += deleted[1];
            ready -= deleted[0];
        } else {
            boolean manageCalled = false;
            if (satisfied && c.job.getMetadata().getDeletionTimestamp() == null) {
                active = manageJob(c, succeeded, now);
                manageCalled = true;
            }
            Integer completions = c.job.getSpec().getCompletions();
            boolean complete = completions == null ? succeeded > 0 && active == 0
                    : succeeded >= completions && active == 0;
            if (complete) {
                c.finishedCondition = JobStatusView.condition(SUCCESS_CRITERIA_MET, "True",
                        REASON_COMPLETIONS_REACHED, MESSAGE_COMPLETIONS_REACHED, now);
            } else if (manageCalled) {
                if (isSuspended(c.job)) {
                    if (c.status.ensureCondition(SUSPENDED, "True", "JobSuspended", "Job suspended", now)) {
                        suspendCondChanged = true;
                        events.record(c.job, EventRecorder.NORMAL, "Suspended", "Job suspended");
                    }
                } else if (c.status.ensureCondition(SUSPENDED, "False", "JobResumed", "Job resumed", now)) {
                    suspendCondChanged = true;
                    events.record(c.job, EventRecorder.NORMAL, "Resumed", "Job resumed");
                    c.status.startTime = KubeTime.time(now);
                }
            }
        }
        boolean needsStatusUpdate = suspendCondChanged || active != c.status.active || ready != c.status.ready
                || !Objects.equals(c.status.terminating, c.terminating);
        c.status.active = active;
        c.status.ready = ready;
        c.status.terminating = c.terminating;
        trackStatusAndRemoveFinalizers(c, needsStatusUpdate, now);
    }

    /** {@code getPodsForJob}: claimed pods; adopted ones get the tracking finalizer. */
    private List<Pod> podsForJob(Job job) {
        Set<String> keys = new LinkedHashSet<>(index.controlledBy(job.getMetadata().getUid()));
        keys.addAll(index.orphans(Resources.PODS, job.getMetadata().getNamespace()));
        List<Pod> claimed = claims.claim(job, Resources.JOBS, LabelSelector.from(job.getSpec().getSelector()),
                Resources.PODS, index.entries(keys), Pod.class, List.of(TRACKING_FINALIZER));
        List<Pod> out = new ArrayList<>(claimed.size());
        for (Pod p : claimed) {
            if (!OwnerRefs.isControlledBy(p, job.getMetadata().getUid()) && !hasTrackingFinalizer(p)) {
                Pod copy = KubeJson.convert(KubeJson.tree(p), Pod.class);
                List<String> finalizers = copy.getMetadata().getFinalizers() == null ? new ArrayList<>()
                        : new ArrayList<>(copy.getMetadata().getFinalizers());
                finalizers.add(TRACKING_FINALIZER);
                copy.getMetadata().setFinalizers(finalizers);
                out.add(copy);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** {@code manageJob}: deletes excess active pods or creates missing ones; returns the active count. */
    private int manageJob(Ctx c, int succeeded, Instant now) {
        Job job = c.job;
        int active = c.activePods.size();
        int parallelism = Json.intOr(job.getSpec().getParallelism(), 1);
        if (isSuspended(job)) {
            int[] removed = deleteJobPods(c, c.activePods);
            return active - removed[1];
        }
        int wantActive;
        Integer completions = job.getSpec().getCompletions();
        if (completions == null) {
            wantActive = succeeded > 0 ? active : parallelism;
        } else {
            wantActive = Math.max(0, Math.min(completions - succeeded, parallelism));
        }
        int rmAtLeast = Math.max(0, active - wantActive);
        if (rmAtLeast > 0) {
            List<Pod> sorted = new ArrayList<>(c.activePods);
            sorted.sort(PodRanking.activePods());
            List<Pod> toDelete = sorted.subList(0, Math.min(rmAtLeast, MAX_POD_CREATE_DELETE_PER_SYNC));
            Set<String> keys = new HashSet<>();
            for (Pod p : toDelete) {
                keys.add(podKey(p));
            }
            expectations.expect(c.key, 0, keys);
            int[] removed = deleteJobPods(c, toDelete);
            return active - removed[1];
        }
        int terminating = onlyReplaceFailedPods(job) ? c.terminating : 0;
        int diff = wantActive - terminating - active;
        if (diff <= 0) {
            return active;
        }
        Duration wait = c.newBackoff.remaining(now);
        if (wait.isPositive()) {
            queue.addAfter(c.key, wait);
            return active;
        }
        diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
        expectations.expect(c.key, diff, Set.of());
        ObjectNode template = (ObjectNode) c.json.path("spec").path("template").deepCopy();
        ArrayNode finalizers = template.withObjectProperty("metadata").withArrayProperty("finalizers");
        boolean present = false;
        for (JsonNode f : finalizers) {
            present |= TRACKING_FINALIZER.equals(f.asString());
        }
        if (!present) {
            finalizers.add(TRACKING_FINALIZER);
        }
        int created = 0;
        RuntimeException error = null;
        for (int size = Math.min(diff, 1); size > 0 && error == null; size = Math.min(2 * size, diff - created)) {
            List<Command> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(Writer.createCommand(Resources.PODS, job.getMetadata().getNamespace(),
                        PodTemplates.newPod(template, Resources.JOBS, job)));
            }
            int ok = 0;
            for (Object r : writer.sendAll(batch)) {
                if (r instanceof CommandReply reply) {
                    ok++;
                    events.record(job, EventRecorder.NORMAL, "SuccessfulCreate",
                            "Created pod: " + reply.object().path("metadata").path("name").asString(""));
                } else if (r instanceof RuntimeException e) {
                    events.record(job, EventRecorder.WARNING, "FailedCreate", "Error creating: " + e.getMessage());
                    if (error == null) {
                        error = e;
                    }
                }
            }
            created += ok;
            if (ok < size) {
                expectations.creationsSkipped(c.key, diff - created);
                break;
            }
        }
        if (error != null) {
            throw error;
        }
        return active + created;
    }

    /** {@code deleteJobPods}: removes the tracking finalizer, then deletes; returns {ready deleted, deleted}. */
    private int[] deleteJobPods(Ctx c, List<Pod> pods) {
        int deleted = 0;
        int deletedReady = 0;
        RuntimeException error = null;
        for (Pod p : pods) {
            try {
                if (hasTrackingFinalizer(p)) {
                    removeFinalizer(p);
                }
                writer.delete(ref(p), p.getMetadata().getUid(), null, null, null);
                deleted++;
                if (Pods.isReady(p)) {
                    deletedReady++;
                }
                events.record(c.job, EventRecorder.NORMAL, "SuccessfulDelete", "Deleted pod: "
                        + p.getMetadata().getName());
            } catch (RuntimeException e) {
                expectations.deletionObserved(c.key, podKey(p));
                if (!(e instanceof ApiError api && api.isNotFound()) && error == null) {
                    error = e;
                }
            }
        }
        if (error != null) {
            throw error;
        }
        return new int[] {deletedReady, deleted};
    }

    /** {@code deleteActivePods}: deletes the active pods of a finished Job, keeping their finalizers. */
    private int[] deleteActivePods(Job job, List<Pod> pods) {
        List<Command> deletes = new ArrayList<>();
        for (Pod p : pods) {
            deletes.add(Writer.deleteCommand(ref(p), p.getMetadata().getUid(), null, null, null));
        }
        List<Object> results = writer.sendAll(deletes);
        int deleted = 0;
        int deletedReady = 0;
        RuntimeException error = null;
        for (int i = 0; i < pods.size(); i++) {
            Object r = results.get(i);
            if (r instanceof RuntimeException e && !(e instanceof ApiError api && api.isNotFound())) {
                if (error == null) {
                    error = e;
                }
                continue;
            }
            deleted++;
            if (Pods.isReady(pods.get(i))) {
                deletedReady++;
            }
        }
        if (error != null) {
            throw error;
        }
        return new int[] {deletedReady, deleted};
    }

    /**
     * {@code trackJobStatusAndRemoveFinalizers}: records finished pods in uncountedTerminatedPods, removes their
     * finalizers, moves them to the counters, and finishes the Job when nothing is uncounted or terminating.
     */
    private void trackStatusAndRemoveFinalizers(Ctx c, boolean needsFlush, Instant now) {
        JobStatusView s = c.status;
        Set<String> withFinalizer = new HashSet<>();
        for (Pod p : c.pods) {
            if (hasTrackingFinalizer(p) && !c.expectedRemovals.contains(p.getMetadata().getUid())) {
                withFinalizer.add(p.getMetadata().getUid());
            }
        }
        needsFlush |= countUncountedWithoutFinalizers(s, withFinalizer);
        List<Pod> toRemoveFinalizer = new ArrayList<>();
        boolean reachedMax = false;
        for (Pod p : c.pods) {
            String uid = p.getMetadata().getUid();
            if (!hasTrackingFinalizer(p) || c.expectedRemovals.contains(uid)) {
                continue;
            }
            boolean failed = isPodFailed(p, c.job);
            boolean canRemove = c.job.getMetadata().getDeletionTimestamp() != null || c.finishedCondition != null
                    || Pods.SUCCEEDED.equals(Pods.phase(p)) || failed;
            if (!canRemove) {
                continue;
            }
            toRemoveFinalizer.add(p);
            if (Pods.SUCCEEDED.equals(Pods.phase(p)) && !s.uncountedFailed.contains(uid)) {
                if (s.uncountedSucceeded.add(uid)) {
                    needsFlush = true;
                }
            } else if (failed || (c.finishedCondition != null
                    && !SUCCESS_CRITERIA_MET.equals(c.finishedCondition.getType()))) {
                if (s.uncountedFailed.add(uid)) {
                    needsFlush = true;
                }
            }
            if (s.uncountedSucceeded.size() + s.uncountedFailed.size() >= MAX_UNCOUNTED_PODS) {
                reachedMax = true;
                break;
            }
        }
        if (c.finishedCondition != null && FAILURE_TARGET.equals(c.finishedCondition.getType())) {
            s.conditions.add(c.finishedCondition);
            needsFlush = true;
            c.finishedCondition = JobStatusView.condition(FAILED, "True", c.finishedCondition.getReason(),
                    c.finishedCondition.getMessage(), now);
        }
        if (c.finishedCondition != null && SUCCESS_CRITERIA_MET.equals(c.finishedCondition.getType())) {
            if (s.find(SUCCESS_CRITERIA_MET) == null) {
                s.conditions.add(c.finishedCondition);
                needsFlush = true;
            }
            c.finishedCondition = JobStatusView.condition(COMPLETE, "True", c.finishedCondition.getReason(),
                    c.finishedCondition.getMessage(), now);
        }
        if (needsFlush) {
            writeStatus(c);
            needsFlush = false;
        }
        RuntimeException removeError = null;
        for (Pod p : toRemoveFinalizer) {
            try {
                removeFinalizer(p);
                finalizerRemovals.computeIfAbsent(c.key, k -> ConcurrentHashMap.newKeySet())
                        .add(p.getMetadata().getUid());
                withFinalizer.remove(p.getMetadata().getUid());
            } catch (ApiError e) {
                if (e.isNotFound()) {
                    withFinalizer.remove(p.getMetadata().getUid());
                } else if (removeError == null) {
                    removeError = e;
                }
            }
        }
        if (countUncountedWithoutFinalizers(s, withFinalizer)) {
            needsFlush = true;
        }
        if (removeError != null) {
            if (needsFlush) {
                writeStatus(c);
            }
            throw removeError;
        }
        boolean finished = !reachedMax && enactFinished(c, now);
        if (finished || needsFlush) {
            writeStatus(c);
            if (finished) {
                if (COMPLETE.equals(c.finishedCondition.getType())) {
                    events.record(c.job, EventRecorder.NORMAL, "Completed", "Job completed");
                } else {
                    events.record(c.job, EventRecorder.WARNING, c.finishedCondition.getReason(),
                            c.finishedCondition.getMessage());
                }
            }
        }
    }

    /** {@code cleanUncountedPodsWithoutFinalizers}: uncounted pods whose finalizer is gone move to the counters. */
    static boolean countUncountedWithoutFinalizers(JobStatusView s, Set<String> withFinalizer) {
        boolean updated = false;
        for (var it = s.uncountedSucceeded.iterator(); it.hasNext();) {
            if (!withFinalizer.contains(it.next())) {
                it.remove();
                s.succeeded++;
                updated = true;
            }
        }
        for (var it = s.uncountedFailed.iterator(); it.hasNext();) {
            if (!withFinalizer.contains(it.next())) {
                it.remove();
                s.failed++;
                updated = true;
            }
        }
        return updated;
    }

    /** {@code enactJobFinished}: adds Complete / Failed once nothing is uncounted or terminating. */
    private boolean enactFinished(Ctx c, Instant now) {
        if (c.finishedCondition == null) {
            return false;
        }
        if (!c.status.uncountedSucceeded.isEmpty() || !c.status.uncountedFailed.isEmpty() || c.terminating > 0) {
            return false;
        }
        JobCondition f = c.finishedCondition;
        c.status.ensureCondition(f.getType(), f.getStatus(), f.getReason(), f.getMessage(), now);
        if (COMPLETE.equals(f.getType())) {
            c.status.completionTime = c.status.find(COMPLETE).getLastTransitionTime();
        }
        return true;
    }

    private void writeStatus(Ctx c) {
        CommandReply reply = writer.updateStatus(Resources.JOBS, Json.withStatus(c.json, c.status.toJson()));
        c.json = (ObjectNode) reply.object();
        backoff.put(c.key, c.newBackoff);
    }

    private void removeFinalizer(Pod p) {
        ObjectNode patch = Json.casPatch(p.getMetadata().getResourceVersion());
        ArrayNode remaining = ((ObjectNode) patch.get("metadata")).putArray("finalizers");
        for (String f : p.getMetadata().getFinalizers()) {
            if (!TRACKING_FINALIZER.equals(f)) {
                remaining.add(f);
            }
        }
        writer.mergePatch(ref(p), patch);
    }

    // ------------------------------------------------------------------------------------------ predicates

    static boolean hasTrackingFinalizer(Pod p) {
        return p.getMetadata().getFinalizers() != null && p.getMetadata().getFinalizers().contains(TRACKING_FINALIZER);
    }

    static boolean isFinished(JobStatusView s) {
        for (JobCondition c : s.conditions) {
            if ((COMPLETE.equals(c.getType()) || FAILED.equals(c.getType())) && "True".equals(c.getStatus())) {
                return true;
            }
        }
        return false;
    }

    static boolean isSuspended(Job job) {
        return Boolean.TRUE.equals(job.getSpec().getSuspend());
    }

    static int backoffLimit(Job job) {
        return Json.intOr(job.getSpec().getBackoffLimit(), 6);
    }

    /** {@code onlyReplaceFailedPods}: podReplacementPolicy Failed (or a podFailurePolicy). */
    static boolean onlyReplaceFailedPods(Job job) {
        return "Failed".equals(job.getSpec().getPodReplacementPolicy()) || job.getSpec().getPodFailurePolicy() != null;
    }

    /** {@code isPodFailed}: Failed, or (unless only failed pods are replaced) deleted before succeeding. */
    static boolean isPodFailed(Pod p, Job job) {
        if (onlyReplaceFailedPods(job)) {
            return Pods.FAILED.equals(Pods.phase(p));
        }
        if (Pods.FAILED.equals(Pods.phase(p))) {
            return true;
        }
        return Pods.isDeleting(p) && !Pods.SUCCEEDED.equals(Pods.phase(p));
    }

    /** {@code pastBackoffLimitOnFailure}: restarts of running/pending pods of an OnFailure Job reach the limit. */
    static boolean pastBackoffLimitOnFailure(Job job, List<Pod> pods) {
        if (!"OnFailure".equals(job.getSpec().getTemplate().getSpec().getRestartPolicy())) {
            return false;
        }
        int restarts = 0;
        for (Pod p : pods) {
            String phase = Pods.phase(p);
            if (Pods.RUNNING.equals(phase) || Pods.PENDING.equals(phase)) {
                restarts += restartSum(p.getStatus().getInitContainerStatuses())
                        + restartSum(p.getStatus().getContainerStatuses());
            }
        }
        int limit = backoffLimit(job);
        return limit == 0 ? restarts > 0 : restarts >= limit;
    }

    private static int restartSum(List<ContainerStatus> statuses) {
        int sum = 0;
        if (statuses != null) {
            for (ContainerStatus s : statuses) {
                sum += Json.intOr(s.getRestartCount(), 0);
            }
        }
        return sum;
    }

    /** {@code pastActiveDeadline}. */
    static boolean pastActiveDeadline(Job job, JobStatusView s, Instant now) {
        Long deadline = job.getSpec().getActiveDeadlineSeconds();
        if (deadline == null || s.startTime == null || isSuspended(job)) {
            return false;
        }
        Instant start = KubeTime.parse(s.startTime);
        return !Duration.between(start, now).minusSeconds(deadline).isNegative();
    }

    private static ObjectRef ref(Pod p) {
        return Resources.PODS.ref(p.getMetadata().getNamespace(), p.getMetadata().getName());
    }

    private static String podKey(Pod p) {
        return ref(p).key();
    }
}
