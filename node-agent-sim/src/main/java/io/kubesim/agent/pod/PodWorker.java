package io.kubesim.agent.pod;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodReadinessGate;

import io.kubesim.agent.container.Behaviour;
import io.kubesim.agent.container.CommandParser;
import io.kubesim.agent.container.ContainerLog;
import io.kubesim.agent.container.Expander;
import io.kubesim.agent.container.Script;
import io.kubesim.agent.container.ScriptRun;
import io.kubesim.agent.loop.AgentLoop;
import io.kubesim.agent.registry.ImageCatalog;
import io.kubesim.agent.registry.NodeImages;
import io.kubesim.agent.registry.PullOutcome;
import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.command.Actors;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.EventRecorder;

/**
 * The kubelet's work for one pod bound to a simulated node: admission, sandbox (pod IP), image pulls, init containers
 * one by one, then the app containers, restarts with back-off, status reports, and graceful termination ending in
 * the final delete. Everything happens on the agent loop; delays are timers on the virtual clock.
 *
 * <p>Upstream: pkg/kubelet/kubelet.go (SyncPod, syncTerminatingPod), pkg/kubelet/kuberuntime/kuberuntime_manager.go
 * (computePodActions: init containers in order, restart policy, doBackOff), kuberuntime_container.go (startContainer
 * events), pkg/kubelet/images/image_manager.go (EnsureImageExists: pull policy, pull back-off, events),
 * pkg/kubelet/kubelet_pods.go (generateAPIPodStatus, getPhase, convertToAPIContainerStatuses) and
 * pkg/kubelet/status/generate.go (conditions).
 *
 * <p>Timing: a container exit is followed by the next sync one PLEG relist period later ({@link #SYNC_DELAY}); that
 * sync restarts the container or reports CrashLoopBackOff, so a crashing container is restarted at once the first
 * time, then after 10 s, 20 s, 40 s ... 300 s. A failed pull is followed by the next sync after the pod worker's
 * error back-off ({@link #RETRY_PERIOD}, 10 s), at most half the image back-off: the pod shows ErrImagePull, then
 * ImagePullBackOff, and the image is pulled again when its back-off (10 s, 20 s, 40 s ... 300 s) has passed.
 */
final class PodWorker {

    private static final Logger log = LoggerFactory.getLogger(PodWorker.class);

    /** The PLEG relist period: how long after a container event the pod is synced again. */
    static final Duration SYNC_DELAY = Duration.ofSeconds(1);
    /** The pod worker's back-off after a failed sync that has no back-off of its own (kubelet backOffPeriod). */
    static final Duration RETRY_PERIOD = Duration.ofSeconds(10);
    private static final long DEFAULT_GRACE_SECONDS = 30;
    private static final String TRUE = "True";
    private static final String FALSE = "False";

    private record Mark(String status, String since) {
    }

    private final PodEnvironment env;
    private final String namespace;
    private final String name;
    private final String uid;
    private final ObjectRef ref;
    private final String actor;
    private final PodStatusWriter writer;
    private final List<ContainerSlot> inits = new ArrayList<>();
    private final List<ContainerSlot> apps = new ArrayList<>();
    private final BackOff backOff = new BackOff();
    private final Map<String, Mark> marks = new HashMap<>();
    private Pod pod;

    private boolean admitted;
    private Admission.Rejection rejection;
    private boolean sandbox;
    private String podIp;
    private Instant startTime;
    private String phase = "Pending";
    private boolean terminal;
    private boolean terminating;
    private boolean deleteRequested;
    private boolean deletePending;
    private boolean finished;
    private AgentLoop.Timer syncTimer;
    private Instant syncAt;

    PodWorker(PodEnvironment env, Pod pod, ObjectNode json, long revision) {
        this.env = env;
        this.pod = pod;
        this.namespace = pod.getMetadata().getNamespace();
        this.name = pod.getMetadata().getName();
        this.uid = pod.getMetadata().getUid();
        this.ref = Resources.PODS.ref(namespace, name);
        this.actor = Actors.node(env.node().name());
        this.writer = new PodStatusWriter(env.bus(), env.loop(), actor, ref, json, revision,
                () -> env.node().isConnected());
        for (Container c : list(pod.getSpec().getInitContainers())) {
            inits.add(new ContainerSlot(c, true));
        }
        for (Container c : list(pod.getSpec().getContainers())) {
            apps.add(new ContainerSlot(c, false));
        }
    }

    // ------------------------------------------------------------------ entry points

    String uid() {
        return uid;
    }

    /** Starts working on the pod. */
    void start() {
        sync();
    }

