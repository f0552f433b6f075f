package io.kubesim.agent.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import io.kubesim.agent.node.SimulatedNode;

class AdmissionReservedTest {

    private static final SimulatedNode NODE = new SimulatedNode("w1", "linux", "amd64", null, Map.of(), List.of(),
            Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"), "pods", new Quantity("110")),
            Map.of("cpu", new Quantity("500m")), 50.0, true, 0, "10.0.0.2", "10.244.0.0/24");

    @ParameterizedTest(name = "a pod requesting {0} cpu beside 3 cpu in use: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            500m | admitted
            600m | OutOfcpu: Node didn't have enough resource: cpu, requested: 600, used: 3000, capacity: 3500
            """)
    void theKubeletAdmitsAgainstAllocatableNotCapacity(String cpu, String expected) {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx").withNewResources()
                .addToRequests("cpu", new Quantity(cpu)).endResources().endContainer().endSpec().build();

        Optional<Admission.Rejection> r = Admission.check(pod, NODE, List.of(Map.of("cpu", 3000L)));

        assertThat(r.map(x -> x.reason() + ": " + x.message()).orElse("admitted")).isEqualTo(expected);
    }
}
