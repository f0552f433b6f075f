package io.kubesim.infra.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.kubesim.infra.Credentials;
import io.kubesim.infra.Infra;
import io.kubesim.infra.ManagedProcess;
import io.kubesim.infra.Net;
import io.kubesim.infra.Pki;
import io.kubesim.model.TopicNames;
import io.kubesim.model.cluster.ClusterSpec;
import io.kubesim.model.cluster.NodeTemplate;
import io.kubesim.model.json.KubeJson;

/**
 * Starts, stops and inspects one local cluster: the infrastructure ({@link Infra}: Kafka, PostgreSQL, TLS, tokens),
 * then state-service, then api-gateway, scheduler-service, controller-manager and one node-agent-sim per agent group
 * (architecture), each as its own JVM with its own log under {@code <home>/logs/}. {@code ./kubesim up} and the
 * end-to-end tests both use this class, so tests run the cluster exactly as users do.
 */
public final class ClusterLauncher {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path repoRoot;
    private final ClusterConfig config;
    private final Path home;

    public ClusterLauncher(Path repoRoot, ClusterConfig config) {
        this.repoRoot = repoRoot;
        this.config = config;
        this.home = config.home();
    }

    public ClusterConfig config() {
        return config;
    }

    /** Everything {@link #up} would start, in start order. */
    public List<Component> components() {
        List<Component> out = new ArrayList<>();
        Ports p = config.ports();
        out.add(new Component("state-service", "state-service", p.stateService(), List.of(
                "--spring.datasource.url=" + config.jdbcUrl() + "?reWriteBatchedInserts=true",
                "--spring.datasource.username=" + config.jdbcUser(),
                "--spring.datasource.password=" + config.jdbcPassword()), "512m"));
        List<String> gateway = new ArrayList<>(List.of(
                "--server.port=" + p.gateway(),
                "--management.server.port=" + p.gatewayManagement(),
                "--kubesim.gateway.token-file=" + Credentials.tokenFile(home).toAbsolutePath(),
                "--kubesim.gateway.state-service-url=http://127.0.0.1:" + p.stateService()));
        if (config.tls()) {
            Path pki = home.resolve("pki").toAbsolutePath();
            gateway.addAll(List.of(
                    "--server.ssl.bundle=kubesim",
                    "--spring.ssl.bundle.pem.kubesim.keystore.certificate=file:" + Pki.serverCert(pki),
                    "--spring.ssl.bundle.pem.kubesim.keystore.private-key=file:" + Pki.serverKey(pki)));
        } else {
            gateway.add("--kubesim.gateway.insecure-loopback=true");
        }
        out.add(new Component("api-gateway", "api-gateway", p.gatewayManagement(), gateway, "384m"));
        out.add(new Component("scheduler", "scheduler-service", p.scheduler(), List.of(), "256m"));
        out.add(new Component("controller-manager", "controller-manager", p.controllerManager(), List.of(), "256m"));
        int i = 0;
        for (String group : config.agentGroups()) {
            Path nodesFile = home.resolve("agents").resolve(group + ".json").toAbsolutePath();
            String[] osArch = group.contains("-") ? group.split("-", 2) : new String[] {"linux", group};
            out.add(new Component("node-agent-" + group, "node-agent-sim", p.agentBase() + i, List.of(
                    "--kubesim.agent.os=" + osArch[0],
                    "--kubesim.agent.architecture=" + osArch[1],
                    "--kubesim.agent.nodes-file=" + nodesFile), "256m"));
            i++;
        }
        return out;
    }

    /** Starts whatever is not running and waits until every component is healthy. Safe to call again. */
    public void up(Progress progress) {
        up(progress, () -> { });
    }

