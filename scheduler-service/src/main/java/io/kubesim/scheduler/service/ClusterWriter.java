package io.kubesim.scheduler.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.command.BindPod;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.PatchObject;
import io.kubesim.model.command.PatchType;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.CommandBus;
import io.kubesim.runtime.EventRecorder;
import io.kubesim.scheduler.framework.Nomination;
import io.kubesim.scheduler.framework.PodRef;
import io.kubesim.scheduler.framework.Profiles;
import io.kubesim.scheduler.framework.SchedulingMessages;

/**
 * The scheduler's writes, as kube-scheduler 1.32 makes them (pkg/scheduler/schedule_one.go {@code bind},
 * {@code handleSchedulingFailure}, {@code updatePod}; pkg/scheduler/framework/preemption/preemption.go
 * {@code prepareCandidate}): the binding, the Scheduled / FailedScheduling / Preempted events, the
 * {@code PodScheduled=False} condition with {@code status.nominatedNodeName}, and the graceful deletion of preemption
 * victims after their {@code DisruptionTarget} condition.
 *
 * <p>One difference from upstream, for schedulers that race (two instances, or a restart while a bind is in flight):
 * the FailedScheduling event and condition are written only while the cluster cache still shows the pod pending, and
 * the condition patch carries the pod's resourceVersion, so a pod another scheduler has just bound is never marked
 * {@code PodScheduled=False}. A patch refused by that precondition is re-evaluated against the cache and retried.
 */
public final class ClusterWriter {

    private static final Logger log = LoggerFactory.getLogger(ClusterWriter.class);

    static final String POD_SCHEDULED = "PodScheduled";
    static final String DISRUPTION_TARGET = "DisruptionTarget";
    static final String REASON_PREEMPTION_BY_SCHEDULER = "PreemptionByScheduler";
    private static final int MAX_CONDITION_RETRIES = 5;
    private static final long RETRY_MILLIS = 100;

    private final CommandBus bus;
    private final Map<String, EventRecorder> recorders = new ConcurrentHashMap<>();
    private final ClusterCache cluster;
    private final Clock clock;
    private final ScheduledExecutorService retries;

    /**
     * @param retries runs the retries of refused condition patches
     */
    public ClusterWriter(CommandBus bus, ClusterCache cluster, Clock clock, ScheduledExecutorService retries) {
        this.bus = bus;
        this.cluster = cluster;
        this.clock = clock;
        this.retries = retries;
    }

    /**
     * The event recorder of a profile: as upstream, each profile reports under its scheduler name
     * ({@code source.component: default-scheduler}).
     */
    EventRecorder recorder(String schedulerName) {
        return recorders.computeIfAbsent(schedulerName, name -> new EventRecorder(bus, clock, name));
    }

    private EventRecorder recorder(Pod pod) {
        return recorder(Profiles.schedulerName(pod));
    }

    /** {@code BindPod} for the pod's uid, referencing the attempt's decision record. */
    public CompletableFuture<CommandReply> bind(Pod pod, String nodeName, String decisionId) {
        return bus.submit(new BindPod(ref(pod), pod.getMetadata().getUid(), nodeName, decisionId,
                WriteOptions.DEFAULT));
    }

    /** {@code Normal Scheduled "Successfully assigned ns/name to node"}. */
    public void scheduled(Pod pod, String nodeName) {
        log(recorder(pod).record(pod, EventRecorder.NORMAL, SchedulingMessages.EVENT_SCHEDULED,
                SchedulingMessages.scheduled(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                        nodeName)), "Scheduled event", pod);
    }

    /**
     * A failed attempt: {@code Warning FailedScheduling} with the (truncated) message, and {@code PodScheduled=False}
     * with {@code reason} and the full message plus the nomination, patched only when something changed.
     *
     * @param pod the pod as the attempt saw it
     */
    public void schedulingFailed(Pod pod, String reason, String message, Nomination nomination) {
        if (pendingPod(podRef(pod)).isEmpty()) {
            log.debug("{} is bound or gone; no FailedScheduling for it", key(pod));
            return;
        }
        log(recorder(pod).record(pod, EventRecorder.WARNING, SchedulingMessages.EVENT_FAILED_SCHEDULING,
                SchedulingMessages.eventNote(message)), "FailedScheduling event", pod);
        updatePodScheduled(podRef(pod), reason, message, nomination, 0);
    }

