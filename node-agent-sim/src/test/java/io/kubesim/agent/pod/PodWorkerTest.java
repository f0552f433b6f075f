package io.kubesim.agent.pod;

import static io.kubesim.agent.testing.Json.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.kubesim.agent.container.ContainerLog;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;

class PodWorkerTest {

    private static final String CONDITIONS_SCHEDULED = """
            {"type": "PodScheduled", "status": "True", "lastProbeTime": null,
             "lastTransitionTime": "2026-01-01T00:00:00Z"}""";
    private static final String HOST = """
            "hostIP": "172.16.0.2", "hostIPs": [{"ip": "172.16.0.2"}],
            "podIP": "10.0.0.2", "podIPs": [{"ip": "10.0.0.2"}],
            "startTime": "2026-01-01T00:00:00Z\"""";

    private final PodFixture f = new PodFixture();

    private static String id(int n) {
        return "containerd://%064d".formatted(n);
    }

    private static String imageId(String reference) throws Exception {
        String repo = reference.substring(0, reference.lastIndexOf(':'));
        byte[] d = MessageDigest.getInstance("SHA-256")
                .digest(("kubesim-image:" + reference).getBytes(StandardCharsets.UTF_8));
        return repo + "@sha256:" + HexFormat.of().formatHex(d);
    }

    @Test
    @DisplayName("an nginx pod is pulled, created and started, and reports Running with its pod IP")
    void nginx_runs() throws Exception {
        f.start("""
                metadata: {name: web}
                spec:
                  containers:
                  - {name: nginx, image: nginx}
                """);
        assertJson(f.lastStatus(), """
                {"phase": "Pending",
                 "conditions": [
                   {"type": "PodReadyToStartContainers", "status": "True", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z"},
                   {"type": "Initialized", "status": "True", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z"},
                   {"type": "Ready", "status": "False", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z", "reason": "ContainersNotReady",
                    "message": "containers with unready status: [nginx]"},
                   {"type": "ContainersReady", "status": "False", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z", "reason": "ContainersNotReady",
                    "message": "containers with unready status: [nginx]"},
                   %s],
                 %s,
                 "containerStatuses": [
                   {"name": "nginx", "state": {"waiting": {"reason": "ContainerCreating"}}, "lastState": {},
                    "ready": false, "restartCount": 0, "image": "nginx", "imageID": "", "started": false}],
                 "qosClass": "BestEffort"}
                """.formatted(CONDITIONS_SCHEDULED, HOST));

        f.advance(Duration.ofSeconds(2));

        assertJson(f.lastStatus(), """
                {"phase": "Running",
                 "conditions": [
                   {"type": "PodReadyToStartContainers", "status": "True", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z"},
                   {"type": "Initialized", "status": "True", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z"},
                   {"type": "Ready", "status": "True", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:01Z"},
                   {"type": "ContainersReady", "status": "True", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:01Z"},
                   %s],
                 %s,
                 "containerStatuses": [
                   {"name": "nginx", "state": {"running": {"startedAt": "2026-01-01T00:00:01Z"}}, "lastState": {},
                    "ready": true, "restartCount": 0, "image": "docker.io/library/nginx:latest", "imageID": "%s",
                    "containerID": "%s", "started": true}],
                 "qosClass": "BestEffort"}
                """.formatted(CONDITIONS_SCHEDULED, HOST, imageId("docker.io/library/nginx:latest"), id(1)));
        assertThat(f.events()).isEqualTo(List.of(
                "0s Normal Pulling nginx Pulling image \"nginx\"",
                "1.94390584s Normal Pulled nginx Successfully pulled image \"nginx\" in 1.943s (1.943s including "
                        + "waiting). Image size: 72195292 bytes.",
                "1.94390584s Normal Created nginx Created container: nginx",
                "1.94390584s Normal Started nginx Started container nginx"));
        assertThat(f.bus.sent()).allMatch(s -> s.actor().equals("system:node:w1"));
    }

