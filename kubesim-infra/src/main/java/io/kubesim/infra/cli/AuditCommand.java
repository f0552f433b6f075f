package io.kubesim.infra.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.infra.cli.StateServiceClient.AuditException;
import io.kubesim.infra.cluster.ClusterConfig;
import io.kubesim.infra.cluster.Ports;
import io.kubesim.model.json.KubeJson;

/**
 * {@code ./kubesim audit}: reads the event log through state-service's audit API — the history of an object, the
 * state at a revision or time, the difference between two revisions, why a pod is where it is, a replay check of the
 * whole log, an export as JSON Lines and the import of one into an empty cluster. Tables by default, {@code -o json} for state-service's JSON as is.
 *
 * <p>state-service is found at {@code --state-url}, else {@code KUBESIM_STATE_URL}, else the state-service port of
 * the cluster {@code ./kubesim up} recorded in {@code <KUBESIM_HOME>/cluster.json}, else the default port.
 */
public final class AuditCommand {

    static final String USAGE = """
              audit history <kind>/<name> [-n ns] [--actor A] [--from N] [--to M] [--since T] [--until T] [-o json]
                                  the object's changes in the log (kind: pod/po, node/no, deployment/deploy,
                                  replicaset/rs, daemonset/ds, job, ...); a kind alone or no object: every change
              audit at (--revision N | --time T) [--prefix /pods/] [-o json]
                                  the objects as they were at a revision or an RFC 3339 time
              audit diff N M [-o json]        objects added, removed and modified between two revisions
              audit why pod/<name> [-n ns] [-o json]
                                  the pod's history with the scheduler's decisions, in revision order
              audit verify [-o json]          replay the whole log and compare it with the live state
              audit export [--from N] [--to M] [-o file]
                                  the log as JSON Lines (to stdout, or to a file with progress)
              audit import FILE [-o json]     an export into a new cluster's empty log: the same objects at the
                                  same revisions (progress on stderr; refused if the log is not empty)
              audit options: --state-url URL (KUBESIM_STATE_URL; default: the running cluster's state-service)
            """;

    private static final String HISTORY = "/kubesim/v1/history";

    private final StateServiceClient client;
    private final PrintStream out;
    private final PrintStream err;

