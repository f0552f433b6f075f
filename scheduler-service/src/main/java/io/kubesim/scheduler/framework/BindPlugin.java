package io.kubesim.scheduler.framework;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Bind extension point (pkg/scheduler/framework/interface.go {@code BindPlugin}, Kubernetes 1.32): binds a pod to
 * the node the scheduling cycle chose. Bind plugins run in order until one does not {@link Status#SKIP skip}.
 * kubesim's binding is a command answered later, so a plugin answers with a future status.
 */
public interface BindPlugin extends Plugin {

    /** Skip to leave the pod to the next Bind plugin; Success once bound; an error otherwise. Never throws. */
    CompletableFuture<Status> bind(PodInfo pod, String nodeName, String decisionId);

    /**
     * Upstream's {@code RunBindPlugins} (framework/runtime/framework.go): the first status that is not Skip, an error
     * wrapped as {@code running Bind plugin "<name>": <message>}; Skip when every plugin skipped (or there are none).
     */
    static CompletableFuture<Status> runAll(List<? extends BindPlugin> plugins, PodInfo pod, String nodeName,
            String decisionId) {
        return runFrom(plugins, 0, pod, nodeName, decisionId);
    }

    private static CompletableFuture<Status> runFrom(List<? extends BindPlugin> plugins, int i, PodInfo pod,
            String nodeName, String decisionId) {
        if (i >= plugins.size()) {
            return CompletableFuture.completedFuture(Status.SKIP);
        }
        BindPlugin plugin = plugins.get(i);
        CompletableFuture<Status> started;
        try {
            started = plugin.bind(pod, nodeName, decisionId);
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        return started.exceptionally(e -> Status.error(String.valueOf(e.getMessage()))).thenCompose(status -> {
            if (status.isSkip()) {
                return runFrom(plugins, i + 1, pod, nodeName, decisionId);
            }
            if (status.isSuccess() || status.isRejected()) {
                return CompletableFuture.completedFuture(status.withPlugin(plugin.name()));
            }
            return CompletableFuture.completedFuture(Status.error("running Bind plugin \"" + plugin.name() + "\": "
                    + status.message()).withPlugin(plugin.name()));
        });
    }
}
