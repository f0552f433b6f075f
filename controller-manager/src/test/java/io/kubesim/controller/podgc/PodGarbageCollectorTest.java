package io.kubesim.controller.podgc;

import static io.kubesim.controller.testing.TestPods.at;
import static io.kubesim.controller.testing.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.Writer;
import io.kubesim.controller.testing.FakeCluster;
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.UpdateStatus;
import io.kubesim.model.json.KubeJson;

class PodGarbageCollectorTest {

    @Test
    void podsOfANodeGoneForFortySecondsAreFailedAndForceDeleted() throws Exception {
        FakeCluster cluster = new FakeCluster(new VirtualClock(System.currentTimeMillis(), 1000));
        PodGarbageCollector gc = new PodGarbageCollector(cluster.index, new Writer(cluster, Duration.ofSeconds(5)),
                cluster.clock, ControllerProperties.defaults());
        cluster.put(pod("stranded").on("ghost").running().json());

        gc.gc();
        assertThat(cluster.writes()).isEmpty();
        Thread.sleep(60);
        gc.gc();

        assertThat(cluster.get("/pods/default/stranded")).isNull();
        UpdateStatus failed = (UpdateStatus) cluster.writes().get(0);
        assertThat(failed.object().path("status").path("phase").asString()).isEqualTo("Failed");
        assertThat(failed.object().path("status").path("conditions").get(0).path("reason").asString())
                .isEqualTo("DeletionByPodGC");
        assertThat(((DeleteObject) cluster.writes().get(1)).gracePeriodSeconds()).isZero();
    }

    @Test
    void terminatedPodsBeyondTheThresholdAreDeletedOldestFirstAndEvictedBeforeThat() {
        FakeCluster cluster = new FakeCluster();
        ControllerProperties d = ControllerProperties.defaults();
        ControllerProperties two = new ControllerProperties(d.nodeMonitorPeriod(), d.nodeMonitorGracePeriod(),
                d.nodeStartupGracePeriod(), d.nodeEvictionRate(), d.secondaryNodeEvictionRate(),
                d.largeClusterSizeThreshold(), d.unhealthyZoneThreshold(), 2, d.concurrency());
        PodGarbageCollector gc = new PodGarbageCollector(cluster.index, new Writer(cluster, Duration.ofSeconds(5)),
                cluster.clock, two);
        cluster.put((tools.jackson.databind.node.ObjectNode) KubeJson.parse(
                "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"}}"));
        cluster.put(pod("old").on("n1").phase("Succeeded").created(at(0)).json());
        cluster.put(pod("older").on("n1").phase("Failed").created(at(-10)).json());
        cluster.put(pod("evicted").on("n1").phase("Failed").created(at(20)).json());
        cluster.put(pod("new").on("n1").phase("Succeeded").created(at(30)).json());
        cluster.put(pod("running").on("n1").running().created(at(-50)).json());
        var evicted = cluster.get("/pods/default/evicted").deepCopy();
        evicted.withObjectProperty("status").put("reason", "Evicted");
        cluster.put(evicted);

        gc.gc();

        assertThat(cluster.writes().stream().filter(c -> c instanceof DeleteObject).map(c -> c.target().name())
                .toList()).isEqualTo(List.of("evicted", "older"));
    }
}
