package io.kubesim.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The first things a user does with kubectl, end to end through the real gateway and state-service. */
class KubectlSmokeTest {

    private final GatewayHarness cluster = GatewayHarness.shared();

    @Test
    void aPodAppliedWithKubectlIsStoredAndListed() {
        Kubectl kubectl = cluster.kubectl();
        kubectl.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: smoke
                  labels: {app: smoke}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                """, "apply", "-f", "-").assertOk();

        Kubectl.Result get = kubectl.run("get", "pod", "smoke", "-o", "jsonpath={.spec.restartPolicy} "
                + "{.spec.schedulerName} {.status.phase} {.spec.containers[0].imagePullPolicy}").assertOk();

        assertThat(get.out()).isEqualTo("Always default-scheduler Pending IfNotPresent");
        assertThat(kubectl.run("get", "pods", "-l", "app=smoke", "--no-headers").assertOk().out())
                .matches("smoke +0/1 +Pending +0 +\\d+s\n");
    }
}