    @Test
    @DisplayName("an image built only for ppc64le fails on amd64: ErrImagePull, ImagePullBackOff, retried after "
            + "10, 20 and 40 s")
    void wrong_platform_backs_off() {
        f.start("""
                metadata: {name: ubuntu-nginx}
                spec:
                  containers:
                  - {name: ubuntu-nginx, image: "kongru/dockerize:base"}
                """);
        f.advance(Duration.ofMillis(500));
        String pending = """
                {"phase": "Pending",
                 "conditions": [
                   {"type": "PodReadyToStartContainers", "status": "True", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z"},
                   {"type": "Initialized", "status": "True", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z"},
                   {"type": "Ready", "status": "False", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z", "reason": "ContainersNotReady",
                    "message": "containers with unready status: [ubuntu-nginx]"},
                   {"type": "ContainersReady", "status": "False", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z", "reason": "ContainersNotReady",
                    "message": "containers with unready status: [ubuntu-nginx]"},
                   %s],
                 %s,
                 "containerStatuses": [
                   {"name": "ubuntu-nginx", "state": {"waiting": %s}, "lastState": {}, "ready": false,
                    "restartCount": 0, "image": "kongru/dockerize:base", "imageID": "", "started": false}],
                 "qosClass": "BestEffort"}
                """;
        assertJson(f.lastStatus(), pending.formatted(CONDITIONS_SCHEDULED, HOST, """
                {"reason": "ErrImagePull", "message": "rpc error: code = NotFound desc = failed to pull and unpack \
                image \\"docker.io/kongru/dockerize:base\\": no match for platform in manifest: not found"}"""));

        f.advance(Duration.ofMillis(4900));
        assertThat(f.lastStatus().path("containerStatuses").get(0).path("state").path("waiting").path("reason")
                .asString()).isEqualTo("ErrImagePull");
        f.advance(Duration.ofMillis(100));
        assertJson(f.lastStatus(), pending.formatted(CONDITIONS_SCHEDULED, HOST, """
                {"reason": "ImagePullBackOff", "message": "Back-off pulling image \\"kongru/dockerize:base\\""}"""));

        f.advanceTo("2026-01-01T00:01:14Z");
        String failed = "Failed ubuntu-nginx Failed to pull image \"kongru/dockerize:base\": rpc error: code = "
                + "NotFound desc = failed to pull and unpack image \"docker.io/kongru/dockerize:base\": no match for "
                + "platform in manifest: not found";
        assertThat(f.events()).isEqualTo(List.of(
                "0s Normal Pulling ubuntu-nginx Pulling image \"kongru/dockerize:base\"",
                "0.5s Warning " + failed,
                "0.5s Warning Failed ubuntu-nginx Error: ErrImagePull",
                "5.5s Normal BackOff ubuntu-nginx Back-off pulling image \"kongru/dockerize:base\"",
                "5.5s Warning Failed ubuntu-nginx Error: ImagePullBackOff",
                "10.5s Normal Pulling ubuntu-nginx Pulling image \"kongru/dockerize:base\"",
                "11s Warning " + failed,
                "11s Warning Failed ubuntu-nginx Error: ErrImagePull",
                "21s Normal BackOff ubuntu-nginx Back-off pulling image \"kongru/dockerize:base\"",
                "21s Warning Failed ubuntu-nginx Error: ImagePullBackOff",
                "31s Normal Pulling ubuntu-nginx Pulling image \"kongru/dockerize:base\"",
                "31.5s Warning " + failed,
                "31.5s Warning Failed ubuntu-nginx Error: ErrImagePull",
                "41.5s Normal BackOff ubuntu-nginx Back-off pulling image \"kongru/dockerize:base\"",
                "41.5s Warning Failed ubuntu-nginx Error: ImagePullBackOff",
                "71.5s Normal Pulling ubuntu-nginx Pulling image \"kongru/dockerize:base\"",
                "72s Warning " + failed,
                "72s Warning Failed ubuntu-nginx Error: ErrImagePull"));
    }

