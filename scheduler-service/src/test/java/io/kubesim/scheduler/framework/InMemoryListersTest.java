package io.kubesim.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kubesim.model.labels.LabelSelector;

class InMemoryListersTest {

    @Test
    void objectsAreServedUntilRemoved() {
        InMemoryListers listers = new InMemoryListers();
        Namespace prod = new NamespaceBuilder().withNewMetadata().withName("prod").addToLabels("env", "prod")
                .endMetadata().build();
        Service svc = new ServiceBuilder().withNewMetadata().withName("web").withNamespace("prod").endMetadata()
                .build();
        ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName("web-1").withNamespace("prod")
                .endMetadata().build();
        listers.putNamespace(prod);
        listers.putService(svc);
        listers.putReplicaSet(rs);
        assertThat(List.of(listers.labelsOf("prod"), listers.namesMatching(LabelSelector.fromMap(Map.of("env", "prod"))),
                listers.services("prod"), listers.replicaSet("prod", "web-1").isPresent()))
                .isEqualTo(List.of(Map.of("env", "prod"), Set.of("prod"), List.of(svc), true));
        listers.removeNamespace(prod);
        listers.removeService(svc);
        listers.removeReplicaSet(rs);
        assertThat(List.of(listers.labelsOf("prod"), listers.namesMatching(LabelSelector.EVERYTHING),
                listers.services("prod"), listers.replicaSet("prod", "web-1").isPresent()))
                .isEqualTo(List.of(Map.of(), Set.of(), List.of(), false));
    }
}
