package io.kubesim.scheduler.framework;

/**
 * An event a plugin registers, with the function that decides whether it helps a pod the plugin rejected;
 * {@code hint == null} means "always queue".
 */
public record ClusterEventWithHint(ClusterEvent event, QueueingHint.Fn hint) {

    public static ClusterEventWithHint of(ClusterEvent.Kind kind, int actionType, QueueingHint.Fn hint) {
        return new ClusterEventWithHint(ClusterEvent.of(kind, actionType), hint);
    }
}
