package io.kubesim.scheduler.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.json.KubeJson;
import io.kubesim.scheduler.framework.ProfileConfig;
import io.kubesim.scheduler.framework.SchedulerConfig;
import io.kubesim.scheduler.replay.ReplayResult.ArchUsage;
import io.kubesim.scheduler.replay.ReplayResult.PodOutcome;

/** The placement diff of a replay, as tables for people or as JSON ({@code -o json}) for machines. */
public final class ReplayReport {

    /**
     * What was replayed against what, for the heading.
     *
     * @param from    the export read
     * @param cluster where the replayed cluster came from: null for the log's own nodes, else the cluster file
     * @param config  the scheduler configuration
     */
    public record Inputs(String from, String cluster, SchedulerConfig config) {
    }

    private ReplayReport() {
    }

    public static String text(ReplayResult r, Inputs in) {
        StringBuilder sb = new StringBuilder();
        sb.append("Replay of ").append(in.from()).append(": ").append(r.rowsRead()).append(" log rows, ")
                .append(r.pods().size()).append(" pods; nodes: ").append(r.originalNodes()).append(" recorded, ")
                .append(r.replayedNodes()).append(in.cluster() == null ? " replayed (the log's own)"
                        : " replayed (from " + in.cluster() + ")")
                .append("; ").append(profiles(in.config())).append("; seed ").append(in.config().seed()).append('\n');
        List<PodOutcome> moved = r.placedDifferently();
        List<PodOutcome> pending = r.pending();
        long same = r.pods().stream().filter(p -> p.replayedNode() != null && !p.placedDifferently()).count();
        long nowPending = pending.stream().filter(p -> p.originalNode() != null).count();
        sb.append("placed as recorded: ").append(same).append(", placed differently: ").append(moved.size())
                .append(", pending: ").append(pending.size()).append(" (").append(nowPending)
                .append(" placed in the recorded run)\n");

        sb.append("\nPODS PLACED DIFFERENTLY\n");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("POD", "RECORDED", "REPLAYED"));
        for (PodOutcome p : moved) {
            rows.add(List.of(name(p), node(p.originalNode()), p.replayedNode()));
        }
        table(sb, rows);

        sb.append("\nPODS PENDING IN THE REPLAY\n");
        rows = new ArrayList<>();
        rows.add(List.of("POD", "RECORDED", "REASON"));
        for (PodOutcome p : pending) {
            rows.add(List.of(name(p), node(p.originalNode()), p.replayedReason() == null ? "" : p.replayedReason()));
        }
        table(sb, rows);

        sb.append("\nUTILISATION PER ARCHITECTURE (recorded -> replayed; requests of the pods not deleted, "
                + "over allocatable)\n");
        List<List<String>> usage = new ArrayList<>();
        usage.add(List.of("ARCH", "NODES", "PODS", "CPU", "MEMORY"));
        byArch(r).forEach((arch, u) -> {
            ArchUsage o = u[0] == null ? new ArchUsage(arch, 0, 0, 0, 0, 0, 0) : u[0];
            ArchUsage n = u[1] == null ? new ArchUsage(arch, 0, 0, 0, 0, 0, 0) : u[1];
            usage.add(List.of(arch, o.nodes() + " -> " + n.nodes(), o.pods() + " -> " + n.pods(),
                    percent(o.cpuPercent()) + " -> " + percent(n.cpuPercent()),
                    percent(o.memoryPercent()) + " -> " + percent(n.memoryPercent())));
        });
        rows = usage;
        table(sb, rows);
        return sb.toString();
    }

    public static String json(ReplayResult r, Inputs in) {
        ObjectNode o = KubeJson.json().createObjectNode();
        o.put("from", in.from());
        if (in.cluster() == null) {
            o.putNull("cluster");
        } else {
            o.put("cluster", in.cluster());
        }
        ArrayNode profiles = o.putArray("profiles");
        for (ProfileConfig p : in.config().profiles()) {
            profiles.add(KubeJson.tree(p));
        }
        o.put("seed", in.config().seed());
        o.put("rowsRead", r.rowsRead()).put("recordedNodes", r.originalNodes()).put("replayedNodes", r.replayedNodes());
        ArrayNode pods = o.putArray("pods");
        for (PodOutcome p : r.pods()) {
            ObjectNode n = pods.addObject();
            n.put("namespace", p.namespace()).put("name", p.name()).put("uid", p.uid())
                    .put("recordedNode", p.originalNode()).put("recordedReason", p.originalReason())
                    .put("replayedNode", p.replayedNode()).put("replayedReason", p.replayedReason())
                    .put("deleted", p.deleted()).put("placedDifferently", p.placedDifferently())
                    .put("pending", p.pending());
        }
        ObjectNode usage = o.putObject("utilisation");
        usage.set("recorded", KubeJson.tree(r.original()));
        usage.set("replayed", KubeJson.tree(r.replayed()));
        return KubeJson.write(o) + "\n";
    }

    private static Map<String, ArchUsage[]> byArch(ReplayResult r) {
        TreeSet<String> archs = new TreeSet<>();
        r.original().forEach(u -> archs.add(u.architecture()));
        r.replayed().forEach(u -> archs.add(u.architecture()));
        Map<String, ArchUsage[]> out = new LinkedHashMap<>();
        for (String a : archs) {
            out.put(a, new ArchUsage[] {
                r.original().stream().filter(u -> u.architecture().equals(a)).findFirst().orElse(null),
                r.replayed().stream().filter(u -> u.architecture().equals(a)).findFirst().orElse(null)});
        }
        return out;
    }

    private static String profiles(SchedulerConfig config) {
        List<String> out = new ArrayList<>();
        for (ProfileConfig p : config.profiles()) {
            List<String> notes = new ArrayList<>();
            if (p.imageArchitecture()) {
                notes.add("ImageArchitecture on");
            }
            if (!p.disabledPlugins().isEmpty()) {
                notes.add("disabled " + String.join(",", new TreeSet<>(p.disabledPlugins())));
            }
            if (!p.scoreWeights().equals(ProfileConfig.DEFAULT_WEIGHTS)) {
                notes.add("weights " + p.scoreWeights());
            }
            out.add(p.schedulerName() + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")"));
        }
        return "profile" + (out.size() == 1 ? " " : "s ") + String.join(", ", out);
    }

    private static String name(PodOutcome p) {
        return p.pod() + (p.deleted() ? " (deleted)" : "");
    }

    private static String node(String node) {
        return node == null ? ReplayResult.PENDING : node;
    }

    private static String percent(Double p) {
        return p == null ? "-" : String.format(Locale.ROOT, "%.1f%%", p);
    }

    private static void table(StringBuilder sb, List<List<String>> rows) {
        if (rows.size() == 1) {
            sb.append("(none)\n");
            return;
        }
        int[] widths = new int[rows.getFirst().size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size() - 1; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - row.get(i).length() + 3));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