    /**
     * A newer version of the pod from the cache. The pod is synced again when its deletion started or its
     * annotations (simulated behaviour) changed; its own status writes coming back change nothing.
     */
    void updated(Pod newer, ObjectNode json, long revision) {
        writer.observed(json, revision);
        Pod older = pod;
        this.pod = newer;
        boolean deleting = newer.getMetadata().getDeletionTimestamp() != null
                && older.getMetadata().getDeletionTimestamp() == null;
        if (deleting || !Objects.equals(older.getMetadata().getAnnotations(), newer.getMetadata().getAnnotations())) {
            sync();
        } else if (!list(newer.getSpec().getReadinessGates()).isEmpty()) {
            report();
        }
    }

    /**
     * Takes over a pod this node already ran (the agent restarted): admission, sandbox and containers continue from
     * the status the agent wrote before; running containers keep running from their start time. Back-off state is
     * not kept: a container waiting in a back-off is restarted at the next sync.
     */
    void restore(JsonNode status) {
        String p = status.path("phase").asString("");
        if (p.isEmpty() || status.path("startTime").isMissingNode()) {
            return;
        }
        admitted = true;
        phase = p;
        startTime = KubeTime.parse(status.path("startTime").asString(null));
        terminal = p.equals("Succeeded") || p.equals("Failed");
        if (terminal && status.has("reason") && !status.has("containerStatuses")) {
            String message = status.path("message").asString("");
            rejection = new Admission.Rejection(status.path("reason").asString(),
                    message.startsWith("Pod was rejected: ") ? message.substring(18) : message);
            return;
        }
        for (JsonNode c : status.path("conditions")) {
            marks.put(c.path("type").asString(""), new Mark(c.path("status").asString(""),
                    c.path("lastTransitionTime").asString("")));
        }
        String ip = status.path("podIP").asString("");
        if (!ip.isEmpty()) {
            podIp = ip;
            if (!terminal) {
                env.node().podAddresses().reserve(ip);
                sandbox = true;
            }
        }
        List<ContainerSlot> running = new ArrayList<>();
        restoreContainers(status.path("initContainerStatuses"), inits, running);
        restoreContainers(status.path("containerStatuses"), apps, running);
        for (ContainerSlot c : running) {
            ContainerState.Running r = (ContainerState.Running) c.state;
            launch(c, r.startedAt(), c.newLog(c.containerId));
        }
    }

    private void restoreContainers(JsonNode statuses, List<ContainerSlot> slots, List<ContainerSlot> running) {
        for (JsonNode cs : statuses) {
            ContainerSlot c = slots.stream().filter(x -> x.name().equals(cs.path("name").asString("")))
                    .findFirst().orElse(null);
            if (c == null) {
                continue;
            }
            int restarts = cs.path("restartCount").asInt(0);
            ContainerState.Terminated last = terminated(cs.path("lastState").path("terminated"));
            JsonNode state = cs.path("state");
            if (!cs.path("containerID").asString("").isEmpty()) {
                c.containerId = cs.path("containerID").asString();
                c.imageId = cs.path("imageID").asString(null);
                c.runtimeImage = cs.path("image").asString(null);
            }
            if (state.has("running") && c.image != null && c.containerId != null) {
                c.runs = restarts + 1;
                c.lastTermination = last;
                c.state = new ContainerState.Running(KubeTime.parse(state.path("running").path("startedAt")
                        .asString()));
                try {
                    c.behaviour = Behaviour.of(pod.getMetadata().getAnnotations(), c.spec, CommandParser.parse(
                            c.spec.getCommand(), c.spec.getArgs(), env.registry().runKind(c.image)));
                    running.add(c);
                } catch (IllegalArgumentException e) {
                    ContainerState.Running r = (ContainerState.Running) c.state;
                    c.state = new ContainerState.Terminated(128, KubeletEvents.ERROR, r.startedAt(), now(),
                            c.containerId);
                }
            } else if (state.has("terminated")) {
                c.runs = restarts + 1;
                c.lastTermination = last;
                c.state = terminated(state.path("terminated"));
            } else if (last != null) {
                c.runs = restarts + 1;
                c.state = last;
            }
        }
    }

    private static ContainerState.Terminated terminated(JsonNode t) {
        if (t.isMissingNode() || t.isNull() || !t.has("exitCode")) {
            return null;
        }
        return new ContainerState.Terminated(t.path("exitCode").asInt(), t.path("reason").asString(null),
                t.path("message").asString(null), KubeTime.parse(t.path("startedAt").asString(null)),
                KubeTime.parse(t.path("finishedAt").asString(null)), t.path("containerID").asString(null));
    }

    /** The node can talk to the API again after a partition. */
    void reconnected() {
        writer.flush();
        if (deletePending) {
            deletePod();
        }
        sync();
    }

    /** The pod object is gone: stop everything. */
    void removed() {
        if (finished) {
            return;
        }
        finished = true;
        cancelSync();
        for (ContainerSlot c : slots()) {
            c.cancelPull();
            c.cancelProcessTimers();
            if (!c.logs.isEmpty()) {
                c.logs.peekLast().finish();
            }
        }
        teardownSandbox();
        writer.stop();
    }

