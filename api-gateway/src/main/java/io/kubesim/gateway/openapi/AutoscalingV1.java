package io.kubesim.gateway.openapi;

import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * The {@code autoscaling/v1} {@code Scale} of the {@code deployments/scale} and {@code replicasets/scale} subresources
 * (staging/src/k8s.io/api/autoscaling/v1/types.go), which the fabric8 modules of this build do not include: declared
 * here for the schema generator only.
 */
final class AutoscalingV1 {

    private AutoscalingV1() {
    }

    record Scale(String apiVersion, String kind, ObjectMeta metadata, ScaleSpec spec, ScaleStatus status) {
    }

    record ScaleSpec(Integer replicas) {
    }

    record ScaleStatus(Integer replicas, String selector) {
    }
}
