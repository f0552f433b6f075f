package io.kubesim.infra.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import io.kubesim.infra.Infra;
import io.kubesim.infra.Net;
import io.kubesim.infra.PostgresServer;
import io.kubesim.infra.cluster.ClusterConfig;
import io.kubesim.infra.cluster.ClusterLauncher;
import io.kubesim.infra.cluster.Ports;
import io.kubesim.model.TopicNames;
import io.kubesim.model.cluster.ClusterSpec;
import io.kubesim.model.json.KubeJson;

/**
 * The Java half of {@code ./kubesim} (the script builds what is needed, then calls this): up, down, status, logs,
 * restart, audit (see {@link AuditCommand}), and the test build's shared infrastructure.
 */
public final class KubesimCli {

    private static final String USAGE = """
            usage: ./kubesim <command> [options]

              up [-f cluster.yaml] [--empty] [--speed N] [--insecure-http] [--import EXPORT]
                                  start Kafka, PostgreSQL and every service; register the cluster's nodes
              down [--purge]      stop everything that up started (--purge also deletes .kubesim/)
              status              each component's pid and health
              logs <component>    the component's log (.kubesim/logs/<component>.log)
              restart <component> stop and start one component while the cluster runs
              kill <component>    stop one component hard (SIGKILL), as a crash would
              test                run the test suite (./kubesim test [maven args])
              replay --from <export.jsonl> [-f cluster.yaml] [--scheduler-config scheduler.yaml] [--seed N]
                     [--out replayed.jsonl] [-o json]
                                  re-run an exported log's pods through the scheduler against another cluster
                                  shape or configuration, offline, and print where they land compared with the
                                  recorded run (./kubesim replay --help)
            """ + AuditCommand.USAGE + """

            ports (flags or environment): --gateway-port (KUBESIM_GATEWAY_PORT, 6443), --kafka-port
            (KUBESIM_KAFKA_PORT, 19092), --postgres-port (KUBESIM_POSTGRES_PORT, 15432); the cluster's folder is
            KUBESIM_HOME (default .kubesim in the repository).
            """;