    /**
     * As {@link #up(Progress)}, running {@code withStateServiceAlone} once state-service is healthy and before any
     * other component starts: the moment when the log holds only what state-service wrote itself (for an import).
     */
    public void up(Progress progress, Runnable withStateServiceAlone) {
        try {
            Files.createDirectories(home.resolve("logs"));
            Files.createDirectories(home.resolve("pids"));
            Files.createDirectories(home.resolve("agents"));
            config.save();
            writeAgentFiles();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (config.externalInfra() == null) {
            config.infra().start(new TopicNames(config.topicPrefix()), progress.asInfraProgress());
        } else {
            io.kubesim.infra.TopicSetup.ensure(config.bootstrapServers(), new TopicNames(config.topicPrefix()));
            Pki.ensure(home.resolve("pki"));
            Credentials.ensureTokenFile(home);
        }
        List<Component> all = components();
        Component state = all.getFirst();
        start(state, progress);
        awaitHealthy(List.of(state), progress, Duration.ofSeconds(120));
        withStateServiceAlone.run();
        List<Component> rest = all.subList(1, all.size());
        for (Component c : rest) {
            start(c, progress);
        }
        awaitHealthy(rest, progress, Duration.ofSeconds(180));
        writeKubeconfigs();
    }

    /** Stops every component (services first, then Kafka and PostgreSQL); returns what was stopped. */
    public List<String> down(Progress progress) {
        List<String> stopped = new ArrayList<>();
        List<Component> all = new ArrayList<>(components());
        java.util.Collections.reverse(all);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, all.size()));
        Map<String, Future<Boolean>> results = new LinkedHashMap<>();
        for (Component c : all) {
            results.put(c.name(), pool.submit(() -> process(c).stop(Duration.ofSeconds(20))));
        }
        results.forEach((name, f) -> {
            try {
                if (f.get()) {
                    stopped.add(name);
                    progress.stopped(name);
                }
            } catch (Exception e) {
                progress.failed(name, e.getMessage());
            }
        });
        pool.shutdown();
        if (config.externalInfra() == null) {
            Infra infra = config.infra();
            if (infra.kafka().stop()) {
                stopped.add("kafka");
                progress.stopped("kafka");
            }
            if (infra.postgres().stop()) {
                stopped.add("postgres");
                progress.stopped("postgres");
            }
        }
        return stopped;
    }

    /** Stops one component and starts it again (the cluster continues from the log). */
    public void restart(String name, Progress progress) {
        Component c = components().stream().filter(x -> x.name().equals(name) || x.module().equals(name)
                        || (name.equals("scheduler-service") && x.name().equals("scheduler")))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no component " + name + "; components: "
                        + components().stream().map(Component::name).toList()));
        if (process(c).stop(Duration.ofSeconds(20))) {
            progress.stopped(c.name());
        }
        start(c, progress);
        awaitHealthy(List.of(c), progress, Duration.ofSeconds(120));
    }

    /** Stops one component hard (SIGKILL), as a crash would. */
    public boolean kill(String name) {
        Component c = components().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        return process(c).alivePid().stream().mapToObj(pid -> ProcessHandle.of(pid)
                .map(ProcessHandle::destroyForcibly).orElse(false)).findFirst().orElse(false);
    }

    /** One line per component: name, pid, health. */
    public Map<String, String> status() {
        Map<String, String> out = new LinkedHashMap<>();
        if (config.externalInfra() == null) {
            Infra infra = config.infra();
            out.put("kafka", infra.kafka().process().alivePid().isPresent()
                    ? "running (pid " + infra.kafka().process().alivePid().getAsLong() + ") " + infra.bootstrapServers()
                    : "stopped");
            out.put("postgres", infra.postgres().pid().isPresent()
                    ? "running (pid " + infra.postgres().pid().getAsLong() + ") 127.0.0.1:" + infra.postgresPort()
                    : "stopped");
        }
        for (Component c : components()) {
            var pid = process(c).alivePid();
            out.put(c.name(), pid.isEmpty() ? "stopped"
                    : (healthy(c) ? "healthy" : "not ready") + " (pid " + pid.getAsLong() + ") " + c.detail(config));
        }
        return out;
    }

    public Path logFile(String name) {
        return home.resolve("logs").resolve(name + ".log");
    }

    public Path kubeconfig() {
        return home.resolve("kubeconfig");
    }

    public Path viewerKubeconfig() {
        return home.resolve("kubeconfig-viewer");
    }

    public String gatewayUrl() {
        return (config.tls() ? "https" : "http") + "://127.0.0.1:" + config.ports().gateway();
    }

    /**
     * The garbage collector of a component. State-service's writer keeps several batches in flight between its
     * stages, and the serial collector's young collections cost it about 50 µs per command on this two-core machine
     * against about 10 with the parallel one (LogBenchmark, both measured); the other services allocate little and
     * keep the smaller serial collector.
     */
    static String collector(Component c) {
        return c.module().equals("state-service") ? "-XX:+UseParallelGC" : "-XX:+UseSerialGC";
    }

    private void start(Component c, Progress progress) {
        ManagedProcess p = process(c);
        if (p.isAlive()) {
            return;
        }
        Path jar = jar(c.module());
        if (!Files.exists(jar)) {
            throw new IllegalStateException(c.module() + " is not built (" + jar + " missing); run ./mvnw -DskipTests "
                    + "package, or ./kubesim up which builds it");
        }
        List<String> cmd = new ArrayList<>(List.of(ManagedProcess.javaBinary(),
                "-Xms32m", "-Xmx" + c.heap(), collector(c), "-XX:MaxMetaspaceSize=160m", "-Xss512k"));
        if (c.module().equals("node-agent-sim") || c.module().equals("controller-manager")) {
            cmd.add("-XX:TieredStopAtLevel=1"); // quick to start, little memory; they are not on a hot path
        }
        cmd.addAll(List.of(
                "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + home.resolve("cds").resolve(c.name()
                        + ".jsa").toAbsolutePath(),
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-Djava.awt.headless=true",
                "-jar", jar.toString(),
                "--spring.main.banner-mode=off",
                "--management.endpoints.web.exposure.include=health,info",
                "--kubesim.kafka.bootstrap-servers=" + config.bootstrapServers(),
                "--kubesim.topic-prefix=" + config.topicPrefix(),
                "--kubesim.clock.origin=" + config.clockOrigin(),
                "--kubesim.clock.speed=" + config.clockSpeed()));
        if (!c.module().equals("api-gateway")) {
            cmd.add("--server.port=" + c.healthPort());
        }
        // every port on loopback, as Kafka's and PostgreSQL's: state-service's import, verify and audit reads and
        // the agents' log endpoints answer whoever reaches them (only the gateway authenticates), and the gateway's
        // --insecure-http makes a request without a token the admin
        cmd.add("--server.address=" + Net.LOOPBACK);
        if (c.module().equals("api-gateway")) {
            cmd.add("--management.server.address=" + Net.LOOPBACK); // its own port; the others share server.port
        }
        cmd.addAll(c.args());
        try {
            Files.createDirectories(home.resolve("cds"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        progress.starting(c.name());
        p.start(cmd, home, Map.of());
    }

    private void awaitHealthy(List<Component> components, Progress progress, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Map<String, Boolean> ready = new ConcurrentHashMap<>();
        while (System.nanoTime() < deadline) {
            for (Component c : components) {
                if (ready.containsKey(c.name())) {
                    continue;
                }
                if (!process(c).isAlive()) {
                    throw new IllegalStateException(c.name() + " exited during start-up; last lines of "
                            + logFile(c.name()) + ":\n" + process(c).logTail(25));
                }
                if (healthy(c)) {
                    ready.put(c.name(), true);
                    progress.ready(c.name(), c.detail(config), start);
                }
            }
            if (ready.size() == components.size()) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        List<String> late = components.stream().map(Component::name).filter(n -> !ready.containsKey(n)).toList();
        throw new IllegalStateException("not healthy within " + timeout.toSeconds() + " s: " + late + "; see "
                + home.resolve("logs"));
    }

    private boolean healthy(Component c) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + c.healthPort() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ManagedProcess process(Component c) {
        return new ManagedProcess(c.name(), home.resolve("pids").resolve(c.name() + ".pid"), logFile(c.name()));
    }

    private Path jar(String module) {
        return repoRoot.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT-exec.jar");
    }

    private void writeAgentFiles() throws IOException {
        Map<String, List<NodeTemplate>> byAgent = config.spec().byAgent();
        for (String group : config.agentGroups()) {
            Files.writeString(home.resolve("agents").resolve(group + ".json"),
                    KubeJson.write(new ClusterSpec(byAgent.getOrDefault(group, List.of()))));
        }
    }

    private void writeKubeconfigs() {
        Path pki = home.resolve("pki");
        Path ca = config.tls() ? Pki.caCert(pki) : null;
        Credentials.writeKubeconfig(kubeconfig(), gatewayUrl(), ca, Credentials.ADMIN_USER,
                Credentials.tokenOf(home, Credentials.ADMIN_USER));
        Credentials.writeKubeconfig(viewerKubeconfig(), gatewayUrl(), ca, Credentials.VIEW_USER,
                Credentials.tokenOf(home, Credentials.VIEW_USER));
    }

    /**
     * One process of the cluster.
     *
     * @param name       its name in status, logs and restart
     * @param module     the Maven module whose executable jar it runs
     * @param healthPort the plain-HTTP port of {@code /actuator/health}
     * @param args       extra Spring arguments
     * @param heap       -Xmx
     */
    public record Component(String name, String module, int healthPort, List<String> args, String heap) {

        String detail(ClusterConfig config) {
            return module.equals("api-gateway")
                    ? (config.tls() ? "https" : "http") + "://127.0.0.1:" + config.ports().gateway()
                    : "127.0.0.1:" + healthPort;
        }
    }

    /** Start-up progress, shown to the user. */
    public interface Progress {
        void starting(String component);

        void ready(String component, String detail, long startNanos);

        void stopped(String component);

        void failed(String component, String why);

        default Infra.Progress asInfraProgress() {
            Progress self = this;
            return new Infra.Progress() {
                @Override
                public void starting(String component) {
                    self.starting(component);
                }

                @Override
                public void ready(String component, String detail, long startNanos) {
                    self.ready(component, detail, startNanos);
                }

                @Override
                public void stopped(String component) {
                    self.stopped(component);
                }
            };
        }

        Progress CONSOLE = new Progress() {
            @Override
            public void starting(String component) {
                System.out.printf("  %-26s starting%n", component);
            }

            @Override
            public void ready(String component, String detail, long startNanos) {
                System.out.printf("  %-26s ready   %-32s %5.1f s%n", component, detail,
                        (System.nanoTime() - startNanos) / 1e9);
            }

            @Override
            public void stopped(String component) {
                System.out.printf("  %-26s stopped%n", component);
            }

            @Override
            public void failed(String component, String why) {
                System.out.printf("  %-26s FAILED  %s%n", component, why);
            }
        };

        Progress SILENT = new Progress() {
            @Override
            public void starting(String component) {
            }

            @Override
            public void ready(String component, String detail, long startNanos) {
            }

            @Override
            public void stopped(String component) {
            }

            @Override
            public void failed(String component, String why) {
            }
        };
    }

    static boolean portsFree(List<Integer> ports) {
        return ports.stream().noneMatch(Net::isListening);
    }
}
