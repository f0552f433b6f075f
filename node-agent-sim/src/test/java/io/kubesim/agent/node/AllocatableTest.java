package io.kubesim.agent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Quantity;

class AllocatableTest {

    @ParameterizedTest(name = "{0} capacity minus {1} reserved leaves {2} allocatable")
    @CsvSource(delimiter = '|', textBlock = """
            cpu=4                  | cpu=500m             | cpu=3500m
            cpu=4                  |                      | cpu=4
            memory=8Gi             | memory=1Gi           | memory=7340032Ki
            memory=16Gi,pods=110   | memory=512Mi,pods=10 | memory=16252928Ki,pods=100
            cpu=1                  | cpu=2                | cpu=0m
            ephemeral-storage=100Gi| ephemeral-storage=10Gi | ephemeral-storage=94371840Ki
            nvidia.com/gpu=2       | nvidia.com/gpu=1     | nvidia.com/gpu=1
            """)
    void allocatableIsCapacityMinusWhatTheNodeHoldsBack(String capacity, String reserved, String allocatable) {
        Map<String, String> got = new LinkedHashMap<>();
        SimulatedNode.allocatable("n1", quantities(capacity), quantities(reserved))
                .forEach((k, v) -> got.put(k, v.toString()));

        assertThat(got).isEqualTo(strings(allocatable));
    }

    @Test
    void reservingAResourceTheNodeDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> SimulatedNode.allocatable("n1", quantities("cpu=4"), quantities("nvidia.com/gpu=1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node n1: cannot reserve nvidia.com/gpu, the node has none");
    }

    private static Map<String, Quantity> quantities(String pairs) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        strings(pairs).forEach((k, v) -> out.put(k, new Quantity(v)));
        return out;
    }

    private static Map<String, String> strings(String pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        if (pairs != null) {
            for (String kv : pairs.split(",")) {
                String[] p = kv.trim().split("=", 2);
                out.put(p[0], p[1]);
            }
        }
        return out;
    }
}