    /** The requests the pod holds on its node while admitted and not terminated. */
    Optional<Map<String, Long>> heldRequests() {
        return admitted && !terminal && rejection == null ? Optional.of(PodResources.requests(pod))
                : Optional.empty();
    }

    Optional<ContainerSlot> container(String containerName) {
        return slots().stream().filter(c -> c.name().equals(containerName)).findFirst();
    }

    boolean hasInitContainers() {
        return !inits.isEmpty();
    }

    List<String> appContainerNames() {
        return apps.stream().map(ContainerSlot::name).toList();
    }

    // ------------------------------------------------------------------ sync

    /** One pass of the kubelet's SyncPod: decide what to start or restart, then report the status. */
    void sync() {
        if (finished) {
            return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            terminate();
            return;
        }
        if (rejection != null || terminating || terminal) {
            return;
        }
        if (!admitted) {
            Optional<Admission.Rejection> r = Admission.check(pod, env.node(), env.admitted().get());
            if (r.isPresent()) {
                reject(r.get());
                return;
            }
            admitted = true;
            startTime = now();
        }
        if (!sandbox && !createSandbox()) {
            report();
            return;
        }
        if (initContainersDone()) {
            for (ContainerSlot c : apps) {
                syncContainer(c);
            }
        }
        report();
    }

    /** Runs the init containers in order; true once every regular one has succeeded (and sidecars run). */
    private boolean initContainersDone() {
        boolean regularStarted = anyRegularStarted();
        for (ContainerSlot c : inits) {
            if (c.sidecar()) {
                if (!c.running()) {
                    syncContainer(c);
                    if (!regularStarted) {
                        return false;
                    }
                }
                continue;
            }
            if (c.succeeded()) {
                continue;
            }
            if (c.running() || c.pulling) {
                return false;
            }
            if (c.exited() != null) {
                if (!"Never".equals(restartPolicy())) {
                    restartOrBackOff(c);
                }
                return false;
            }
            startContainer(c);
            return false;
        }
        return true;
    }

    private void syncContainer(ContainerSlot c) {
        if (c.running() || c.pulling || c.killTimer != null) {
            return;
        }
        if (c.neverCreated()) {
            startContainer(c);
            return;
        }
        ContainerState.Terminated t = c.exited();
        if (t != null && shouldRestart(c, t)) {
            restartOrBackOff(c);
        }
    }

    private boolean shouldRestart(ContainerSlot c, ContainerState.Terminated t) {
        if (c.sidecar()) {
            return true;
        }
        return switch (restartPolicy()) {
            case "Never" -> false;
            case "OnFailure" -> t.exitCode() != 0;
            default -> true;
        };
    }

    /** kuberuntime_manager.go doBackOff: restart now, or report CrashLoopBackOff until the back-off has passed. */
    private void restartOrBackOff(ContainerSlot c) {
        ContainerState.Terminated t = c.exited();
        String key = c.name();
        Instant now = now();
        if (backOff.inBackOffSince(key, t.finishedAt(), now)) {
            Duration d = backOff.get(key);
            c.overlay = new ContainerState.Waiting(KubeletEvents.CRASH_LOOP_BACK_OFF, "back-off "
                    + GoDuration.format(d) + " restarting failed container=" + c.name() + " pod=" + fullName());
            event(c, EventRecorder.WARNING, KubeletEvents.BACK_OFF_START_CONTAINER,
                    "Back-off restarting failed container " + c.name() + " in pod " + fullName());
            scheduleSync(t.finishedAt().plus(d));
            return;
        }
        backOff.next(key, t.finishedAt(), now);
        startContainer(c);
    }

    // ------------------------------------------------------------------ images