    @Test
    @DisplayName("seed 002: init containers run one by one, each until its Service exists, then the app container")
    void init_containers_wait_for_their_services() throws Exception {
        f.start("""
                metadata: {name: myapp-pod, labels: {app: myapp}}
                spec:
                  containers:
                  - name: myapp-container
                    image: busybox:1.28
                    command: ['sh', '-c', 'echo The app is running! && sleep 3600']
                  initContainers:
                  - name: init-myservice
                    image: busybox:1.28
                    command: ['sh', '-c', "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done"]
                  - name: init-mydb
                    image: busybox:1.28
                    command: ['sh', '-c', "until nslookup mydb.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for mydb; sleep 2; done"]
                """);
        f.advance(Duration.ofSeconds(1));
        String busybox = imageId("docker.io/library/busybox:1.28");
        assertJson(f.lastStatus(), """
                {"phase": "Pending",
                 "conditions": [
                   {"type": "PodReadyToStartContainers", "status": "True", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z"},
                   {"type": "Initialized", "status": "False", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z", "reason": "ContainersNotInitialized",
                    "message": "containers with incomplete status: [init-myservice init-mydb]"},
                   {"type": "Ready", "status": "False", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z", "reason": "ContainersNotReady",
                    "message": "containers with unready status: [myapp-container]"},
                   {"type": "ContainersReady", "status": "False", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z", "reason": "ContainersNotReady",
                    "message": "containers with unready status: [myapp-container]"},
                   %s],
                 %s,
                 "initContainerStatuses": [
                   {"name": "init-myservice", "state": {"running": {"startedAt": "2026-01-01T00:00:00Z"}},
                    "lastState": {}, "ready": false, "restartCount": 0, "image": "docker.io/library/busybox:1.28",
                    "imageID": "%s", "containerID": "%s", "started": true},
                   {"name": "init-mydb", "state": {"waiting": {"reason": "PodInitializing"}}, "lastState": {},
                    "ready": false, "restartCount": 0, "image": "busybox:1.28", "imageID": "", "started": false}],
                 "containerStatuses": [
                   {"name": "myapp-container", "state": {"waiting": {"reason": "PodInitializing"}},
                    "lastState": {}, "ready": false, "restartCount": 0, "image": "busybox:1.28", "imageID": "",
                    "started": false}],
                 "qosClass": "BestEffort"}
                """.formatted(CONDITIONS_SCHEDULED, HOST, busybox, id(1)));

        f.advanceTo("2026-01-01T00:00:05Z");
        f.services.add("default/myservice");
        f.advanceTo("2026-01-01T00:00:10Z");
        f.services.add("default/mydb");
        f.advanceTo("2026-01-01T00:00:20Z");

        assertJson(f.lastStatus(), """
                {"phase": "Running",
                 "conditions": [
                   {"type": "PodReadyToStartContainers", "status": "True", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z"},
                   {"type": "Initialized", "status": "True", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:11Z"},
                   {"type": "Ready", "status": "True", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:12Z"},
                   {"type": "ContainersReady", "status": "True", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:12Z"},
                   %s],
                 %s,
                 "initContainerStatuses": [
                   {"name": "init-myservice", "state": {"terminated": {"exitCode": 0, "reason": "Completed",
                    "startedAt": "2026-01-01T00:00:00Z", "finishedAt": "2026-01-01T00:00:06Z",
                    "containerID": "%s"}}, "lastState": {}, "ready": true, "restartCount": 0,
                    "image": "docker.io/library/busybox:1.28", "imageID": "%s", "containerID": "%s",
                    "started": false},
                   {"name": "init-mydb", "state": {"terminated": {"exitCode": 0, "reason": "Completed",
                    "startedAt": "2026-01-01T00:00:07Z", "finishedAt": "2026-01-01T00:00:11Z",
                    "containerID": "%s"}}, "lastState": {}, "ready": true, "restartCount": 0,
                    "image": "docker.io/library/busybox:1.28", "imageID": "%s", "containerID": "%s",
                    "started": false}],
                 "containerStatuses": [
                   {"name": "myapp-container", "state": {"running": {"startedAt": "2026-01-01T00:00:12Z"}},
                    "lastState": {}, "ready": true, "restartCount": 0, "image": "docker.io/library/busybox:1.28",
                    "imageID": "%s", "containerID": "%s", "started": true}],
                 "qosClass": "BestEffort"}
                """.formatted(CONDITIONS_SCHEDULED, HOST, id(1), busybox, id(1), id(2), busybox, id(2), busybox,
                id(3)));
        assertThat(logLines("init-myservice")).isEqualTo(List.of("waiting for myservice", "waiting for myservice",
                "waiting for myservice"));
        assertThat(logLines("init-mydb")).isEqualTo(List.of("waiting for mydb", "waiting for mydb"));
        assertThat(logLines("myapp-container")).isEqualTo(List.of("The app is running!"));
        assertThat(f.events()).isEqualTo(List.of(
                "0s Normal Pulling init-myservice Pulling image \"busybox:1.28\"",
                "0.51455738s Normal Pulled init-myservice Successfully pulled image \"busybox:1.28\" in 514ms "
                        + "(514ms including waiting). Image size: 727869 bytes.",
                "0.51455738s Normal Created init-myservice Created container: init-myservice",
                "0.51455738s Normal Started init-myservice Started container init-myservice",
                "7.51455738s Normal Pulled init-mydb Container image \"busybox:1.28\" already present on machine",
                "7.51455738s Normal Created init-mydb Created container: init-mydb",
                "7.51455738s Normal Started init-mydb Started container init-mydb",
                "12.51455738s Normal Pulled myapp-container Container image \"busybox:1.28\" already present on "
                        + "machine",
                "12.51455738s Normal Created myapp-container Created container: myapp-container",
                "12.51455738s Normal Started myapp-container Started container myapp-container"));
    }

