package io.kubesim.agent.pod;

import java.util.ArrayDeque;
import java.util.Deque;

import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Container;

import io.kubesim.agent.container.Behaviour;
import io.kubesim.agent.container.ContainerLog;
import io.kubesim.agent.container.ScriptRun;
import io.kubesim.agent.loop.AgentLoop;
import io.kubesim.agent.registry.ImageName;
import io.kubesim.model.json.KubeJson;

/**
 * One container of a pod on the simulated runtime: the container currently created for it (its state, id, image,
 * readiness, process), the previous one's termination, the error the last sync left for it (the kubelet's
 * {@code reasonCache}: ErrImagePull, ImagePullBackOff, CrashLoopBackOff ...), and the logs of its last two runs.
 */
final class ContainerSlot {

    final Container spec;
    final boolean init;
    final ImageName image;
    final String imageError;

    /** The latest container's state; null while none has been created. */
    ContainerState state;
    ContainerState.Terminated lastTermination;
    /** The waiting reason the last sync left (reasonCache), shown instead of the state while set. */
    ContainerState.Waiting overlay;
    int runs;
    String containerId;
    String imageId;
    String runtimeImage;
    boolean ready;
    boolean pulling;
    Behaviour behaviour;
    ScriptRun process;
    AgentLoop.Timer pullTimer;
    AgentLoop.Timer processTimer;
    AgentLoop.Timer readyTimer;
    AgentLoop.Timer oomTimer;
    AgentLoop.Timer deadlineTimer;
    AgentLoop.Timer killTimer;
    final Deque<ContainerLog> logs = new ArrayDeque<>(2);

    ContainerSlot(Container spec, boolean init) {
        this.spec = spec;
        this.init = init;
        ImageName parsed = null;
        String error = null;
        try {
            parsed = ImageName.parse(spec.getImage());
        } catch (ImageName.InvalidImageName e) {
            error = "Failed to apply default image tag \"" + spec.getImage() + "\": couldn't parse image name \""
                    + spec.getImage() + "\": " + e.getMessage();
        }
        this.image = parsed;
        this.imageError = error;
    }

    String name() {
        return spec.getName();
    }

    /** A restartable init container (a sidecar: {@code restartPolicy: Always}), which keeps running. */
    boolean sidecar() {
        return init && "Always".equals(spec.getRestartPolicy());
    }

    String fieldPath() {
        return (init ? "spec.initContainers{" : "spec.containers{") + name() + "}";
    }

    boolean running() {
        return state instanceof ContainerState.Running;
    }

    boolean neverCreated() {
        return state == null;
    }

    ContainerState.Terminated exited() {
        return state instanceof ContainerState.Terminated t ? t : null;
    }

    boolean succeeded() {
        ContainerState.Terminated t = exited();
        return t != null && t.exitCode() == 0;
    }

    int restartCount() {
        return Math.max(0, runs - 1);
    }

    /** A new log for a new container; the one before it stays for {@code --previous}. */
    ContainerLog newLog(String id) {
        ContainerLog log = new ContainerLog(id);
        if (logs.size() == 2) {
            logs.removeFirst();
        }
        logs.addLast(log);
        return log;
    }

    void cancelProcessTimers() {
        for (AgentLoop.Timer t : new AgentLoop.Timer[] {processTimer, readyTimer, oomTimer, deadlineTimer,
            killTimer}) {
            if (t != null) {
                t.cancel();
            }
        }
        processTimer = null;
        readyTimer = null;
        oomTimer = null;
        deadlineTimer = null;
        killTimer = null;
    }

    void cancelPull() {
        if (pullTimer != null) {
            pullTimer.cancel();
            pullTimer = null;
        }
        pulling = false;
    }

    /** The state the API shows: the sync error while there is one, else the container's, else the default. */
    ContainerState apiState(String defaultReason) {
        if (overlay != null) {
            return overlay;
        }
        return state != null ? state : new ContainerState.Waiting(defaultReason, null);
    }

    /** {@code lastState}: the container before the current one, or the current one while a restart is pending. */
    ContainerState.Terminated apiLastState() {
        if (overlay != null && state instanceof ContainerState.Terminated t) {
            return t;
        }
        return lastTermination;
    }

    /** {@code started}: a running container (no startup probes are simulated). */
    boolean started() {
        return running();
    }

    /** {@code ready}: running and past its readiness delay; a regular init container once it succeeded. */
    boolean apiReady() {
        return init && !sidecar() ? succeeded() && overlay == null : running() && ready;
    }

    /** The container status (pkg/kubelet/kubelet_pods.go convertToAPIContainerStatuses). */
    ObjectNode toStatus(String defaultReason) {
        ObjectNode s = KubeJson.json().createObjectNode();
        s.put("name", name());
        s.set("state", apiState(defaultReason).toJson());
        ContainerState.Terminated last = apiLastState();
        s.set("lastState", last == null ? KubeJson.json().createObjectNode() : last.toJson());
        s.put("ready", apiReady());
        s.put("restartCount", restartCount());
        s.put("image", runtimeImage != null ? runtimeImage : spec.getImage());
        s.put("imageID", imageId != null ? imageId : "");
        if (containerId != null) {
            s.put("containerID", containerId);
        }
        s.put("started", started());
        return s;
    }
}
