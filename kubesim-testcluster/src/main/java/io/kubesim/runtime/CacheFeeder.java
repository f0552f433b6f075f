package io.kubesim.runtime;

import io.kubesim.model.event.ChangeEvent;

/** Test access to {@link ClusterCache}'s package-private feed, for unit tests without Kafka. */
public final class CacheFeeder {

    private CacheFeeder() {
    }

    public static void apply(ClusterCache cache, ChangeEvent event) {
        cache.apply(event);
    }

    public static void markSynced(ClusterCache cache) {
        cache.markSynced();
    }
}
