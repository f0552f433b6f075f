package io.kubesim.scheduler.framework;

import static io.kubesim.scheduler.framework.TestObjects.node;
import static io.kubesim.scheduler.framework.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;

/** {@link Snapshot#havePodsWithLabel}: kept up to date as pods come, go and move, and as nodes come and go. */
class SnapshotLabelIndexTest {

    private final SchedulerCache cache = new SchedulerCache(Clock.systemUTC(), Duration.ZERO);
    private final Snapshot snapshot = new Snapshot();

    private List<String> nodesWith(String key, String value) {
        cache.updateSnapshot(snapshot);
        return snapshot.havePodsWithLabel(key, value).stream().map(NodeInfo::name).sorted().toList();
    }

    @Test
    void followsPodsAndNodes() {
        cache.addNode(node("a").build());
        cache.addNode(node("b").build());
        assertThat(nodesWith("app", "web")).isEmpty();

        Pod p1 = pod("p1").uid("p1").label("app", "web").label("tier", "front").node("a").build();
        Pod p2 = pod("p2").uid("p2").label("app", "web").node("a").build();
        cache.addPod(p1);
        cache.addPod(p2);
        assertThat(nodesWith("app", "web")).containsExactly("a");
        assertThat(nodesWith("tier", "front")).containsExactly("a");

        // one of two pods with the label leaves: the node stays listed; the other label goes
        cache.removePod(p1);
        assertThat(nodesWith("app", "web")).containsExactly("a");
        assertThat(nodesWith("tier", "front")).isEmpty();

        // a label change moves the node between lists
        Pod p2db = pod("p2").uid("p2").label("app", "db").node("a").build();
        cache.updatePod(p2, p2db);
        assertThat(nodesWith("app", "web")).isEmpty();
        assertThat(nodesWith("app", "db")).containsExactly("a");

        // an assumed pod counts like a bound one, and leaves when forgotten
        PodInfo assumed = PodInfo.of(pod("p3").uid("p3").label("app", "db").build());
        assertThat(cache.assume(assumed, "b")).isTrue();
        assertThat(nodesWith("app", "db")).containsExactly("a", "b");
        cache.forget("p3");
        assertThat(nodesWith("app", "db")).containsExactly("a");

        // the last pod leaves the node
        cache.removePod(p2db);
        assertThat(nodesWith("app", "db")).isEmpty();

        // a removed node leaves every list, a new node is indexed with the pods it gets
        cache.addPod(pod("p4").uid("p4").label("app", "web").node("b").build());
        cache.addNode(node("c").build());
        cache.addPod(pod("p5").uid("p5").label("app", "web").node("c").build());
        assertThat(nodesWith("app", "web")).containsExactly("b", "c");
        cache.removeNode(node("b").build());
        assertThat(nodesWith("app", "web")).containsExactly("c");
    }
}