    /**
     * Carries out a preemption: each victim gets {@code DisruptionTarget=True} (reason PreemptionByScheduler), is
     * deleted gracefully, and gets a {@code Preempted} event; lower-priority pods nominated to the node lose their
     * nomination.
     */
    public void preempt(Pod preemptor, String nodeName, List<PodRef> victims, List<PodRef> nominationsToClear) {
        String schedulerName = Profiles.schedulerName(preemptor);
        for (PodRef victim : victims) {
            Optional<Pod> found = currentPod(victim);
            if (found.isEmpty()) {
                continue;
            }
            Pod v = found.get();
            ObjectNode patch = disruptionTargetPatch(v, schedulerName, clock.instant());
            CompletableFuture<Boolean> marked = patch == null ? CompletableFuture.completedFuture(true)
                    : bus.submit(statusPatch(v, patch)).thenApply(reply -> {
                        if (!reply.succeeded()) {
                            log.warn("could not add DisruptionTarget to victim {}: {}", key(v), reply.status());
                        }
                        return reply.succeeded();
                    });
            marked.thenCompose(ok -> ok
                            ? bus.submit(new DeleteObject(ref(v), v.getMetadata().getUid(), null, null, null,
                                    WriteOptions.DEFAULT)).thenApply(CommandReply::succeeded)
                            : CompletableFuture.completedFuture(false))
                    .whenComplete((deleted, e) -> {
                        if (e != null) {
                            log.warn("preempting {} failed: {}", key(v), e.toString());
                        } else if (deleted) {
                            log(recorder(preemptor).record(v, EventRecorder.NORMAL, SchedulingMessages.EVENT_PREEMPTED,
                                    SchedulingMessages.preempted(preemptor.getMetadata().getUid(), nodeName)),
                                    "Preempted event", v);
                        }
                    });
        }
        for (PodRef p : nominationsToClear) {
            currentPod(p).filter(pod -> !nominatedNodeName(pod).isEmpty()).ifPresent(pod -> {
                ObjectNode patch = KubeJson.json().createObjectNode();
                patch.putObject("metadata").put("uid", pod.getMetadata().getUid());
                patch.putObject("status").putNull("nominatedNodeName");
                log(bus.submit(statusPatch(pod, patch)), "clearing the nomination", pod);
            });
        }
    }