    private AuditCommand(StateServiceClient client, PrintStream out, PrintStream err) {
        this.client = client;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs {@code audit <args>}; failures are printed as {@code kubesim: <message>} on {@code err}. Exit code 0,
     * 1 on a failure (or a verify with mismatches), 2 on a usage error.
     */
    public static int run(List<String> args, Path home, PrintStream out, PrintStream err) {
        return run(args, home, System.getenv(), out, err);
    }

    static int run(List<String> argv, Path home, Map<String, String> env, PrintStream out, PrintStream err) {
        Deque<String> args = new ArrayDeque<>();
        String stateUrl = null;
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--state-url")) {
                if (i + 1 >= argv.size()) {
                    err.println("kubesim: --state-url needs an argument");
                    return 2;
                }
                stateUrl = argv.get(++i);
            } else if (a.startsWith("--state-url=")) {
                stateUrl = a.substring("--state-url=".length());
            } else {
                args.add(a);
            }
        }
        if (args.isEmpty() || Set.of("help", "-h", "--help").contains(args.peek())) {
            (args.isEmpty() ? err : out).print("usage: ./kubesim audit <subcommand> [options]\n\n" + USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        try {
            AuditCommand command = new AuditCommand(new StateServiceClient(stateUrl(stateUrl, env, home)), out, err);
            return command.dispatch(args.pop(), args);
        } catch (UsageException | IllegalArgumentException e) {
            err.println("kubesim: " + e.getMessage());
            return 2;
        } catch (AuditException | UncheckedIOException e) {
            err.println("kubesim: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
        }
    }

    /** {@code --state-url}, else {@code KUBESIM_STATE_URL}, else the recorded cluster's port, else the default. */
    static String stateUrl(String flag, Map<String, String> env, Path home) {
        if (flag != null && !flag.isBlank()) {
            return flag.strip();
        }
        String fromEnv = env.get("KUBESIM_STATE_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        int port = ClusterConfig.exists(home) ? ClusterConfig.load(home).ports().stateService()
                : Ports.defaults().stateService();
        return "http://127.0.0.1:" + port;
    }

    private int dispatch(String sub, Deque<String> args) {
        return switch (sub) {
            case "history" -> history(Options.parse("history", args, Set.of("-n", "--actor", "--from", "--to",
                    "--since", "--until", "-o")));
            case "at" -> at(Options.parse("at", args, Set.of("--revision", "--time", "--prefix", "-o")));
            case "diff" -> diff(Options.parse("diff", args, Set.of("-o")));
            case "why" -> why(Options.parse("why", args, Set.of("-n", "-o")));
            case "verify" -> verify(Options.parse("verify", args, Set.of("-o")));
            case "export" -> export(Options.parse("export", args, Set.of("--from", "--to", "-o")));
            case "import" -> importLog(Options.parse("import", args, Set.of("-o")));
            default -> throw new UsageException("unknown audit subcommand " + sub
                    + " (history, at, diff, why, verify, export, import)");
        };
    }

    // ---------------------------------------------------------------- subcommands

    private int history(Options o) {
        boolean json = o.json();
        Map<String, String> params = new LinkedHashMap<>();
        boolean oneObject = false;
        if (o.positional.size() > 1) {
            throw new UsageException("history takes one <kind>/<name>, not " + o.positional);
        }
        if (o.positional.size() == 1) {
            String ref = o.positional.getFirst();
            if (ref.contains("/")) {
                params.put("key", AuditRef.parse(ref, o.get("-n")).key());
                oneObject = true;
            } else {
                params.put("resource", AuditRef.type(ref).qualifiedName());
            }
        }
        params.put("actor", o.get("--actor"));
        params.put("fromRevision", o.get("--from"));
        params.put("toRevision", o.get("--to"));
        params.put("since", o.get("--since"));
        params.put("until", o.get("--until"));
        JsonNode all = allPages(params);
        if (json) {
            out.println(KubeJson.write(all));
        } else if (all.path("items").isEmpty()) {
            out.println("no changes in the log" + (oneObject ? " for " + params.get("key") : ""));
        } else {
            out.print(AuditFormat.history(all.path("items"), !oneObject));
        }
        return 0;
    }

    /** Every page of a history query, following {@code continue}, as one History answer. */
    private JsonNode allPages(Map<String, String> params) {
        ObjectNode all = KubeJson.json().createObjectNode();
        all.put("kind", "History");
        ArrayNode items = all.putArray("items");
        Map<String, String> page = new LinkedHashMap<>(params);
        while (true) {
            JsonNode answer = client.get(HISTORY, page);
            all.set("revision", answer.path("revision"));
            answer.path("items").forEach(items::add);
            String next = answer.path("continue").asString("");
            if (next.isEmpty()) {
                return all;
            }
            page.put("continue", next);
        }
    }

    private int at(Options o) {
        o.noPositional();
        if ((o.get("--revision") == null) == (o.get("--time") == null)) {
            throw new UsageException("at needs --revision N or --time T (one of them)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("revision", o.get("--revision"));
        params.put("time", o.get("--time"));
        params.put("prefix", o.get("--prefix"));
        JsonNode state = client.get("/kubesim/v1/state", params);
        out.print(o.json() ? KubeJson.write(state) + "\n" : AuditFormat.state(state));
        return 0;
    }

    private int diff(Options o) {
        if (o.positional.size() != 2) {
            throw new UsageException("diff needs two revisions: diff N M");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("from", o.positional.get(0));
        params.put("to", o.positional.get(1));
        JsonNode diff = client.get("/kubesim/v1/diff", params);
        out.print(o.json() ? KubeJson.write(diff) + "\n" : AuditFormat.diff(diff));
        return 0;
    }

    private int why(Options o) {
        if (o.positional.size() != 1) {
            throw new UsageException("why needs one pod: why pod/<name> [-n ns]");
        }
        AuditRef ref = AuditRef.parse(o.positional.getFirst(), o.get("-n"));
        if (!ref.type().kind().equals("Pod")) {
            throw new UsageException("why explains pods (pod/<name>), not " + ref.type().plural());
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("key", ref.key());
        JsonNode history = allPages(params).path("items");
        JsonNode decisions = client.get("/kubesim/v1/decisions", Map.of("pod", ref.key())).path("items");
        if (o.json()) {
            ObjectNode both = KubeJson.json().createObjectNode();
            both.put("pod", ref.key());
            both.set("history", history);
            both.set("decisions", decisions);
            out.println(KubeJson.write(both));
        } else if (history.isEmpty() && decisions.isEmpty()) {
            out.println("nothing in the log about " + ref.key());
        } else {
            out.print(AuditFormat.why(history, decisions));
        }
        return 0;
    }

    private int verify(Options o) {
        o.noPositional();
        // state-service answers once the replay is done: until then, say every two seconds that it is running
        long start = System.nanoTime();
        Thread ticker = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Thread.sleep(2000);
                    err.printf("verifying: replaying the log, %.0f s so far%n", (System.nanoTime() - start) / 1e9);
                }
            } catch (InterruptedException e) {
                // done
            }
        });
        JsonNode v;
        try {
            v = client.post("/kubesim/v1/verify");
        } finally {
            ticker.interrupt();
        }
        out.print(o.json() ? KubeJson.write(v) + "\n" : AuditFormat.verify(v));
        return v.path("mismatches").isEmpty() ? 0 : 1;
    }

    private int export(Options o) {
        o.noPositional();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("fromRevision", o.get("--from"));
        params.put("toRevision", o.get("--to"));
        String file = o.get("-o");
        long start = System.nanoTime();
        try (InputStream in = client.stream("/kubesim/v1/export", params)) {
            if (file == null) {
                in.transferTo(out);
                return 0;
            }
            Path target = Path.of(file);
            long[] counts;
            try (OutputStream to = Files.newOutputStream(target)) {
                counts = copyCountingLines(in, to, start);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(target);
                throw e;
            }
            err.printf("exported %d rows (%d bytes) to %s in %.1f s%n", counts[0], counts[1], target,
                    (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (IOException e) {
            throw new AuditException("export failed: " + e.getMessage());
        }
    }

    private int importLog(Options o) {
        if (o.positional.size() != 1) {
            throw new UsageException("import needs one file: audit import FILE (an export)");
        }
        JsonNode r = upload(client, Path.of(o.positional.getFirst()), err);
        if (o.json()) {
            out.print(KubeJson.write(r) + "\n");
        } else {
            out.print(AuditFormat.imported(r));
        }
        return 0;
    }

    /**
     * {@code ./kubesim up --import FILE}: imports into the state-service at {@code stateServiceUrl} of a cluster that
     * is starting (nothing but state-service has written yet).
     */
    public static void importInto(String stateServiceUrl, Path file, PrintStream out, PrintStream err) {
        out.print(AuditFormat.imported(upload(new StateServiceClient(stateServiceUrl), file, err)));
    }

    private static JsonNode upload(StateServiceClient client, Path file, PrintStream err) {
        long size;
        try {
            size = Files.size(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new AuditException("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new AuditException("cannot read " + file + ": " + e.getMessage());
        }
        long start = System.nanoTime();
        long[] lastReport = {start};
        JsonNode r = client.upload("/kubesim/v1/import", file, (rows, bytes) -> {
            long now = System.nanoTime();
            if (now - lastReport[0] > 1_000_000_000L) {
                lastReport[0] = now;
                err.printf("importing: %d rows sent (%d of %d bytes, %.0f %%) after %.0f s%n", rows, bytes, size,
                        size == 0 ? 100.0 : 100.0 * bytes / size, (now - start) / 1e9);
            }
        });
        return r;
    }

    /** Copies, counting rows and bytes, with a progress line on stderr at most once a second. */
    private long[] copyCountingLines(InputStream in, OutputStream to, long start) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long rows = 0;
        long bytes = 0;
        long lastReport = System.nanoTime();
        for (int n; (n = in.read(buffer)) > 0; ) {
            to.write(buffer, 0, n);
            bytes += n;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    rows++;
                }
            }
            if (System.nanoTime() - lastReport > 1_000_000_000L) {
                lastReport = System.nanoTime();
                err.printf("exporting: %d rows (%d bytes) after %.0f s%n", rows, bytes, (lastReport - start) / 1e9);
            }
        }
        return new long[] {rows, bytes};
    }

    // ---------------------------------------------------------------- options

    /** Positional arguments and {@code -x value} options of one subcommand ({@code --x=value} too). */
    static final class Options {

        private static final Map<String, String> ALIASES = Map.of("--namespace", "-n", "--output", "-o",
                "--from-revision", "--from", "--to-revision", "--to");

        final List<String> positional = new ArrayList<>();
        private final Map<String, String> values = new HashMap<>();

        static Options parse(String sub, Deque<String> args, Set<String> valueOptions) {
            Options o = new Options();
            while (!args.isEmpty()) {
                String a = args.pop();
                String inline = null;
                if (a.startsWith("--") && a.contains("=")) {
                    inline = a.substring(a.indexOf('=') + 1);
                    a = a.substring(0, a.indexOf('='));
                }
                String name = ALIASES.getOrDefault(a, a);
                if (valueOptions.contains(name)) {
                    if (inline == null && args.isEmpty()) {
                        throw new UsageException(a + " needs an argument");
                    }
                    o.values.put(name, inline != null ? inline : args.pop());
                } else if (a.startsWith("-") && a.length() > 1 && !a.matches("-\\d+")) {
                    throw new UsageException("unknown option " + a + " for audit " + sub);
                } else {
                    o.positional.add(a);
                }
            }
            return o;
        }

        String get(String name) {
            return values.get(name);
        }

        boolean json() {
            String output = values.get("-o");
            if (output != null && !output.equals("json")) {
                throw new UsageException("-o takes json (the table is the default), not " + output);
            }
            return output != null;
        }

        void noPositional() {
            if (!positional.isEmpty()) {
                throw new UsageException("unexpected argument(s) " + positional);
            }
        }
    }

    /** A command line that does not make sense: exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
