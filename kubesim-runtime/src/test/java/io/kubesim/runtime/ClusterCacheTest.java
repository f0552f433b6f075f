package io.kubesim.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;

import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.event.ChangeType;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;

class ClusterCacheTest {

    private static ChangeEvent pod(long revision, ChangeType type, String ns, String name, String image) {
        return new ChangeEvent(revision, type, "/pods/" + ns + "/" + name, KubeJson.parse("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"%s","resourceVersion":"%d"},
                 "spec":{"containers":[{"name":"c","image":"%s"}]}}""".formatted(name, ns, revision, image)),
                0, "test", "cmd-" + revision, Instant.EPOCH);
    }

    @Test
    void duplicatesAndOlderRevisionsAreIgnored() {
        ClusterCache cache = new ClusterCache();
        List<Long> seen = new ArrayList<>();
        cache.addListener((e, before, after) -> seen.add(e.revision()));

        cache.apply(pod(1, ChangeType.ADDED, "default", "a", "nginx"));
        cache.apply(pod(2, ChangeType.MODIFIED, "default", "a", "nginx:1.27"));
        cache.apply(pod(2, ChangeType.MODIFIED, "default", "a", "nginx:1.27"));
        cache.apply(pod(1, ChangeType.ADDED, "default", "a", "nginx"));

        assertThat(seen).isEqualTo(List.of(1L, 2L));
        assertThat(cache.get(Resources.PODS, "default", "a", Pod.class).orElseThrow().getSpec().getContainers()
                .getFirst().getImage()).isEqualTo("nginx:1.27");
    }

    @Test
    void listenersSeeThePreviousAndCurrentEntry() {
        ClusterCache cache = new ClusterCache();
        List<String> transitions = new ArrayList<>();
        cache.addListener((e, before, after) -> transitions.add(e.type() + " "
                + (before == null ? "-" : before.revision()) + "->" + (after == null ? "-" : after.revision())));

        cache.apply(pod(1, ChangeType.ADDED, "default", "a", "nginx"));
        cache.apply(pod(2, ChangeType.MODIFIED, "default", "a", "nginx:2"));
        cache.apply(pod(3, ChangeType.DELETED, "default", "a", "nginx:2"));

        assertThat(transitions).isEqualTo(List.of("ADDED -->1", "MODIFIED 1->2", "DELETED 2->-"));
        assertThat(cache.size()).isZero();
    }

    @Test
    void listingByNamespaceDoesNotLeakIntoNamespacesWithTheSamePrefix() {
        ClusterCache cache = new ClusterCache();
        cache.apply(pod(1, ChangeType.ADDED, "team", "a", "nginx"));
        cache.apply(pod(2, ChangeType.ADDED, "team-b", "b", "nginx"));
        cache.apply(pod(3, ChangeType.ADDED, "team", "c", "nginx"));

        assertThat(cache.list(Resources.PODS, "team").stream().map(ClusterCache.Entry::key).toList())
                .isEqualTo(List.of("/pods/team/a", "/pods/team/c"));
        assertThat(cache.list(Resources.PODS, null)).hasSize(3);
    }

    @Test
    void awaitingARevisionCompletesWhenItIsApplied() {
        ClusterCache cache = new ClusterCache();
        CompletableFuture<Long> waiting = cache.awaitRevision(2);
        cache.apply(pod(1, ChangeType.ADDED, "default", "a", "nginx"));
        assertThat(waiting).isNotDone();
        cache.apply(pod(2, ChangeType.ADDED, "default", "b", "nginx"));
        assertThat(waiting).isCompletedWithValue(2L);
        assertThat(cache.awaitRevision(1)).isCompletedWithValue(2L);
    }
}