    private List<String> logLines(String container) {
        ContainerLog log = f.worker.container(container).orElseThrow().logs.peekLast();
        return log.since(0).stream().map(ContainerLog.Line::text).toList();
    }

    @ParameterizedTest(name = "busybox without a command under restartPolicy Always, at {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0.6s  | exited once, not restarted yet                    | terminated Completed               | 0
            2.5s  | restarted at once the first time and exited again | terminated Completed               | 1
            3.5s  | waits 10 s before the second restart              | waiting CrashLoopBackOff back-off 10s | 1
            12.1s | restarted after 10 s                              | waiting CrashLoopBackOff back-off 10s | 1
            12.6s | restarted, exited again                           | terminated Completed               | 2
            14s   | waits 20 s                                        | waiting CrashLoopBackOff back-off 20s | 2
            34.5s | waits 40 s                                        | waiting CrashLoopBackOff back-off 40s | 3
            75s   | waits 1m20s                                       | waiting CrashLoopBackOff back-off 1m20s | 4
            """)
    void crash_loop_back_off_doubles(String at, String what, String state, int restarts) {
        f.start("""
                metadata: {name: crash}
                spec:
                  containers:
                  - {name: busybox, image: busybox}
                """);
        f.advance(Duration.ofMillis(Math.round(Double.parseDouble(at.replace("s", "")) * 1000)));
        var cs = f.lastStatus().path("containerStatuses").get(0);
        var s = cs.path("state");
        String summary = s.has("waiting")
                ? "waiting " + s.path("waiting").path("reason").asString() + " "
                        + s.path("waiting").path("message").asString().split(" restarting")[0]
                : s.has("terminated") ? "terminated " + s.path("terminated").path("reason").asString()
                        : "running";
        assertThat(summary + " | " + cs.path("restartCount").asInt()).isEqualTo(state + " | " + restarts);
        assertThat(f.lastStatus().path("phase").asString()).isEqualTo("Running");
    }

    @Test
    @DisplayName("a crash-looping container waits with its last termination as lastState and a BackOff event")
    void crash_loop_status() throws Exception {
        f.start("""
                metadata: {name: crash}
                spec:
                  containers:
                  - {name: busybox, image: busybox}
                """);
        f.advance(Duration.ofMillis(3500));
        assertJson(f.lastStatus().path("containerStatuses"), """
                [{"name": "busybox",
                  "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 10s restarting failed \
                container=busybox pod=crash_default(0b1d6c39-8f0e-4c43-9a55-3d0f5f8e2a11)"}},
                  "lastState": {"terminated": {"exitCode": 0, "reason": "Completed",
                    "startedAt": "2026-01-01T00:00:02Z", "finishedAt": "2026-01-01T00:00:02Z", "containerID": "%s"}},
                  "ready": false, "restartCount": 1, "image": "docker.io/library/busybox:latest", "imageID": "%s",
                  "containerID": "%s", "started": false}]
                """.formatted(id(2), imageId("docker.io/library/busybox:latest"), id(2)));
        assertThat(f.events().getLast()).isEqualTo("3.04313036s Warning BackOff busybox Back-off restarting failed "
                + "container busybox in pod crash_default(0b1d6c39-8f0e-4c43-9a55-3d0f5f8e2a11)");
    }

    @Test
    @DisplayName("a sidecar (restartable init container) starts first and keeps running beside the app container")
    void sidecar() {
        f.start("""
                metadata: {name: with-sidecar}
                spec:
                  initContainers:
                  - {name: proxy, image: "nginx:1.27", restartPolicy: Always}
                  containers:
                  - {name: app, image: "busybox:1.28", command: [sleep, "3600"]}
                """);
        f.advance(Duration.ofSeconds(10));
        var s = f.lastStatus();
        assertThat(s.path("phase").asString()).isEqualTo("Running");
        assertThat(s.path("conditions").findValuesAsString("status")).isEqualTo(List.of("True", "True", "True",
                "True", "True"));
        assertJson(s.path("initContainerStatuses").get(0).path("state"), """
                {"running": {"startedAt": "2026-01-01T00:00:01Z"}}""");
        assertThat(s.path("initContainerStatuses").get(0).path("ready").asBoolean()).isTrue();
        assertJson(s.path("containerStatuses").get(0).path("state"), """
                {"running": {"startedAt": "2026-01-01T00:00:03Z"}}""");
    }

    @Test
    @DisplayName("the crash back-off starts over once a container ran for 10 minutes")
    void back_off_resets_after_ten_minutes() {
        f.start("""
                metadata: {name: slow-crash}
                spec:
                  containers:
                  - {name: main, image: busybox:1.28, command: [sh, -c, "sleep 700; exit 1"]}
                """);
        List<String> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < 2200; i++) {
            f.advance(Duration.ofSeconds(1));
            String reason = f.lastStatus().path("containerStatuses").get(0).path("state").path("waiting")
                    .path("reason").asString("");
            if (!reason.isEmpty() && (waiting.isEmpty() || !waiting.getLast().equals(reason))) {
                waiting.add(reason);
            }
        }
        assertThat(waiting).isEqualTo(List.of());
        assertThat(f.lastStatus().path("containerStatuses").get(0).path("restartCount").asInt()).isEqualTo(3);
    }

    @ParameterizedTest(name = "restartPolicy {0}, command `{1}`: phase {2} with {3} restarts after a minute")
    @CsvSource(delimiter = '|', textBlock = """
            Never     | exit 3            | Failed    | 0
            Never     | echo ok; sleep 5  | Succeeded | 0
            OnFailure | exit 3            | Running   | 3
            OnFailure | sleep 5           | Succeeded | 0
            Always    | sleep 5           | Running   | 3
            """)
    void restart_policies(String policy, String script, String phase, int restarts) {
        f.start("""
                metadata: {name: job}
                spec:
                  restartPolicy: %s
                  containers:
                  - {name: main, image: busybox:1.28, command: [sh, -c, "%s"]}
                """.formatted(policy, script));
        f.advance(Duration.ofMinutes(1));
        assertThat(f.lastStatus().path("phase").asString() + " "
                + f.lastStatus().path("containerStatuses").get(0).path("restartCount").asInt())
                .isEqualTo(phase + " " + restarts);
    }

    @Test
    @DisplayName("a job pod under restartPolicy Never succeeds: Completed, PodCompleted conditions, sandbox gone")
    void succeeded_under_never() throws Exception {
        f.start("""
                metadata: {name: hello}
                spec:
                  restartPolicy: Never
                  containers:
                  - {name: hello, image: busybox:1.28, command: [sh, -c, "echo hello; sleep 5"]}
                """);
        f.advance(Duration.ofSeconds(10));
        assertJson(f.lastStatus(), """
                {"phase": "Succeeded",
                 "conditions": [
                   {"type": "PodReadyToStartContainers", "status": "False", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:05Z"},
                   {"type": "Initialized", "status": "True", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z"},
                   {"type": "Ready", "status": "False", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:05Z", "reason": "PodCompleted"},
                   {"type": "ContainersReady", "status": "False", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:05Z", "reason": "PodCompleted"},
                   %s],
                 %s,
                 "containerStatuses": [
                   {"name": "hello", "state": {"terminated": {"exitCode": 0, "reason": "Completed",
                    "startedAt": "2026-01-01T00:00:00Z", "finishedAt": "2026-01-01T00:00:05Z",
                    "containerID": "%s"}}, "lastState": {}, "ready": false, "restartCount": 0,
                    "image": "docker.io/library/busybox:1.28", "imageID": "%s", "containerID": "%s",
                    "started": false}],
                 "qosClass": "BestEffort"}
                """.formatted(CONDITIONS_SCHEDULED, HOST, id(1), imageId("docker.io/library/busybox:1.28"), id(1)));
        assertThat(f.node.podAddresses().allocate()).isEqualTo("10.0.0.3");
    }

    @Test
    @DisplayName("a container using more memory than its limit is OOMKilled with exit code 137")
    void oom_killed() throws Exception {
        f.start("""
                metadata:
                  name: hungry
                  annotations: {kubesim.io/memory-usage: 300Mi}
                spec:
                  restartPolicy: Never
                  containers:
                  - name: app
                    image: nginx:1.27
                    resources:
                      limits: {memory: 128Mi}
                """);
        f.advance(Duration.ofSeconds(5));
        assertJson(f.lastStatus(), """
                {"phase": "Failed",
                 "conditions": [
                   {"type": "PodReadyToStartContainers", "status": "False", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:02Z"},
                   {"type": "Initialized", "status": "True", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z"},
                   {"type": "Ready", "status": "False", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:02Z", "reason": "ContainersNotReady",
                    "message": "containers with unready status: [app]"},
                   {"type": "ContainersReady", "status": "False", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:02Z", "reason": "ContainersNotReady",
                    "message": "containers with unready status: [app]"},
                   %s],
                 %s,
                 "containerStatuses": [
                   {"name": "app", "state": {"terminated": {"exitCode": 137, "reason": "OOMKilled",
                    "startedAt": "2026-01-01T00:00:01Z", "finishedAt": "2026-01-01T00:00:02Z",
                    "containerID": "%s"}}, "lastState": {}, "ready": false, "restartCount": 0,
                    "image": "docker.io/library/nginx:1.27", "imageID": "%s", "containerID": "%s",
                    "started": false}],
                 "qosClass": "Burstable"}
                """.formatted(CONDITIONS_SCHEDULED, HOST, id(1), imageId("docker.io/library/nginx:1.27"), id(1)));
    }

    @Test
    @DisplayName("graceful deletion: Killing, the containers stop, a terminal status, then the delete with uid")
    void graceful_deletion() throws Exception {
        f.start("""
                metadata: {name: web}
                spec:
                  containers:
                  - {name: nginx, image: nginx:1.27}
                """);
        f.advance(Duration.ofSeconds(5));
        f.change(p -> p.withObjectProperty("metadata").put("deletionTimestamp", "2026-01-01T00:00:35Z")
                .put("deletionGracePeriodSeconds", 30));
        assertThat(f.events().getLast()).isEqualTo("5s Normal Killing nginx Stopping container nginx");
        assertJson(f.lastStatus(), """
                {"phase": "Succeeded",
                 "conditions": [
                   {"type": "PodReadyToStartContainers", "status": "False", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:05Z"},
                   {"type": "Initialized", "status": "True", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:00Z"},
                   {"type": "Ready", "status": "False", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:05Z", "reason": "PodCompleted"},
                   {"type": "ContainersReady", "status": "False", "lastProbeTime": null,
                    "lastTransitionTime": "2026-01-01T00:00:05Z", "reason": "PodCompleted"},
                   %s],
                 %s,
                 "containerStatuses": [
                   {"name": "nginx", "state": {"terminated": {"exitCode": 0, "reason": "Completed",
                    "startedAt": "2026-01-01T00:00:01Z", "finishedAt": "2026-01-01T00:00:05Z",
                    "containerID": "%s"}}, "lastState": {}, "ready": false, "restartCount": 0,
                    "image": "docker.io/library/nginx:1.27", "imageID": "%s", "containerID": "%s",
                    "started": false}],
                 "qosClass": "BestEffort"}
                """.formatted(CONDITIONS_SCHEDULED, HOST, id(1), imageId("docker.io/library/nginx:1.27"), id(1)));
        assertThat(f.bus.sent(DeleteObject.class)).isEqualTo(List.of(
                DeleteObject.now(Resources.PODS.ref("default", "web"), PodFixture.UID)));
    }

    @Test
    @DisplayName("a process that ignores SIGTERM is killed when the grace period ends (137) and the pod fails")
    void sigterm_ignored() {
        f.start("""
                metadata:
                  name: stubborn
                  annotations: {kubesim.io/ignore-sigterm: "true"}
                spec:
                  containers:
                  - {name: main, image: busybox:1.28, command: [sleep, "3600"]}
                """);
        f.advance(Duration.ofSeconds(5));
        f.change(p -> p.withObjectProperty("metadata").put("deletionTimestamp", "2026-01-01T00:00:15Z")
                .put("deletionGracePeriodSeconds", 10));
        f.advance(Duration.ofSeconds(9));
        assertThat(f.bus.sent(DeleteObject.class)).isEmpty();
        f.advance(Duration.ofSeconds(1));
        assertThat(f.lastStatus().path("phase").asString()).isEqualTo("Failed");
        assertJson(f.lastStatus().path("containerStatuses").get(0).path("state"), """
                {"terminated": {"exitCode": 137, "reason": "Error", "startedAt": "2026-01-01T00:00:00Z",
                 "finishedAt": "2026-01-01T00:00:15Z", "containerID": "%s"}}
                """.formatted(id(1)));
        assertThat(f.bus.sent(DeleteObject.class)).hasSize(1);
    }

    @Test
    @DisplayName("a pod deleted while its image cannot be pulled ends Failed with ContainerStatusUnknown")
    void deleted_while_pending() {
        f.start("""
                metadata: {name: ubuntu-nginx}
                spec:
                  containers:
                  - {name: ubuntu-nginx, image: "kongru/dockerize:base"}
                """);
        f.advance(Duration.ofSeconds(3));
        f.change(p -> p.withObjectProperty("metadata").put("deletionTimestamp", "2026-01-01T00:00:33Z")
                .put("deletionGracePeriodSeconds", 30));
        assertThat(f.lastStatus().path("phase").asString()).isEqualTo("Failed");
        assertJson(f.lastStatus().path("containerStatuses").get(0).path("state"), """
                {"terminated": {"exitCode": 137, "reason": "ContainerStatusUnknown",
                 "message": "The container could not be located when the pod was terminated",
                 "startedAt": null, "finishedAt": null}}
                """);
        assertThat(f.bus.sent(DeleteObject.class)).hasSize(1);
    }

    @Test
    @DisplayName("admission rejects a pod whose cpu request does not fit: phase Failed, reason OutOfcpu")
    void out_of_cpu() {
        f.admitted.add(Map.of("cpu", 3500L));
        f.start("""
                metadata: {name: big}
                spec:
                  containers:
                  - name: app
                    image: nginx
                    resources:
                      requests: {cpu: "2"}
                """);
        assertJson(f.lastStatus(), """
                {"phase": "Failed", "reason": "OutOfcpu",
                 "message": "Pod was rejected: Node didn't have enough resource: cpu, requested: 2000, used: 3500, capacity: 4000",
                 "startTime": "2026-01-01T00:00:00Z", "qosClass": "Burstable",
                 "conditions": [%s]}
                """.formatted(CONDITIONS_SCHEDULED));
        assertThat(f.events()).isEqualTo(List.of("0s Warning OutOfcpu Node didn't have enough resource: cpu, "
                + "requested: 2000, used: 3500, capacity: 4000"));
        f.change(p -> p.withObjectProperty("metadata").put("deletionTimestamp", "2026-01-01T00:00:30Z")
                .put("deletionGracePeriodSeconds", 30));
        assertThat(f.bus.sent(DeleteObject.class)).isEqualTo(List.of(
                DeleteObject.now(Resources.PODS.ref("default", "big"), PodFixture.UID)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            pods full                 | {"requests": {}}                         | 110 | OutOfpods    | Node didn't have enough resource: pods, requested: 1, used: 110, capacity: 110
            memory over allocatable   | {"requests": {"memory": "9Gi"}}          | 0   | OutOfmemory  | Node didn't have enough resource: memory, requested: 9663676416, used: 0, capacity: 8589934592
            a GPU the node lacks      | {"limits": {"nvidia.com/gpu": "1"}}      | 0   | OutOfnvidia.com/gpu | Node didn't have enough resource: nvidia.com/gpu, requested: 1, used: 0, capacity: 0
            """)
    void admission_rejections(String sentence, String resources, int podsOnNode, String reason, String message) {
        for (int i = 0; i < podsOnNode; i++) {
            f.admitted.add(Map.of());
        }
        f.start("""
                metadata: {name: big}
                spec:
                  containers:
                  - {name: app, image: nginx, resources: %s}
                """.formatted(resources));
        assertThat(f.lastStatus().path("reason").asString() + " | " + f.lastStatus().path("message").asString())
                .isEqualTo(reason + " | Pod was rejected: " + message);
    }

    @Test
    @DisplayName("imagePullPolicy Never without the image: ErrImageNeverPull with the kubelet's message")
    void never_pull() {
        f.start("""
                metadata: {name: offline}
                spec:
                  containers:
                  - {name: app, image: "redis:7", imagePullPolicy: Never}
                """);
        assertJson(f.lastStatus().path("containerStatuses").get(0).path("state"), """
                {"waiting": {"reason": "ErrImageNeverPull",
                 "message": "Container image \\"redis:7\\" is not present with pull policy of Never"}}
                """);
        assertThat(f.events()).isEqualTo(List.of(
                "0s Warning ErrImageNeverPull app Container image \"redis:7\" is not present with pull policy of Never",
                "0s Warning Failed app Error: ErrImageNeverPull"));
    }

    @Test
    @DisplayName("annotations set run time, exit code and readiness delay; pulls on one node wait for each other")
    void annotations_drive_behaviour() {
        f.start("""
                metadata:
                  name: tuned
                  annotations:
                    kubesim.io/run-seconds.worker: "20"
                    kubesim.io/exit-code.worker: "2"
                    kubesim.io/ready-after-seconds: "8"
                spec:
                  restartPolicy: Never
                  containers:
                  - {name: web, image: "nginx:1.27"}
                  - {name: worker, image: "redis:7"}
                """);
        f.advance(Duration.ofSeconds(5));
        assertThat(readiness()).isEqualTo("web=false worker=false");
        f.advance(Duration.ofSeconds(5));
        assertThat(readiness()).isEqualTo("web=true worker=false");
        f.advance(Duration.ofSeconds(2));
        assertThat(readiness()).isEqualTo("web=true worker=true");
        f.advance(Duration.ofSeconds(20));
        assertJson(f.lastStatus().path("containerStatuses").get(1).path("state"), """
                {"terminated": {"exitCode": 2, "reason": "Error", "startedAt": "2026-01-01T00:00:03Z",
                 "finishedAt": "2026-01-01T00:00:23Z", "containerID": "%s"}}
                """.formatted(id(2)));
        assertThat(f.lastStatus().path("phase").asString()).isEqualTo("Running");
    }

    private String readiness() {
        StringBuilder sb = new StringBuilder();
        for (var cs : f.lastStatus().path("containerStatuses")) {
            sb.append(sb.isEmpty() ? "" : " ").append(cs.path("name").asString()).append('=')
                    .append(cs.path("ready").asBoolean());
        }
        return sb.toString();
    }

    @Test
    @DisplayName("the status is written with the pod's resourceVersion and keeps conditions other components own")
    void status_writes_compare_and_swap() {
        f.start("""
                metadata: {name: web}
                spec:
                  containers:
                  - {name: nginx, image: nginx}
                """);
        f.change(p -> ((tools.jackson.databind.node.ArrayNode) p.withObjectProperty("status")
                .withArrayProperty("conditions")).insert(0, KubeJson.parse("""
                {"type": "DisruptionTarget", "status": "True", "reason": "EvictionByEvictionAPI"}""")));
        f.advance(Duration.ofSeconds(2));
        var last = f.bus.sent(io.kubesim.model.command.UpdateStatus.class).getLast().object();
        assertThat(last.path("metadata").path("resourceVersion").asString()).isEqualTo("1005");
        assertThat(last.path("status").path("conditions").findValuesAsString("type")).isEqualTo(List.of(
                "DisruptionTarget", "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
                "PodScheduled"));
    }
}