    /** image_manager.go EnsureImageExists, then create and start. */
    private void startContainer(ContainerSlot c) {
        if (c.image == null) {
            c.overlay = new ContainerState.Waiting(KubeletEvents.INVALID_IMAGE_NAME, c.imageError);
            event(c, EventRecorder.WARNING, KubeletEvents.FAILED_TO_INSPECT_IMAGE, c.imageError);
            event(c, EventRecorder.WARNING, KubeletEvents.FAILED_TO_CREATE_CONTAINER, "Error: "
                    + KubeletEvents.INVALID_IMAGE_NAME);
            return;
        }
        String image = c.spec.getImage();
        String policy = pullPolicy(c);
        NodeImages images = env.node().images();
        boolean present = images.has(c.image);
        Instant now = now();
        if ("Never".equals(policy) && !present) {
            String msg = "Container image \"" + image + "\" is not present with pull policy of Never";
            c.overlay = new ContainerState.Waiting(KubeletEvents.ERR_IMAGE_NEVER_PULL, msg);
            event(c, EventRecorder.WARNING, KubeletEvents.ERR_IMAGE_NEVER_PULL_POLICY, msg);
            event(c, EventRecorder.WARNING, KubeletEvents.FAILED_TO_CREATE_CONTAINER, "Error: "
                    + KubeletEvents.ERR_IMAGE_NEVER_PULL);
            scheduleSync(now.plus(RETRY_PERIOD));
            return;
        }
        if (!"Always".equals(policy) && present) {
            event(c, EventRecorder.NORMAL, KubeletEvents.PULLED_IMAGE, "Container image \"" + image
                    + "\" already present on machine");
            create(c, images.imageId(c.image), env.registry().runKind(c.image));
            return;
        }
        String key = "pull:" + uid + "_" + image;
        if (backOff.inBackOffSinceUpdate(key, now)) {
            String msg = "Back-off pulling image \"" + image + "\"";
            c.overlay = new ContainerState.Waiting(KubeletEvents.IMAGE_PULL_BACK_OFF, msg);
            event(c, EventRecorder.NORMAL, KubeletEvents.BACK_OFF_PULL_IMAGE, msg);
            event(c, EventRecorder.WARNING, KubeletEvents.FAILED_TO_CREATE_CONTAINER, "Error: "
                    + KubeletEvents.IMAGE_PULL_BACK_OFF);
            scheduleSync(backOff.endSinceUpdate(key));
            return;
        }
        event(c, EventRecorder.NORMAL, KubeletEvents.PULLING_IMAGE, "Pulling image \"" + image + "\"");
        PullOutcome outcome = env.registry().pull(c.image, env.node().platform());
        NodeImages.Pull plan = outcome instanceof PullOutcome.Available a ? images.schedule(a, now)
                : images.scheduleFailing(now);
        c.pulling = true;
        c.pullTimer = env.loop().schedule(Duration.between(now, plan.finished()), () -> pulled(c, key, outcome, plan));
    }

    private void pulled(ContainerSlot c, String key, PullOutcome outcome, NodeImages.Pull plan) {
        c.pullTimer = null;
        c.pulling = false;
        if (finished || terminating || terminal) {
            return;
        }
        String image = c.spec.getImage();
        switch (outcome) {
            case PullOutcome.Available a -> {
                env.node().images().store(a);
                event(c, EventRecorder.NORMAL, KubeletEvents.PULLED_IMAGE, "Successfully pulled image \"" + image
                        + "\" in " + GoDuration.format(truncate(plan.pulling())) + " ("
                        + GoDuration.format(truncate(plan.includingWaiting())) + " including waiting). Image size: "
                        + a.sizeBytes() + " bytes.");
                create(c, a.imageId(), a.run());
            }
            case PullOutcome.Failed f -> {
                Instant now = now();
                event(c, EventRecorder.WARNING, KubeletEvents.FAILED_TO_PULL_IMAGE, "Failed to pull image \"" + image
                        + "\": " + f.error());
                Duration backoff = backOff.next(key, now, now);
                c.overlay = new ContainerState.Waiting(KubeletEvents.ERR_IMAGE_PULL, f.error());
                event(c, EventRecorder.WARNING, KubeletEvents.FAILED_TO_CREATE_CONTAINER, "Error: "
                        + KubeletEvents.ERR_IMAGE_PULL);
                Duration half = backoff.dividedBy(2);
                scheduleSync(now.plus(half.compareTo(RETRY_PERIOD) < 0 ? half : RETRY_PERIOD));
            }
        }
        report();
    }

    /** {@code imagePullPolicy}, defaulted as the API server does: Always for :latest or no tag, else IfNotPresent. */
    private static String pullPolicy(ContainerSlot c) {
        String p = c.spec.getImagePullPolicy();
        if (p != null && !p.isEmpty()) {
            return p;
        }
        return c.image.isLatest() ? "Always" : "IfNotPresent";
    }

    // ------------------------------------------------------------------ containers

    /** Creates and starts a container (events Created and Started) and runs its process. */
    private void create(ContainerSlot c, String imageId, ImageCatalog.RunKind runKind) {
        Behaviour behaviour;
        try {
            Script script = CommandParser.parse(c.spec.getCommand(), c.spec.getArgs(), runKind);
            behaviour = Behaviour.of(pod.getMetadata().getAnnotations(), c.spec, script);
        } catch (IllegalArgumentException e) {
            c.overlay = new ContainerState.Waiting(KubeletEvents.CREATE_CONTAINER_CONFIG_ERROR, e.getMessage());
            event(c, EventRecorder.WARNING, KubeletEvents.FAILED_TO_CREATE_CONTAINER, "Error: " + e.getMessage());
            return;
        }
        Instant now = now();
        String id = "containerd://" + env.containerIds().get();
        event(c, EventRecorder.NORMAL, KubeletEvents.CREATED_CONTAINER, "Created container: " + c.name());
        event(c, EventRecorder.NORMAL, KubeletEvents.STARTED_CONTAINER, "Started container " + c.name());
        if (c.state instanceof ContainerState.Terminated previous) {
            c.lastTermination = previous;
        }
        c.overlay = null;
        c.runs++;
        c.containerId = id;
        c.imageId = imageId;
        c.runtimeImage = c.image.digest() != null ? c.image.repository() + "@" + c.image.digest()
                : c.image.reference();
        c.state = new ContainerState.Running(now);
        c.ready = false;
        c.behaviour = behaviour;
        launch(c, now, c.newLog(id));
        if (c.sidecar()) {
            scheduleSync(now.plus(SYNC_DELAY));
        }
    }

