package io.kubesim.scheduler.framework;

import java.util.List;

/**
 * The cluster events after which a pod this plugin rejected may become schedulable (upstream
 * {@code EnqueueExtensions.EventsToRegister}), each with an optional queueing hint.
 */
public interface EnqueueExtensions extends Plugin {

    List<ClusterEventWithHint> eventsToRegister();
}