    private void updatePodScheduled(PodRef ref, String reason, String message, Nomination nomination, int attempt) {
        Optional<Pod> pending = pendingPod(ref);
        if (pending.isEmpty()) {
            return;
        }
        Pod pod = pending.get();
        ObjectNode patch = podScheduledPatch(pod, reason, message, nomination, clock.instant());
        if (patch == null) {
            return;
        }
        bus.submit(statusPatch(pod, patch)).whenComplete((reply, e) -> {
            if (e != null) {
                log.warn("PodScheduled condition of {} not written: {}", ref, e.toString());
            } else if (reply.code() == 409 && attempt < MAX_CONDITION_RETRIES) {
                retries.schedule(() -> updatePodScheduled(ref, reason, message, nomination, attempt + 1),
                        RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } else if (!reply.succeeded() && reply.code() != 404) {
                log.warn("PodScheduled condition of {} not written: {}", ref, reply.status());
            }
        });
    }

    /**
     * The strategic-merge patch of the pod's status that sets {@code PodScheduled=False} with this reason and
     * message and applies the nomination, or {@code null} when the pod already says so (upstream {@code updatePod}:
     * the nomination is written only when it is set and differs). It carries the pod's uid and resourceVersion as
     * preconditions; the transition time changes only when the condition's status does.
     */
    static ObjectNode podScheduledPatch(Pod pod, String reason, String message, Nomination nomination, Instant now) {
        PodCondition existing = condition(pod, POD_SCHEDULED);
        boolean conditionChanged = existing == null || !"False".equals(existing.getStatus())
                || !reason.equals(Objects.toString(existing.getReason(), ""))
                || !message.equals(Objects.toString(existing.getMessage(), ""));
        String current = nominatedNodeName(pod);
        boolean nominationChanged = nomination.mode() == Nomination.Mode.SET
                && !current.equals(nomination.nodeName());
        if (!conditionChanged && !nominationChanged) {
            return null;
        }
        ObjectNode patch = KubeJson.json().createObjectNode();
        patch.putObject("metadata").put("uid", pod.getMetadata().getUid())
                .put("resourceVersion", pod.getMetadata().getResourceVersion());
        ObjectNode status = patch.putObject("status");
        if (conditionChanged) {
            String transition = existing != null && "False".equals(existing.getStatus())
                    && existing.getLastTransitionTime() != null ? existing.getLastTransitionTime() : KubeTime.time(now);
            status.putArray("conditions").addObject()
                    .put("type", POD_SCHEDULED)
                    .put("status", "False")
                    .put("lastTransitionTime", transition)
                    .put("reason", reason)
                    .put("message", message);
        }
        if (nominationChanged) {
            if (nomination.nodeName().isEmpty()) {
                status.putNull("nominatedNodeName");
            } else {
                status.put("nominatedNodeName", nomination.nodeName());
            }
        }
        return patch;
    }

    /** {@code DisruptionTarget=True} reason PreemptionByScheduler, or {@code null} when the victim has it already. */
    static ObjectNode disruptionTargetPatch(Pod victim, String preemptorSchedulerName, Instant now) {
        String message = preemptorSchedulerName + ": preempting to accommodate a higher priority pod";
        PodCondition existing = condition(victim, DISRUPTION_TARGET);
        if (existing != null && "True".equals(existing.getStatus())
                && REASON_PREEMPTION_BY_SCHEDULER.equals(existing.getReason())
                && message.equals(existing.getMessage())) {
            return null;
        }
        String transition = existing != null && "True".equals(existing.getStatus())
                && existing.getLastTransitionTime() != null ? existing.getLastTransitionTime() : KubeTime.time(now);
        ObjectNode patch = KubeJson.json().createObjectNode();
        patch.putObject("metadata").put("uid", victim.getMetadata().getUid());
        patch.putObject("status").putArray("conditions").addObject()
                .put("type", DISRUPTION_TARGET)
                .put("status", "True")
                .put("lastTransitionTime", transition)
                .put("reason", REASON_PREEMPTION_BY_SCHEDULER)
                .put("message", message);
        return patch;
    }

    /** The pod as the cluster cache has it now, if it is still the same pod (uid). */
    Optional<Pod> currentPod(PodRef ref) {
        return cluster.get(Resources.PODS.ref(ref.namespace(), ref.name()).key())
                .map(e -> e.object() instanceof Pod p ? p : null)
                .filter(p -> ref.uid().equals(p.getMetadata().getUid()));
    }

    /** The pod as the cluster cache has it now, if it is the same pod and still not bound. */
    Optional<Pod> pendingPod(PodRef ref) {
        return currentPod(ref).filter(p -> p.getSpec() == null || p.getSpec().getNodeName() == null
                || p.getSpec().getNodeName().isEmpty());
    }

    private static PatchObject statusPatch(Pod pod, ObjectNode patch) {
        return new PatchObject(ref(pod), "status", PatchType.STRATEGIC_MERGE_PATCH, KubeJson.write(patch), false,
                WriteOptions.DEFAULT);
    }

    private static PodCondition condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    private static String nominatedNodeName(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getNominatedNodeName() == null ? ""
                : pod.getStatus().getNominatedNodeName();
    }

    static PodRef podRef(Pod pod) {
        return new PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid());
    }

    static ObjectRef ref(Pod pod) {
        return Resources.PODS.ref(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private static void log(CompletableFuture<CommandReply> write, String what, Pod pod) {
        write.whenComplete((reply, e) -> {
            if (e != null) {
                log.warn("{} for {} not written: {}", what, key(pod), e.toString());
            } else if (!reply.succeeded()) {
                log.warn("{} for {} refused: {}", what, key(pod), reply.status());
            }
        });
    }
}
