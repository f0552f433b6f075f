package io.kubesim.gateway.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.event.ChangeType;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.status.ApiException;
import io.kubesim.runtime.ClusterCache;

/** The watch cache alone: what a watch from a resourceVersion gets, and when that version is too old. */
class WatchCacheTest {

    private final WatchCache cache = new WatchCache(100);
    private final List<ClusterCache.Entry> current = new ArrayList<>();

    private static ObjectNode pod(String name, String tier, long rv) {
        return (ObjectNode) KubeJson.parse("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"default",
                 "resourceVersion":"%d","labels":{"tier":"%s"}}}""".formatted(name, rv, tier));
    }

    private ClusterCache.Entry change(long rv, ChangeType type, String name, String tier, ClusterCache.Entry before) {
        String key = "/pods/default/" + name;
        ObjectNode obj = pod(name, tier, rv);
        ClusterCache.Entry after = type == ChangeType.DELETED ? null : new ClusterCache.Entry(key, rv, obj, null);
        cache.onChange(new ChangeEvent(rv, type, key, obj, before == null ? 0 : before.revision(), "test", "c" + rv,
                Instant.EPOCH), before, after);
        return after;
    }

    private static List<String> drain(WatchCache.Watcher w) {
        return w.drain().stream().map(e -> e.type() + " " + e.object().path("metadata").path("name").asString()
                + "@" + e.revision()).toList();
    }

    @Test
    void aWatchFromARecentRevisionGetsEveryLaterChangeOfItsPrefix() {
        ClusterCache.Entry a = change(1, ChangeType.ADDED, "a", "fe", null);
        ClusterCache.Entry b = change(2, ChangeType.ADDED, "b", "fe", null);
        change(3, ChangeType.MODIFIED, "a", "fe", a);
        change(4, ChangeType.DELETED, "b", "fe", b);

        WatchCache.Watcher w = cache.watch("/pods/default/", o -> true, 1, 100);

        assertThat(drain(w)).containsExactly("ADDED b@2", "MODIFIED a@3", "DELETED b@4");
        assertThat(w.seen()).isEqualTo(4);
    }

    @Test
    void aSelectorSeesObjectsEnterAsAddedAndLeaveAsDeleted() {
        WatchCache.Watcher w = cache.watch("/pods/", o -> o.path("metadata").path("labels").path("tier")
                .asString().equals("fe"), 0, 100);
        ClusterCache.Entry a = change(1, ChangeType.ADDED, "a", "be", null);
        ClusterCache.Entry a2 = change(2, ChangeType.MODIFIED, "a", "fe", a);
        ClusterCache.Entry a3 = change(3, ChangeType.MODIFIED, "a", "fe", a2);
        ClusterCache.Entry a4 = change(4, ChangeType.MODIFIED, "a", "be", a3);
        change(5, ChangeType.DELETED, "a", "be", a4);

        assertThat(drain(w)).containsExactly("ADDED a@2", "MODIFIED a@3", "DELETED a@4");
        assertThat(w.seen()).isEqualTo(5);
    }

    @Test
    void aRevisionOlderThanTheHistoryIsExpired() {
        ClusterCache.Entry a = change(1, ChangeType.ADDED, "a", "fe", null);
        for (long rv = 2; rv <= 150; rv++) {
            a = change(rv, ChangeType.MODIFIED, "a", "fe", a);
        }

        assertThatThrownBy(() -> cache.watch("/pods/", o -> true, 10, 100))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().getCode()).isEqualTo(410);
                    assertThat(e.status().getReason()).isEqualTo("Expired");
                    assertThat(e.status().getMessage()).isEqualTo("too old resource version: 10 (50)");
                });
        assertThat(drain(cache.watch("/pods/", o -> true, 149, 100))).containsExactly("MODIFIED a@150");
        assertThat(cache.keptRevisions()).hasSize(100).startsWith(51L).endsWith(150L);
    }

    @Test
    void aWatcherThatFallsBehindOverflowsAndEndAllEndsTheRest() {
        WatchCache.Watcher slow = cache.watch("/pods/", o -> true, 0, 2);
        WatchCache.Watcher fine = cache.watch("/pods/", o -> true, 0, 100);
        ClusterCache.Entry a = change(1, ChangeType.ADDED, "a", "fe", null);
        a = change(2, ChangeType.MODIFIED, "a", "fe", a);
        change(3, ChangeType.MODIFIED, "a", "fe", a);

        assertThat(drain(slow)).containsExactly("ADDED a@1", "MODIFIED a@2");
        assertThat(slow.overflowed()).isTrue();
        assertThat(fine.overflowed()).isFalse();
        assertThat(fine.ended()).isFalse();
        cache.endAll();
        assertThat(fine.ended()).isTrue();
    }
}
