package io.kubesim.agent.pod;

import java.time.Instant;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.json.KubeJson;

/** The state of one container as the API shows it ({@code core/v1 ContainerState}). */
sealed interface ContainerState {

    /** Not running yet or waiting to be restarted; {@code message} may be null. */
    record Waiting(String reason, String message) implements ContainerState {
        @Override
        public ObjectNode toJson() {
            ObjectNode w = KubeJson.json().createObjectNode();
            ObjectNode inner = w.putObject("waiting");
            inner.put("reason", reason);
            if (message != null) {
                inner.put("message", message);
            }
            return w;
        }
    }

    /** Running since {@code startedAt}. */
    record Running(Instant startedAt) implements ContainerState {
        @Override
        public ObjectNode toJson() {
            ObjectNode r = KubeJson.json().createObjectNode();
            r.putObject("running").put("startedAt", KubeTime.time(startedAt));
            return r;
        }
    }

    /**
     * Ended. {@code message}, the times and the id are null for a container the runtime could not account for when
     * its pod was terminated (reason ContainerStatusUnknown).
     */
    record Terminated(int exitCode, String reason, String message, Instant startedAt, Instant finishedAt,
            String containerId) implements ContainerState {

        Terminated(int exitCode, String reason, Instant startedAt, Instant finishedAt, String containerId) {
            this(exitCode, reason, null, startedAt, finishedAt, containerId);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode t = KubeJson.json().createObjectNode();
            ObjectNode inner = t.putObject("terminated");
            inner.put("exitCode", exitCode);
            inner.put("reason", reason);
            if (message != null) {
                inner.put("message", message);
            }
            if (startedAt == null) {
                inner.putNull("startedAt");
            } else {
                inner.put("startedAt", KubeTime.time(startedAt));
            }
            if (finishedAt == null) {
                inner.putNull("finishedAt");
            } else {
                inner.put("finishedAt", KubeTime.time(finishedAt));
            }
            if (containerId != null) {
                inner.put("containerID", containerId);
            }
            return t;
        }
    }

    /** The state as it appears in a container status: {@code {"running": {...}}}. */
    ObjectNode toJson();
}