    /** Runs a started container's process from {@code startedAt} (in the past for containers taken over). */
    private void launch(ContainerSlot c, Instant startedAt, ContainerLog output) {
        Behaviour b = c.behaviour;
        Instant now = now();
        c.process = new ScriptRun(b.script(), startedAt, environment(c, output));
        if (!c.init || c.sidecar()) {
            Instant readyAt = startedAt.plus(b.readyAfter());
            if (!readyAt.isAfter(now)) {
                c.ready = true;
            } else {
                c.readyTimer = env.loop().schedule(Duration.between(now, readyAt), () -> {
                    c.readyTimer = null;
                    c.ready = true;
                    report();
                });
            }
        }
        if (b.oomKilled()) {
            Instant at = startedAt.plus(Behaviour.OOM_AFTER);
            c.oomTimer = env.loop().schedule(Duration.between(now, at),
                    () -> exited(c, 137, KubeletEvents.OOM_KILLED, at));
        }
        if (b.runFor() != null) {
            Instant at = startedAt.plus(b.runFor());
            int code = b.exitCode() != null ? b.exitCode() : 0;
            c.deadlineTimer = env.loop().schedule(Duration.between(now, at),
                    () -> exited(c, code, reason(code), at));
        }
        advance(c);
    }

    /** Moves the container's process on to now. */
    private void advance(ContainerSlot c) {
        c.processTimer = null;
        if (c.process == null || !c.running()) {
            return;
        }
        Instant now = now();
        switch (c.process.advance(now)) {
            case ScriptRun.Progress.Sleeping s ->
                    c.processTimer = env.loop().schedule(Duration.between(now, s.until()), () -> advance(c));
            case ScriptRun.Progress.Forever f -> {
            }
            case ScriptRun.Progress.Exited e -> {
                if (c.behaviour.runFor() == null) {
                    int code = c.behaviour.exitCode() != null ? c.behaviour.exitCode() : e.code();
                    exited(c, code, reason(code), e.at());
                }
            }
        }
    }

    /** The container's process ended at {@code at}. */
    private void exited(ContainerSlot c, int code, String reason, Instant at) {
        if (!(c.state instanceof ContainerState.Running running) || finished) {
            return;
        }
        c.cancelProcessTimers();
        c.process = null;
        c.ready = false;
        c.state = new ContainerState.Terminated(code, reason, running.startedAt(), at, c.containerId);
        if (!c.logs.isEmpty()) {
            c.logs.peekLast().finish();
        }
        if (terminating) {
            finishTermination();
            return;
        }
        report();
        scheduleSync(at.plus(SYNC_DELAY));
    }

    private static String reason(int code) {
        return code == 0 ? KubeletEvents.COMPLETED : KubeletEvents.ERROR;
    }

    private ScriptRun.Environment environment(ContainerSlot c, ContainerLog output) {
        Expander expander = new Expander(variables(c.spec), name, namespace);
        return new ScriptRun.Environment() {
            @Override
            public boolean serviceExists(String ns, String service) {
                return env.services().exists(ns == null ? namespace : ns, service);
            }

            @Override
            public String expand(String text, Instant at) {
                return expander.expand(text, at);
            }

            @Override
            public void output(Instant at, String line) {
                output.append(at, line);
            }
        };
    }

