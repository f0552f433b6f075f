package io.kubesim.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is checked as far as possible without one: its
 * structure (every service of the cluster, health checks on the ports the services listen on, start order by
 * health, the gateway published on 6443, the Dockerfile building every jar it runs), and — where Debian's
 * docker-compose is installed (.ci/run installs it) — {@code docker-compose config}, which validates the file
 * against the Compose specification.
 */
class DockerComposeFileTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void composeRunsTheWholeDefaultCluster() throws Exception {
        assertThat(services().keySet()).containsExactly("kafka", "postgres", "kubesim-init", "kubesim-topics",
                "state-service", "api-gateway", "scheduler", "controller-manager", "node-agent-amd64",
                "node-agent-arm64", "node-agent-ppc64le");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyLongRunningServiceHasAHealthCheckOnThePortItListensOn() throws Exception {
        Pattern serverPort = Pattern.compile("--(?:management\\.)?server\\.port=(\\d+)");
        Pattern checkedPort = Pattern.compile("localhost:(\\d+)/actuator/health");
        List<String> checked = new ArrayList<>();
        for (var e : services().entrySet()) {
            Map<String, Object> s = e.getValue();
            if (!"kubesim:0.1.0".equals(s.get("image")) || "no".equals(String.valueOf(s.get("restart")))) {
                continue;
            }
            String command = String.join(" ", (List<String>) s.get("command"));
            Map<String, Object> health = (Map<String, Object>) s.get("healthcheck");
            Matcher m = checkedPort.matcher(String.join(" ", (List<String>) health.get("test")));
            assertThat(m.find()).as(e.getKey()).isTrue();
            String port = m.group(1);
            Matcher listens = serverPort.matcher(command);
            List<String> ports = new ArrayList<>();
            while (listens.find()) {
                ports.add(listens.group(1));
            }
            assertThat(ports).as(e.getKey() + " listens on the port its health check asks").contains(port);
            checked.add(e.getKey());
        }
        assertThat(checked).containsExactly("state-service", "api-gateway", "scheduler", "controller-manager",
                "node-agent-amd64", "node-agent-arm64", "node-agent-ppc64le");
    }

    @Test
    @SuppressWarnings("unchecked")
    void servicesStartOnlyAfterWhatTheyNeedIsHealthyAndTheGatewayIsPublished() throws Exception {
        Map<String, Map<String, Object>> services = services();
        for (var e : services.entrySet()) {
            Object deps = e.getValue().get("depends_on");
            if (!(deps instanceof Map<?, ?> map)) {
                continue;
            }
            for (var d : ((Map<String, Map<String, String>>) map).entrySet()) {
                assertThat(services).as(e.getKey() + " depends on " + d.getKey()).containsKey(d.getKey());
                String condition = d.getValue().get("condition");
                if (condition.equals("service_healthy")) {
                    assertThat(services.get(d.getKey())).as(d.getKey() + " has a health check")
                            .containsKey("healthcheck");
                }
            }
        }
        assertThat((List<String>) services.get("api-gateway").get("ports")).isEqualTo(List.of("127.0.0.1:6443:6443"));
        assertThat((Map<String, Object>) services.get("state-service").get("depends_on"))
                .containsOnlyKeys("postgres", "kubesim-topics");
    }

    @Test
    void theDockerfileBuildsEveryJarTheServicesRun() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        for (String module : List.of("state-service", "api-gateway", "scheduler-service", "controller-manager",
                "node-agent-sim", "kubesim-infra")) {
            assertThat(dockerfile).contains(module);
            assertThat(pom).contains("<module>" + module + "</module>");
        }
        assertThat(dockerfile).contains("FROM eclipse-temurin:25-jre");
    }

    @Test
    void dockerComposeAcceptsTheFileWhereItIsInstalled() throws Exception {
        if (!new File("/usr/bin/docker-compose").canExecute()) {
            System.out.println("docker-compose not installed; the structural checks above still ran");
            return;
        }
        Process p = new ProcessBuilder("/usr/bin/docker-compose", "-f", "docker-compose.yml", "config", "-q")
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
