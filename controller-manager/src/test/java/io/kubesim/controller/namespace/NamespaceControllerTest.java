package io.kubesim.controller.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.controller.ControllerProperties;
import io.kubesim.controller.framework.Writer;
import io.kubesim.controller.testing.FakeCluster;
import io.kubesim.controller.testing.TestPods;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.json.KubeJson;

class NamespaceControllerTest {

    @Test
    void deletesTheContentThenTheNamespace() {
        FakeCluster cluster = new FakeCluster();
        NamespaceController controller = new NamespaceController(cluster.index,
                new Writer(cluster, Duration.ofSeconds(5)), cluster.clock, ControllerProperties.defaults());
        cluster.put((ObjectNode) KubeJson.parse("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":"
                + "\"shop\",\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"},\"status\":{\"phase\":\"Terminating\"}}"));
        cluster.put(TestPods.pod("web").namespace("shop").on("n1").running().finalizer("example.com/keep").json());
        cluster.put((ObjectNode) KubeJson.parse("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{"
                + "\"name\":\"cfg\",\"namespace\":\"shop\"}}"));

        controller.sync("shop");

        assertThat(cluster.get("/configmaps/shop/cfg")).isNull();
        assertThat(cluster.get("/pods/shop/web").path("metadata").has("deletionTimestamp")).isTrue();
        assertThat(cluster.writes().stream().filter(c -> c instanceof DeleteObject).map(c -> c.target().key())
                .sorted().toList()).isEqualTo(List.of("/configmaps/shop/cfg", "/pods/shop/web"));
        assertThat(cluster.get("/namespaces/shop")).as("kept while its content goes").isNotNull();

        controller.sync("shop");
        assertThat(cluster.writes().stream().filter(c -> c instanceof DeleteObject).count())
                .as("a pod already terminating is not deleted again").isEqualTo(2);

        cluster.remove("/pods/shop/web");
        controller.sync("shop");

        assertThat(cluster.writes().getLast()).isInstanceOfSatisfying(DeleteObject.class,
                d -> assertThat(d.target().key()).isEqualTo("/namespaces/shop"));
    }

}