    /** The container's environment: literal values and the downward API fields a simulated pod has. */
    private Map<String, String> variables(Container c) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (EnvVar v : list(c.getEnv())) {
            if (v.getValue() != null) {
                vars.put(v.getName(), v.getValue());
            } else if (v.getValueFrom() != null && v.getValueFrom().getFieldRef() != null) {
                String value = switch (v.getValueFrom().getFieldRef().getFieldPath()) {
                    case "metadata.name" -> name;
                    case "metadata.namespace" -> namespace;
                    case "metadata.uid" -> uid;
                    case "spec.nodeName" -> env.node().name();
                    case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
                    case "status.podIP" -> podIp;
                    case "status.hostIP" -> env.node().internalIp();
                    default -> null;
                };
                if (value != null) {
                    vars.put(v.getName(), value);
                }
            }
        }
        return vars;
    }

    // ------------------------------------------------------------------ admission, sandbox, termination

    private void reject(Admission.Rejection r) {
        rejection = r;
        terminal = true;
        phase = "Failed";
        startTime = now();
        recordPodEvent(EventRecorder.WARNING, r.reason(), r.message());
        ObjectNode s = KubeJson.json().createObjectNode();
        s.put("phase", phase);
        s.put("reason", r.reason());
        s.put("message", "Pod was rejected: " + r.message());
        s.put("startTime", KubeTime.time(startTime));
        s.put("qosClass", qosClass());
        writer.write(s);
    }

    private boolean createSandbox() {
        String ip = env.node().podAddresses().allocate();
        if (ip == null) {
            recordPodEvent(EventRecorder.WARNING, "FailedCreatePodSandBox", "Failed to create pod sandbox: plugin "
                    + "type=\"bridge\" failed (add): failed to allocate for range 0: no IP addresses available in "
                    + "range set: " + env.node().podCidr());
            scheduleSync(now().plus(RETRY_PERIOD));
            return false;
        }
        podIp = ip;
        sandbox = true;
        return true;
    }

    private void teardownSandbox() {
        if (sandbox) {
            env.node().podAddresses().release(podIp);
            sandbox = false;
        }
    }

    /** syncTerminatingPod: stop every container within the grace period, then report and delete the pod. */
    private void terminate() {
        if (terminating) {
            return;
        }
        terminating = true;
        cancelSync();
        Long podGrace = pod.getMetadata().getDeletionGracePeriodSeconds();
        Long specGrace = pod.getSpec().getTerminationGracePeriodSeconds();
        long grace = podGrace != null ? podGrace : specGrace != null ? specGrace : DEFAULT_GRACE_SECONDS;
        Instant now = now();
        Instant deadline = now.plusSeconds(Math.max(0, grace));
        for (ContainerSlot c : slots()) {
            c.cancelPull();
            if (!c.running()) {
                continue;
            }
            event(c, EventRecorder.NORMAL, KubeletEvents.KILLING_CONTAINER, "Stopping container " + c.name());
            if (c.behaviour.ignoresSigterm() && grace > 0) {
                c.killTimer = env.loop().schedule(Duration.between(now, deadline),
                        () -> exited(c, 137, KubeletEvents.ERROR, deadline));
            } else {
                int code = c.behaviour.script() instanceof Script.Serve ? 0 : 143;
                exited(c, code, reason(code), now);
            }
        }
        finishTermination();
    }

    private void finishTermination() {
        if (deleteRequested || slots().stream().anyMatch(ContainerSlot::running)) {
            return;
        }
        if (!terminal && rejection == null) {
            unaccountedContainers();
            phase = phase(true);
            if (phase.equals("Pending") || phase.equals("Running")) {
                phase = "Failed";
            }
            terminal = true;
        }
        teardownSandbox();
        report();
        deleteRequested = true;
        writer.whenIdle(this::deletePod);
    }

    /**
     * status_manager.go TerminatePod: containers that never ran (or wait for a restart) when their pod is
     * terminated are reported terminated with ContainerStatusUnknown, exit code 137; init containers only once the
     * pod had started its app containers.
     */
    private void unaccountedContainers() {
        boolean started = anyRegularStarted();
        for (ContainerSlot c : slots()) {
            if ((c.init && !started && !c.sidecar())
                    || c.apiState(KubeletEvents.CONTAINER_CREATING) instanceof ContainerState.Terminated) {
                continue;
            }
            if (c.state instanceof ContainerState.Terminated t) {
                c.lastTermination = t;
            }
            c.overlay = null;
            c.state = new ContainerState.Terminated(137, "ContainerStatusUnknown",
                    "The container could not be located when the pod was terminated", null, null, null);
        }
    }

    private void deletePod() {
        if (finished) {
            return;
        }
        if (!env.node().isConnected()) {
            deletePending = true;
            return;
        }
        deletePending = false;
        env.bus().submit(actor, DeleteObject.now(ref, uid)).whenComplete((reply, error) -> env.loop().execute(() -> {
            if (error != null) {
                log.warn("final delete of {} not answered: {}; retrying", ref, error.toString());
                env.loop().schedule(SYNC_DELAY, this::deletePod);
            } else if (!reply.succeeded() && reply.code() != 404) {
                log.warn("final delete of {} refused ({}): {}", ref, reply.code(), reply.status());
            }
        }));
    }

    // ------------------------------------------------------------------ status

    private void report() {
        if (finished || rejection != null) {
            return;
        }
        if (!terminal && !terminating) {
            String p = phase(false);
            phase = p;
            if (p.equals("Succeeded") || p.equals("Failed")) {
                terminal = true;
                cancelSync();
                teardownSandbox();
            }
        }
        writer.write(status());
    }

    /** The status the kubelet reports (generateAPIPodStatus). */
    ObjectNode status() {
        ObjectNode s = KubeJson.json().createObjectNode();
        s.put("phase", phase);
        ArrayNode conditions = s.putArray("conditions");
        conditions.add(condition("PodReadyToStartContainers", sandbox ? TRUE : FALSE, null, null));
        conditions.add(initializedCondition());
        ObjectNode containersReady = containersReadyCondition();
        conditions.add(readyCondition(containersReady));
        conditions.add(containersReady);
        s.put("hostIP", env.node().internalIp());
        s.putArray("hostIPs").addObject().put("ip", env.node().internalIp());
        if (podIp != null) {
            s.put("podIP", podIp);
            s.putArray("podIPs").addObject().put("ip", podIp);
        }
        if (startTime != null) {
            s.put("startTime", KubeTime.time(startTime));
        }
        if (!inits.isEmpty()) {
            ArrayNode is = s.putArray("initContainerStatuses");
            for (ContainerSlot c : inits) {
                is.add(c.toStatus(KubeletEvents.POD_INITIALIZING));
            }
        }
        ArrayNode cs = s.putArray("containerStatuses");
        String defaultReason = inits.isEmpty() ? KubeletEvents.CONTAINER_CREATING : KubeletEvents.POD_INITIALIZING;
        for (ContainerSlot c : apps) {
            cs.add(c.toStatus(defaultReason));
        }
        s.put("qosClass", qosClass());
        return s;
    }

    private String qosClass() {
        String kept = pod.getStatus() == null ? null : pod.getStatus().getQosClass();
        return kept != null && !kept.isEmpty() ? kept : PodResources.qosClass(pod);
    }

    /** kubelet_pods.go getPhase. */
    private String phase(boolean podIsTerminal) {
        int pendingInitialization = 0;
        int failedInitialization = 0;
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (ContainerSlot c : inits) {
            ContainerState st = c.apiState(KubeletEvents.POD_INITIALIZING);
            ContainerState.Terminated last = c.apiLastState();
            if (c.sidecar()) {
                if (st instanceof ContainerState.Running) {
                    running++;
                } else if (st instanceof ContainerState.Waiting && last == null) {
                    pendingInitialization++;
                    waiting++;
                }
                continue;
            }
            switch (st) {
                case ContainerState.Running r -> pendingInitialization++;
                case ContainerState.Terminated t -> {
                    if (t.exitCode() != 0) {
                        failedInitialization++;
                    }
                }
                case ContainerState.Waiting w -> {
                    if (last != null) {
                        if (last.exitCode() != 0) {
                            failedInitialization++;
                        }
                    } else {
                        pendingInitialization++;
                    }
                }
            }
        }
        for (ContainerSlot c : apps) {
            switch (c.apiState(KubeletEvents.CONTAINER_CREATING)) {
                case ContainerState.Running r -> running++;
                case ContainerState.Terminated t -> {
                    stopped++;
                    if (t.exitCode() == 0) {
                        succeeded++;
                    }
                }
                case ContainerState.Waiting w -> {
                    if (c.apiLastState() != null) {
                        stopped++;
                    } else {
                        waiting++;
                    }
                }
            }
        }
        String policy = restartPolicy();
        if (failedInitialization > 0 && "Never".equals(policy)) {
            return "Failed";
        }
        if ((pendingInitialization > 0 && !anyRegularStarted()) || waiting > 0) {
            return "Pending";
        }
        if (running > 0) {
            return "Running";
        }
        if (stopped > 0) {
            if (podIsTerminal) {
                return stopped == succeeded ? "Succeeded" : "Failed";
            }
            if ("Always".equals(policy)) {
                return "Running";
            }
            if (stopped == succeeded) {
                return "Succeeded";
            }
            if ("Never".equals(policy)) {
                return "Failed";
            }
            return "Running";
        }
        return podIsTerminal && failedInitialization > 0 ? "Failed" : "Pending";
    }

    private boolean anyRegularStarted() {
        for (ContainerSlot c : apps) {
            ContainerState st = c.apiState(KubeletEvents.CONTAINER_CREATING);
            if (st instanceof ContainerState.Running || st instanceof ContainerState.Terminated) {
                return true;
            }
        }
        return false;
    }

    /** status/generate.go GeneratePodInitializedCondition. */
    private ObjectNode initializedCondition() {
        if (inits.isEmpty() || anyRegularStarted()) {
            return condition("Initialized", TRUE, null, null);
        }
        List<String> incomplete = new ArrayList<>();
        for (ContainerSlot c : inits) {
            ContainerState st = c.apiState(KubeletEvents.POD_INITIALIZING);
            boolean done = c.sidecar() ? c.started()
                    : st instanceof ContainerState.Terminated t && t.exitCode() == 0;
            if (!done) {
                incomplete.add(c.name());
            }
        }
        if ("Succeeded".equals(phase)) {
            return condition("Initialized", TRUE, "PodCompleted", null);
        }
        if (!incomplete.isEmpty()) {
            return condition("Initialized", FALSE, "ContainersNotInitialized",
                    "containers with incomplete status: [" + String.join(" ", incomplete) + "]");
        }
        return condition("Initialized", TRUE, null, null);
    }

    /** status/generate.go GenerateContainersReadyCondition. */
    private ObjectNode containersReadyCondition() {
        List<String> unready = new ArrayList<>();
        for (ContainerSlot c : inits) {
            if (c.sidecar() && !c.apiReady()) {
                unready.add(c.name());
            }
        }
        for (ContainerSlot c : apps) {
            if (!c.apiReady()) {
                unready.add(c.name());
            }
        }
        if ("Succeeded".equals(phase)) {
            return condition("ContainersReady", FALSE, "PodCompleted", null);
        }
        if (!unready.isEmpty()) {
            return condition("ContainersReady", FALSE, "ContainersNotReady",
                    "containers with unready status: [" + String.join(" ", unready) + "]");
        }
        return condition("ContainersReady", TRUE, null, null);
    }

    /** status/generate.go GeneratePodReadyCondition (readiness gates included). */
    private ObjectNode readyCondition(ObjectNode containersReady) {
        if (!TRUE.equals(containersReady.path("status").asString())) {
            return condition("Ready", containersReady.path("status").asString(),
                    containersReady.path("reason").asString(null), containersReady.path("message").asString(null));
        }
        List<String> unready = new ArrayList<>();
        for (PodReadinessGate gate : list(pod.getSpec().getReadinessGates())) {
            String type = gate.getConditionType();
            JsonNode found = null;
            for (JsonNode c : writer.stored().path("status").path("conditions")) {
                if (type.equals(c.path("type").asString(""))) {
                    found = c;
                }
            }
            if (found == null) {
                unready.add("corresponding condition of pod readiness gate \"" + type + "\" does not exist.");
            } else if (!TRUE.equals(found.path("status").asString(""))) {
                unready.add("the status of pod readiness gate \"" + type + "\" is not \"True\", but "
                        + found.path("status").asString(""));
            }
        }
        if (!unready.isEmpty()) {
            return condition("Ready", FALSE, "ReadinessGatesNotReady", String.join(", ", unready));
        }
        return condition("Ready", TRUE, null, null);
    }

    /** A condition whose transition time moves only when its status does (status manager). */
    private ObjectNode condition(String type, String status, String reason, String message) {
        Mark m = marks.get(type);
        if (m == null || !m.status().equals(status)) {
            m = new Mark(status, KubeTime.time(now()));
            marks.put(type, m);
        }
        ObjectNode c = KubeJson.json().createObjectNode();
        c.put("type", type);
        c.put("status", status);
        c.putNull("lastProbeTime");
        c.put("lastTransitionTime", m.since());
        if (reason != null) {
            c.put("reason", reason);
        }
        if (message != null) {
            c.put("message", message);
        }
        return c;
    }

    // ------------------------------------------------------------------ helpers

    private void scheduleSync(Instant at) {
        if (finished) {
            return;
        }
        if (syncTimer != null && !syncAt.isAfter(at)) {
            return;
        }
        cancelSync();
        syncAt = at;
        Duration delay = Duration.between(now(), at);
        syncTimer = env.loop().schedule(delay.isNegative() ? Duration.ZERO : delay, () -> {
            syncTimer = null;
            syncAt = null;
            sync();
        });
    }

    private void cancelSync() {
        if (syncTimer != null) {
            syncTimer.cancel();
            syncTimer = null;
            syncAt = null;
        }
    }

    private void event(ContainerSlot c, String type, String reason, String message) {
        if (env.node().isConnected()) {
            env.events().record(pod, type, reason, message, env.node().name(), c.fieldPath(), actor);
        }
    }

    private void recordPodEvent(String type, String reason, String message) {
        if (env.node().isConnected()) {
            env.events().record(pod, type, reason, message, env.node().name(), null, actor);
        }
    }

    private String restartPolicy() {
        String p = pod.getSpec().getRestartPolicy();
        return p == null || p.isEmpty() ? "Always" : p;
    }

    /** {@code name_namespace(uid)}, the kubelet's format.Pod. */
    private String fullName() {
        return name + "_" + namespace + "(" + uid + ")";
    }

    private List<ContainerSlot> slots() {
        List<ContainerSlot> all = new ArrayList<>(inits);
        all.addAll(apps);
        return all;
    }

    private Instant now() {
        return env.loop().now();
    }

    private static Duration truncate(Duration d) {
        return Duration.ofMillis(d.toMillis());
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    String name() {
        return name;
    }
}