    private KubesimCli() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            System.err.println("kubesim: " + e.getMessage());
            System.exit(1);
        }
    }

    static int run(String[] argv) {
        Deque<String> args = new ArrayDeque<>(List.of(argv));
        if (args.isEmpty()) {
            System.out.print(USAGE);
            return 2;
        }
        Path repo = Path.of(System.getProperty("kubesim.repo", ".")).toAbsolutePath().normalize();
        String env = System.getenv("KUBESIM_HOME");
        Path home = env == null || env.isBlank() ? repo.resolve(".kubesim") : Path.of(env);
        String command = args.pop();
        return switch (command) {
            case "up" -> up(repo, home, args);
            case "down" -> down(repo, home, args);
            case "status" -> status(repo, home);
            case "logs" -> logs(repo, home, args);
            case "restart" -> restart(repo, home, args);
            case "kill" -> kill(repo, home, args);
            case "audit" -> AuditCommand.run(List.copyOf(args), home, System.out, System.err);
            case "test-infra" -> testInfra(repo, args);
            case "prepare" -> prepare(args);
            case "topics" -> {
                String bootstrap = "127.0.0.1:19092";
                String prefix = "";
                while (!args.isEmpty()) {
                    String a = args.pop();
                    switch (a) {
                        case "--bootstrap" -> bootstrap = need(args, a);
                        case "--prefix" -> prefix = need(args, a);
                        default -> throw new IllegalArgumentException("unknown option " + a + " for topics");
                    }
                }
                io.kubesim.infra.TopicSetup.ensure(bootstrap, new TopicNames(prefix));
                System.out.println("topics ready on " + bootstrap);
                yield 0;
            }
            case "help", "-h", "--help" -> {
                System.out.print(USAGE);
                yield 0;
            }
            default -> {
                System.err.print("kubesim: unknown command " + command + "\n\n" + USAGE);
                yield 2;
            }
        };
    }

    private static int up(Path repo, Path home, Deque<String> args) {
        Path clusterFile = null;
        boolean empty = false;
        Double speed = null;
        boolean insecure = false;
        Path importFile = null;
        Ports defaults = Ports.defaults();
        int gatewayPort = envInt("KUBESIM_GATEWAY_PORT", defaults.gateway());
        int kafkaPort = envInt("KUBESIM_KAFKA_PORT", defaults.kafka());
        int postgresPort = envInt("KUBESIM_POSTGRES_PORT", defaults.postgres());
        while (!args.isEmpty()) {
            String a = args.pop();
            switch (a) {
                case "-f", "--file" -> clusterFile = Path.of(need(args, a));
                case "--empty" -> empty = true;
                case "--speed" -> speed = Double.parseDouble(need(args, a));
                case "--insecure-http" -> insecure = true;
                case "--import" -> importFile = Path.of(need(args, a));
                case "--gateway-port" -> gatewayPort = Integer.parseInt(need(args, a));
                case "--kafka-port" -> kafkaPort = Integer.parseInt(need(args, a));
                case "--postgres-port" -> postgresPort = Integer.parseInt(need(args, a));
                default -> throw new IllegalArgumentException("unknown option " + a + " for up");
            }
        }
        ClusterSpec spec = empty ? new ClusterSpec(List.of())
                : clusterFile != null ? readSpec(clusterFile) : ClusterSpec.defaultCluster();
        ClusterConfig config;
        if (ClusterConfig.exists(home)) {
            ClusterConfig saved = ClusterConfig.load(home);
            ClusterLauncher running = new ClusterLauncher(repo, saved);
            boolean anyRunning = running.status().values().stream().anyMatch(s -> !s.startsWith("stopped"));
            boolean reshaped = clusterFile != null || empty;
            if (anyRunning && reshaped && !saved.spec().equals(spec)) {
                throw new IllegalStateException("a cluster with another shape is running; ./kubesim down first");
            }
            config = new ClusterConfig(home, saved.ports(), reshaped ? spec : saved.spec(), saved.extraAgents(),
                    saved.clockOrigin(), speed != null ? speed : saved.clockSpeed(), saved.topicPrefix(),
                    saved.tls(), null, brokerLibs(repo));
        } else {
            Ports p = new Ports(gatewayPort, defaults.gatewayManagement(), defaults.stateService(),
                    defaults.scheduler(), defaults.controllerManager(), defaults.agentBase(), kafkaPort,
                    kafkaPort + 1, postgresPort);
            config = new ClusterConfig(home, p, spec, ClusterConfig.DEFAULT_AGENTS, System.currentTimeMillis(),
                    speed == null ? 1.0 : speed, "", !insecure, null, brokerLibs(repo));
        }
        ClusterLauncher launcher = new ClusterLauncher(repo, config);
        long t0 = System.nanoTime();
        System.out.println("Starting kubesim in " + home);
        Path toImport = importFile;
        if (toImport != null && !Files.isReadable(toImport)) {
            throw new IllegalArgumentException("cannot read " + toImport);
        }
        int statePort = config.ports().stateService();
        launcher.up(ClusterLauncher.Progress.CONSOLE, () -> {
            if (toImport != null) {
                // before the gateway, the controllers and the node agents write anything: the log is still empty
                System.out.println("Importing " + toImport);
                AuditCommand.importInto("http://127.0.0.1:" + statePort, toImport, System.out, System.err);
            }
        });
        System.out.printf("%nCluster ready in %.1f s: %d node(s) %s%n", (System.nanoTime() - t0) / 1e9,
                spec.nodes().stream().mapToInt(n -> n.names().size()).sum(),
                spec.nodes().stream().flatMap(n -> n.names().stream()).toList());
        System.out.println("""

                Use it with kubectl:
                  export KUBECONFIG=%s
                  kubectl get nodes -o wide
                Read-only viewer: %s
                Stop it with: ./kubesim down""".formatted(launcher.kubeconfig(), launcher.viewerKubeconfig()));
        return 0;
    }

    private static int down(Path repo, Path home, Deque<String> args) {
        boolean purge = args.remove("--purge");
        if (!ClusterConfig.exists(home)) {
            System.out.println("no cluster in " + home);
            return 0;
        }
        ClusterLauncher launcher = new ClusterLauncher(repo, ClusterConfig.load(home));
        List<String> stopped = launcher.down(ClusterLauncher.Progress.CONSOLE);
        System.out.println(stopped.isEmpty() ? "nothing was running" : "stopped " + stopped.size() + " process(es)");
        if (purge) {
            try {
                PostgresServer.deleteTree(home);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            System.out.println("deleted " + home);
        }
        return 0;
    }

    private static int status(Path repo, Path home) {
        if (!ClusterConfig.exists(home)) {
            System.out.println("no cluster in " + home + " (start one with ./kubesim up)");
            return 3;
        }
        ClusterLauncher launcher = new ClusterLauncher(repo, ClusterConfig.load(home));
        Map<String, String> status = launcher.status();
        boolean allHealthy = true;
        for (var e : status.entrySet()) {
            System.out.printf("%-26s %s%n", e.getKey(), e.getValue());
            allHealthy &= e.getValue().startsWith("healthy") || e.getValue().startsWith("running");
        }
        return allHealthy ? 0 : 3;
    }

    private static int logs(Path repo, Path home, Deque<String> args) {
        String component = need(args, "logs");
        ClusterLauncher launcher = new ClusterLauncher(repo, ClusterConfig.load(home));
        Path log = switch (component) {
            case "kafka" -> home.resolve("kafka/kafka.log");
            case "postgres" -> home.resolve("postgres/postgres.log");
            default -> launcher.logFile(component);
        };
        if (!Files.exists(log)) {
            throw new IllegalArgumentException("no log for " + component + " (" + log + ")");
        }
        System.out.println(log);
        return 0;
    }

    private static int restart(Path repo, Path home, Deque<String> args) {
        String component = need(args, "restart");
        new ClusterLauncher(repo, ClusterConfig.load(home)).restart(component, ClusterLauncher.Progress.CONSOLE);
        return 0;
    }

    private static int kill(Path repo, Path home, Deque<String> args) {
        String component = need(args, "kill");
        boolean killed = new ClusterLauncher(repo, ClusterConfig.load(home)).kill(component);
        System.out.println(killed ? "killed " + component : component + " was not running");
        return 0;
    }

    /**
     * Writes what a cluster needs besides its processes — TLS material, the token file, kubeconfigs for the given
     * server URL and the node agents' node files of a cluster file (default: the default cluster) — into a folder.
     * docker-compose runs this once (service kubesim-init) before the services start.
     */
    private static int prepare(Deque<String> args) {
        Path home = null;
        String server = null;
        Path clusterFile = null;
        while (!args.isEmpty()) {
            String a = args.pop();
            switch (a) {
                case "--home" -> home = Path.of(need(args, a));
                case "--server" -> server = need(args, a);
                case "-f", "--file" -> clusterFile = Path.of(need(args, a));
                default -> throw new IllegalArgumentException("unknown option " + a + " for prepare");
            }
        }
        if (home == null || server == null) {
            throw new IllegalArgumentException("prepare --home DIR --server URL [-f cluster.yaml]");
        }
        ClusterSpec spec = clusterFile == null ? ClusterSpec.defaultCluster() : readSpec(clusterFile);
        io.kubesim.infra.Pki.ensure(home.resolve("pki"));
        io.kubesim.infra.Credentials.ensureTokenFile(home);
        Path ca = io.kubesim.infra.Pki.caCert(home.resolve("pki"));
        io.kubesim.infra.Credentials.writeKubeconfig(home.resolve("kubeconfig"), server, ca,
                io.kubesim.infra.Credentials.ADMIN_USER,
                io.kubesim.infra.Credentials.tokenOf(home, io.kubesim.infra.Credentials.ADMIN_USER));
        io.kubesim.infra.Credentials.writeKubeconfig(home.resolve("kubeconfig-viewer"), server, ca,
                io.kubesim.infra.Credentials.VIEW_USER,
                io.kubesim.infra.Credentials.tokenOf(home, io.kubesim.infra.Credentials.VIEW_USER));
        try {
            Files.createDirectories(home.resolve("agents"));
            var byAgent = spec.byAgent();
            for (String group : new java.util.LinkedHashSet<>(List.of("amd64", "arm64", "ppc64le"))) {
                Files.writeString(home.resolve("agents").resolve(group + ".json"),
                        KubeJson.write(new ClusterSpec(byAgent.getOrDefault(group, List.of()))));
            }
            for (var e : byAgent.entrySet()) {
                Files.writeString(home.resolve("agents").resolve(e.getKey() + ".json"),
                        KubeJson.write(new ClusterSpec(e.getValue())));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.out.println("prepared " + home + " (kubeconfig for " + server + ")");
        return 0;
    }

    /** Starts or stops the Kafka broker and PostgreSQL that one test build shares (see TestInfra). */
    private static int testInfra(Path repo, Deque<String> args) {
        String action = need(args, "test-infra");
        Path home = Path.of(need(args, "test-infra " + action));
        Path ports = home.resolve("ports.json");
        if (action.equals("start")) {
            int base = Net.freePorts(3, java.util.Set.of()); // Kafka, its controller, PostgreSQL
            Infra infra = new Infra(home, base, base + 1, base + 2, brokerLibs(repo));
            infra.start(TopicNames.standard(), Infra.Progress.SILENT);
            try {
                Files.writeString(ports, KubeJson.write(Map.of("kafka", infra.kafkaPort(),
                        "controller", infra.kafkaControllerPort(), "postgres", infra.postgresPort())));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            System.out.println("KUBESIM_TEST_KAFKA=" + infra.bootstrapServers());
            System.out.println("KUBESIM_TEST_POSTGRES_PORT=" + infra.postgresPort());
            return 0;
        }
        if (action.equals("stop")) {
            try {
                var p = KubeJson.parse(Files.readString(ports));
                new Infra(home, p.path("kafka").asInt(), p.path("controller").asInt(), p.path("postgres").asInt(),
                        brokerLibs(repo)).stop(Infra.Progress.SILENT);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return 0;
        }
        throw new IllegalArgumentException("test-infra start|stop <dir>");
    }

    private static ClusterSpec readSpec(Path file) {
        try {
            return KubeJson.yaml().readValue(Files.readString(file), ClusterSpec.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid cluster file " + file + ": " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static Path brokerLibs(Path repo) {
        return repo.resolve("kubesim-broker/target/libs");
    }

    private static String need(Deque<String> args, String after) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException(after + " needs an argument");
        }
        return args.pop();
    }

    private static int envInt(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
}
