package io.kubesim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seed 002, part 3 (POD): phases, init containers waiting for their services, a two-container pod, requests and
 * limits with OOMKilled, `kubectl run --dry-run=client -o yaml`, `kubectl logs`, `kubectl describe`.
 */
class Seed002PodsIT {

    private static final Scenario S = new Scenario("seed-002-pods");

    @BeforeAll
    static void setUp() {
        S.createNamespace();
    }

    @AfterAll
    static void tearDown() {
        S.deleteNamespace();
    }

    @Test
    void initContainersRunInOrderAndTheAppStartsOnceBothServicesExist() {
        S.apply("002-pods/init-container.yaml");
        S.awaitPodStatus("myapp-pod", "Init:0/2");

        S.apply("002-pods/services.yaml");

        S.awaitPodStatus("myapp-pod", "Running");
        assertThat(S.kn("logs", "myapp-pod").assertOk().out()).isEqualTo("The app is running!\n");
        String described = S.kn("describe", "pod", "myapp-pod").assertOk().out();
        assertThat(described.indexOf("init-myservice")).isLessThan(described.indexOf("init-mydb"));
        assertThat(S.kn("get", "pod", "myapp-pod", "-o",
                "jsonpath={.status.initContainerStatuses[*].state.terminated.reason}").out())
                .isEqualTo("Completed Completed");
    }

    @Test
    void aTwoContainerPodRunsBothAndEachHasItsOwnLog() {
        S.apply("002-pods/multi-container.yaml");

        S.awaitPodStatus("multipod", "Running");

        assertThat(S.kn("get", "pod", "multipod", "--no-headers").out().split("\\s+")[1]).isEqualTo("2/2");
        assertThat(S.kn("logs", "multipod", "-c", "centos-container").exitCode()).isZero();
        assertThat(S.kn("describe", "pod", "multipod").out()).contains("nginx-container:").contains(
                "centos-container:");
    }

    @Test
    void aContainerOverItsMemoryLimitIsOomKilled() {
        S.apply("002-pods/oom.yaml");

        S.awaitPodStatus("memory-hog", "OOMKilled");

        assertThat(S.kn("get", "pod", "memory-hog", "-o",
                "jsonpath={.status.containerStatuses[0].state.terminated.exitCode}").out()).isEqualTo("137");
        assertThat(S.kn("get", "pod", "memory-hog", "-o", "jsonpath={.status.qosClass}").out()).isEqualTo("Burstable");
    }

    @Test
    void phasesSucceededForSleepUnderNeverAndCrashLoopBackOffForExitOneUnderAlways() {
        S.kn("run", "sleeper", "--image=busybox", "--restart=Never", "--", "sleep", "5").assertOk();
        S.kn("run", "crasher", "--image=busybox", "--", "sh", "-c", "exit 1").assertOk();

        S.awaitPodStatus("sleeper", "Completed");
        assertThat(S.kn("get", "pod", "sleeper", "-o", "jsonpath={.status.phase}").out()).isEqualTo("Succeeded");
        S.awaitPodStatus("crasher", "CrashLoopBackOff");
        assertThat(S.kn("describe", "pod", "crasher").out()).contains("Back-off restarting failed container");

        // the kubelet's crash-loop back-off doubles from 10 s up to 5 min; its container status says the current one
        // ("back-off 20s restarting failed container=crasher pod=..."); the cluster clock runs 20x, so a few seconds
        List<Long> backOffs = new ArrayList<>();
        E2eCluster.await("the back-off to grow (seen twice, up to 40 s or more)", Duration.ofSeconds(90), () -> {
            Matcher m = BACK_OFF.matcher(S.kn("get", "pod", "crasher", "-o",
                    "jsonpath={.status.containerStatuses[0].state.waiting.message}").out());
            if (m.find()) {
                long seconds = goSeconds(m.group(1));
                if (backOffs.isEmpty() || backOffs.getLast() != seconds) {
                    backOffs.add(seconds);
                }
            }
            return backOffs.size() > 1 && backOffs.getLast() >= 40;
        }, backOffs::toString);
        assertThat(backOffs).as("back-offs seen, in order").isSorted().doesNotHaveDuplicates().hasSizeGreaterThan(1)
                .isSubsetOf(10L, 20L, 40L, 80L, 160L, 300L);
    }

    private static final Pattern BACK_OFF = Pattern.compile("back-off (\\S+) restarting failed container=crasher");

    /** Seconds of a Go duration such as 40s, 1m20s or 5m0s. */
    private static long goSeconds(String d) {
        Matcher m = Pattern.compile("(?:(\\d+)m)?(\\d+)s").matcher(d);
        assertThat(m.matches()).as("a Go duration: %s", d).isTrue();
        return (m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 60) + Long.parseLong(m.group(2));
    }

    @Test
    void kubectlRunDryRunClientPrintsThePodWithoutCreatingIt() {
        var out = S.kn("run", "webserver", "--image=nginx", "--port", "80", "--dry-run=client", "-o", "yaml")
                .assertOk().out();

        // Client-side dry run never reaches the server; this is exactly what kubectl 1.32 prints
        // (its Go client serialises the zero ObjectMeta.creationTimestamp as null).
        assertThat(out).isEqualTo("""
                apiVersion: v1
                kind: Pod
                metadata:
                  creationTimestamp: null
                  labels:
                    run: webserver
                  name: webserver
                  namespace: seed-002-pods
                spec:
                  containers:
                  - image: nginx
                    name: webserver
                    ports:
                    - containerPort: 80
                    resources: {}
                  dnsPolicy: ClusterFirst
                  restartPolicy: Always
                status: {}
                """);
        assertThat(S.kn("get", "pod", "webserver").exitCode()).isNotZero();
    }
}
