package io.kubesim.scheduler.plugins.defaultbinder;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import io.kubesim.model.command.CommandReply;
import io.kubesim.scheduler.framework.BindPlugin;
import io.kubesim.scheduler.framework.PluginNames;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.Status;

/**
 * Upstream's DefaultBinder (pkg/scheduler/framework/plugins/defaultbinder/default_binder.go): binds through the API —
 * here the {@code BindPod} command to state-service, which checks the pod's uid and that it is still unbound.
 */
public final class DefaultBinder implements BindPlugin {

    /** Sends {@code BindPod} (with the attempt's decision record id) and completes with state-service's reply. */
    @FunctionalInterface
    public interface BindingClient {
        CompletableFuture<CommandReply> bind(PodInfo pod, String nodeName, String decisionId);
    }

    private final BindingClient client;

    public DefaultBinder(BindingClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return PluginNames.DEFAULT_BINDER;
    }

    @Override
    public CompletableFuture<Status> bind(PodInfo pod, String nodeName, String decisionId) {
        CompletableFuture<CommandReply> reply;
        try {
            reply = client.bind(pod, nodeName, decisionId);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle(DefaultBinder::status);
    }

    static Status status(CommandReply reply, Throwable error) {
        if (error == null && reply.succeeded()) {
            return Status.SUCCESS;
        }
        if (error != null) {
            Throwable cause = error;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return Status.error(cause instanceof TimeoutException ? "timed out waiting for the binding reply"
                    : String.valueOf(cause.getMessage()));
        }
        return Status.error(reply.status() == null ? "binding answered " + reply.code()
                : reply.status().path("message").asString("binding answered " + reply.code()));
    }
}
