package io.kubesim.scheduler.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Node;
import io.kubesim.agent.node.ClusterNodes;
import io.kubesim.model.cluster.ClusterSpec;
import io.kubesim.model.json.KubeJson;
import io.kubesim.scheduler.framework.SchedulerConfig;
import io.kubesim.scheduler.service.RegistryImageCatalog;
import io.kubesim.scheduler.service.SchedulerProperties;

/**
 * {@code ./kubesim replay}: the command line of {@link Replay}. The script runs it from scheduler-service's
 * executable jar ({@code java -cp scheduler-service-*-exec.jar -Dloader.main=io.kubesim.scheduler.replay.ReplayCommand
 * org.springframework.boot.loader.launch.PropertiesLauncher ...}); nothing of the service is started.
 */
public final class ReplayCommand {

    static final String USAGE = """
            usage: ./kubesim replay --from <export.jsonl> [-f cluster.yaml] [--scheduler-config scheduler.yaml]
                                    [--seed N] [--out replayed.jsonl] [-o table|json]

              Re-runs the pods of an exported log (./kubesim audit export -o x.jsonl) through the scheduler on a
              fresh log and prints where they land compared with the recorded run.
              --from FILE               the export (JSON Lines); - reads standard input
              -f, --file FILE           another cluster shape (a cluster file as for ./kubesim up -f); default: the
                                        log's own nodes, as they came and went
              --scheduler-config FILE   the scheduler's settings (kubesim.scheduler.*, as scheduler.yaml); default:
                                        upstream's default profile, ImageArchitecture off
              --seed N                  the tie-break seed (default: the config's, 0)
              --out FILE                write the replayed run as a fresh log (JSON Lines, revisions from 1)
              -o table|json             output format (default table)
            """;

    private ReplayCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the command; the exit code (0, 1 failure, 2 usage). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String from = null;
        Path clusterFile = null;
        Path configFile = null;
        Long seed = null;
        Path outFile = null;
        String format = "table";
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--from" -> from = value(args, ++i, a);
                    case "-f", "--file" -> clusterFile = Path.of(value(args, ++i, a));
                    case "--scheduler-config" -> configFile = Path.of(value(args, ++i, a));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                    case "--out" -> outFile = Path.of(value(args, ++i, a));
                    case "-o", "--output" -> format = value(args, ++i, a);
                    case "-h", "--help", "help" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + a);
                }
            }
            if (from == null) {
                throw new IllegalArgumentException("--from <export> is required");
            }
            if (!format.equals("table") && !format.equals("json")) {
                throw new IllegalArgumentException("-o must be table or json, was " + format);
            }
        } catch (IllegalArgumentException e) {
            err.print("kubesim replay: " + e.getMessage() + "\n\n" + USAGE);
            return 2;
        }
        try {
            List<LogLine> log = readLog(from);
            SchedulerProperties properties = configFile == null ? SchedulerConfigFile.defaults()
                    : SchedulerConfigFile.load(configFile);
            SchedulerConfig config = properties.toConfig();
            if (seed != null) {
                config = new SchedulerConfig(config.profiles(), seed, config.parallelism(), config.podInitialBackoff(),
                        config.podMaxBackoff(), config.podMaxInUnschedulablePods(), config.topScoredNodesToRecord());
            }
            List<Node> cluster = clusterFile == null ? null : clusterNodes(clusterFile, log);
            ReplayResult result = Replay.run(log, new Replay.Options(config,
                    RegistryImageCatalog.load(properties.extraImageCatalog()), cluster));
            if (outFile != null) {
                try (Writer w = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
                    for (LogLine l : result.log()) {
                        w.write(l.toJson());
                        w.write('\n');
                    }
                }
            }
            ReplayReport.Inputs inputs = new ReplayReport.Inputs(from,
                    clusterFile == null ? null : clusterFile.toString(), config);
            out.print(format.equals("json") ? ReplayReport.json(result, inputs) : ReplayReport.text(result, inputs));
            if (outFile != null && format.equals("table")) {
                out.println("\nreplayed log: " + outFile + " (" + result.log().size() + " rows)");
            }
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("kubesim replay: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("kubesim replay: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    /** The Nodes a cluster file describes, as their agents would register them. */
    static List<Node> clusterNodes(Path file, List<LogLine> log) throws IOException {
        ClusterSpec spec;
        try {
            spec = KubeJson.yaml().readValue(Files.readString(file), ClusterSpec.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cluster file " + file + ": " + e.getMessage(), e);
        }
        Instant at = Instant.EPOCH;
        if (!log.isEmpty()) {
            try {
                at = Instant.parse(log.getFirst().time());
            } catch (DateTimeParseException e) {
                // keep the epoch
            }
        }
        List<Node> out = new ArrayList<>();
        ClusterNodes.registered(spec, at).forEach(n -> out.add(KubeJson.convert(n, Node.class)));
        return out;
    }

    private static List<LogLine> readLog(String from) throws IOException {
        if (from.equals("-")) {
            return LogLine.read(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        }
        Path p = Path.of(from);
        if (!Files.isReadable(p)) {
            throw new IOException("cannot read " + from);
        }
        try (BufferedReader in = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            return LogLine.read(in);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
