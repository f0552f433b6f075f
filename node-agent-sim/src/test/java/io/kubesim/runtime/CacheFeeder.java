package io.kubesim.runtime;

import io.kubesim.model.event.ChangeEvent;

/** Feeds a {@link ClusterCache} directly, as its event stream would, for tests without Kafka. */
public final class CacheFeeder {

    private CacheFeeder() {
    }

    public static void apply(ClusterCache cache, ChangeEvent event) {
        cache.apply(event);
    }

    public static void synced(ClusterCache cache) {
        cache.markSynced();
    }
}
