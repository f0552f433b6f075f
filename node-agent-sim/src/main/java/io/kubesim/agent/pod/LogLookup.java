package io.kubesim.agent.pod;

import io.kubesim.agent.container.ContainerLog;

/**
 * Which container's log a log request gets, decided as the kubelet's validateContainerLogStatus
 * (pkg/kubelet/kubelet_pods.go) does: the running container, else the last terminated one; with {@code previous}
 * the one before; with the kubelet's error texts when there is none.
 */
public sealed interface LogLookup {

    /** The log to serve. */
    record Found(ContainerLog log) implements LogLookup {
    }

    /** No log: answer {@code code} with {@code message}. */
    record Missing(int code, String message) implements LogLookup {
    }
}
