package io.kubesim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.kubesim.infra.cli.AuditCommand;
import io.kubesim.model.json.KubeJson;

/**
 * Issue 8, {@code ./kubesim audit}: the CLI, run in-process against the e2e cluster's state-service, tells the life
 * of a pod that kubectl created, saw Running and deleted — its history, why it is on its node, the state and the
 * difference at revisions of its life, a replay check of the whole log and an export; and a drain as an auditor
 * sees it afterwards (the evicted pods' history and replacements, the state before it, the diff across it).
 */
class AuditIT {

    private static final Scenario S = new Scenario("audit");
    private static final String POD = "audit-web";
    private static final String KEY = "/pods/audit/" + POD;
    private static final String DRAINED = "audit-drain";

    private static String stateUrl;
    private static String node;
    /** The pod's log entries (history -o json), oldest first. */
    private static List<JsonNode> history;
    private static long addedRevision;
    private static long bindRevision;
    private static long runningRevision;
    private static long deletedRevision;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void aPodIsCreatedRunsAndIsDeleted() {
        stateUrl = "http://127.0.0.1:" + S.cluster.launcher().config().ports().stateService();
        S.createNamespace();
        S.kn("run", POD, "--image=nginx", "--labels=test=" + POD).assertOk();
        node = S.awaitRunning("test=" + POD, 1).get(POD);
        S.kn("delete", "pod", POD, "--wait=true").assertOk();
        E2eCluster.await("the pod's deletion in the log", Scenario.WAIT,
                () -> entries().stream().anyMatch(e -> e.path("type").asString().equals("DELETED")),
                () -> audit("history", "pod/" + POD, "-n", "audit").out());

        history = entries();
        addedRevision = revisionOf(e -> e.path("type").asString().equals("ADDED"));
        bindRevision = revisionOf(e -> hasOp(e, "/spec/nodeName", node));
        runningRevision = revisionOf(e -> hasOp(e, "/status/phase", "Running"));
        deletedRevision = revisionOf(e -> e.path("type").asString().equals("DELETED"));
    }

    @AfterAll
    static void tearDown() {
        S.deleteNamespace();
    }

    private static List<JsonNode> entries() {
        Run run = audit("history", "pod/" + POD, "-n", "audit", "-o", "json");
        assertThat(run.code()).as(run.err()).isZero();
        List<JsonNode> out = new ArrayList<>();
        KubeJson.parse(run.out()).path("items").forEach(out::add);
        return out;
    }

    private static long revisionOf(java.util.function.Predicate<JsonNode> entry) {
        return history.stream().filter(entry).mapToLong(e -> e.path("revision").asLong()).findFirst()
                .orElseThrow(() -> new AssertionError("no such entry in " + history));
    }

    private static boolean hasOp(JsonNode entry, String path, String value) {
        for (JsonNode op : entry.path("patch")) {
            if (op.path("path").asString().equals(path) && op.path("value").asString("").equals(value)) {
                return true;
            }
        }
        return false;
    }

    static Run audit(String... args) {
        List<String> all = new ArrayList<>(List.of("--state-url", stateUrl));
        all.addAll(List.of(args));
        return auditAt(S.cluster.launcher().config().home(), all);
    }

    /** The CLI in-process, as {@code ./kubesim audit <args>} with the given KUBESIM_HOME. */
    static Run auditAt(Path home, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AuditCommand.run(args, home, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("$ ./kubesim audit " + String.join(" ", args) + "\n" + run.out() + run.err()
                + "(exit " + code + ")\n");
        return run;
    }

    private static List<String[]> rows(String table) {
        return table.lines().skip(1).map(l -> l.split("\\s{3,}")).toList();
    }

    @Test
    void historyShowsTheAddTheBindingTheRunningStatusAndTheDeleteInRevisionOrder() {
        Run run = audit("history", "po/" + POD, "-n", "audit");

        assertThat(run.code()).isZero();
        assertThat(run.out().lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("REVISION", "TIME", "TYPE", "ACTOR", "CHANGE");
        List<String> milestones = new ArrayList<>();
        List<Long> revisions = new ArrayList<>();
        for (String[] row : rows(run.out())) {
            revisions.add(Long.parseLong(row[0]));
            String type = row[2];
            String change = row[4];
            if (type.equals("ADDED") || type.equals("DELETED")) {
                milestones.add(type + " " + row[0]);
            }
            if (Arrays.asList(change.split(", ")).contains("spec.nodeName=" + node)) {
                milestones.add("bound to " + node + " " + row[0]);
            }
            if (Arrays.asList(change.split(", ")).contains("status.phase=Running")) {
                milestones.add("Running " + row[0]);
            }
        }
        assertThat(milestones).containsExactly("ADDED " + addedRevision, "bound to " + node + " " + bindRevision,
                "Running " + runningRevision, "DELETED " + deletedRevision);
        assertThat(revisions).isSorted().doesNotHaveDuplicates()
                .isEqualTo(history.stream().map(e -> e.path("revision").asLong()).toList());
        assertThat(List.of(addedRevision, bindRevision, runningRevision, deletedRevision)).isSorted();
    }

    @Test
    void whyShowsTheSchedulersDecisionRightBeforeTheBindingItLedTo() {
        Run json = audit("why", "pod/" + POD, "-n", "audit", "-o", "json");
        JsonNode both = KubeJson.parse(json.out());
        List<JsonNode> scheduled = new ArrayList<>();
        both.path("decisions").forEach(d -> {
            if (d.path("outcome").asString().equals("Scheduled")) {
                scheduled.add(d);
            }
        });
        assertThat(scheduled).hasSize(1);
        JsonNode decision = scheduled.getFirst();
        JsonNode binding = history.stream().filter(e -> e.path("revision").asLong() == bindRevision).findFirst()
                .orElseThrow();
        assertThat(List.of(decision.path("chosenNode").asString(), decision.path("podName").asString(),
                binding.path("decisionId").asString(""))).containsExactly(node, POD, decision.path("id").asString());

        Run run = audit("why", "pod/" + POD, "-n", "audit");

        assertThat(run.code()).isZero();
        List<String[]> rows = rows(run.out());
        int decisionRow = -1;
        int bindRow = -1;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i)[2].equals("DECISION") && rows.get(i)[4].startsWith("Scheduled on " + node + " (")) {
                decisionRow = i;
            }
            if (rows.get(i)[0].equals(String.valueOf(bindRevision))) {
                bindRow = i;
            }
        }
        assertThat(List.of(decisionRow, bindRow)).containsExactly(bindRow - 1, decisionRow + 1);
        assertThat(rows.getFirst()[2]).isEqualTo("ADDED");
        assertThat(rows.getLast()[2]).isEqualTo("DELETED");
    }

    @Test
    void verifyReplaysTheWholeLogWithoutAMismatch() {
        // without --state-url: the CLI finds state-service through the cluster's cluster.json, as ./kubesim does
        Run run = auditAt(S.cluster.launcher().config().home(), List.of("verify"));

        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isZero();
        assertThat(run.out()).matches("replayed \\d+ log rows into \\d+ objects \\(live projection: \\d+\\) in \\d+ ms: "
                + "no mismatches\nstate hash \\S+\n");
    }

    @Test
    void diffAcrossThePodsLifeListsItAsAddedThenAsRemoved() {
        Run toRunning = audit("diff", String.valueOf(addedRevision - 1), String.valueOf(runningRevision));
        Run toDeleted = audit("diff", String.valueOf(runningRevision), String.valueOf(deletedRevision));

        assertThat(List.of(podRow(toRunning), podRow(toDeleted))).containsExactly(
                List.of("ADDED", KEY, String.valueOf(runningRevision)),
                List.of("REMOVED", KEY, String.valueOf(runningRevision)));
    }

    private static List<String> podRow(Run run) {
        assertThat(run.code()).as(run.err()).isZero();
        return rows(run.out()).stream().filter(r -> r[1].equals(KEY)).map(List::of).findFirst()
                .orElseThrow(() -> new AssertionError(KEY + " not in\n" + run.out()));
    }

    @Test
    void theStateAtARevisionWhileItRanContainsThePodOnItsNode() {
        Run run = audit("at", "--revision", String.valueOf(runningRevision), "--prefix", "/pods/audit/");

        String name = "audit/" + POD;
        assertThat(run).isEqualTo(new Run(0, "state at revision " + runningRevision + "\n"
                + String.format("%-" + (name.length() + 3) + "s%-7s%s%n", "NAME", "KIND", "STATUS")
                + String.format("%-" + (name.length() + 3) + "s%-7s%s%n", name, "Pod", "Running on " + node), ""));
        assertThat(audit("at", "--revision", String.valueOf(deletedRevision), "--prefix", "/pods/audit/"))
                .isEqualTo(new Run(0, "state at revision " + deletedRevision + "\nno objects\n", ""));
    }

    @Test
    void anExportOfThePodsLifeHoldsEveryOneOfItsLogRows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("life.jsonl");

        Run run = audit("export", "--from", String.valueOf(addedRevision), "--to", String.valueOf(deletedRevision),
                "-o", file.toString());

        assertThat(run.code()).isZero();
        List<JsonNode> lines = Files.readAllLines(file).stream().map(KubeJson::parse).toList();
        assertThat(run.err()).startsWith("exported " + lines.size() + " rows (" + Files.size(file) + " bytes) to "
                + file + " in ");
        assertThat(lines.stream().filter(l -> l.path("key").asString().equals(KEY)).map(l -> l.path("revision").asLong()))
                .containsExactlyElementsOf(history.stream().map(e -> e.path("revision").asLong()).toList());
        assertThat(lines.getFirst().path("revision").asLong()).isEqualTo(addedRevision);
        assertThat(lines.getLast().path("revision").asLong()).isEqualTo(deletedRevision);
    }

    @Test
    void aBadRequestIsPrintedAsKubesimAndItsMessage() {
        assertThat(audit("diff", String.valueOf(deletedRevision), String.valueOf(addedRevision))).isEqualTo(new Run(1,
                "", "kubesim: from (" + deletedRevision + ") must not be after to (" + addedRevision + ")\n"));
    }

    // ---------------------------------------------------------------- a drain, as the auditor sees it

    /**
     * A drain of the node with the most of a Deployment's pods ({@code kubectl drain --pod-selector}, so only this
     * test's pods move), done once: the log revisions just before and after it, the pods evicted and their
     * replacements. The node is uncordoned again afterwards.
     */
    record Drain(String node, long before, long after, Set<String> evicted, Set<String> replacements,
            Map<String, String> placedAfter) {
    }

    private static Drain drain;
    private static RuntimeException drainFailed;

    /** The drain, done by the first test that needs it; its failure fails every test that needs it. */
    static synchronized Drain drain() {
        if (drain == null && drainFailed == null) {
            try {
                drain = drainOnce();
            } catch (RuntimeException | AssertionError e) {
                drainFailed = new IllegalStateException("the drain failed: " + e.getMessage(), e);
            }
        }
        if (drainFailed != null) {
            throw drainFailed;
        }
        return drain;
    }

    private static Drain drainOnce() {
        S.kn("create", "deployment", DRAINED, "--image=nginx", "--replicas=4").assertOk();
        Map<String, String> placed = S.awaitRunning("app=" + DRAINED, 4);
        String node = placed.values().stream().collect(Collectors.groupingBy(n -> n, TreeMap::new,
                Collectors.counting())).entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        Set<String> evicted = new TreeSet<>();
        placed.forEach((pod, n) -> {
            if (n.equals(node)) {
                evicted.add(pod);
            }
        });
        long before = listRevision();
        try {
            S.k("drain", node, "--pod-selector=app=" + DRAINED, "--ignore-daemonsets", "--delete-emptydir-data",
                    "--timeout=120s").assertOk();
            E2eCluster.await("the drained pods replaced elsewhere", Scenario.WAIT, () -> {
                Map<String, String> now = S.runningPodNodes("app=" + DRAINED);
                return now.size() == 4 && !now.containsValue(node)
                        && now.keySet().stream().noneMatch(evicted::contains);
            }, () -> S.kn("get", "pods", "-o", "wide").out());
            Map<String, String> after = S.awaitRunning("app=" + DRAINED, 4);
            long afterRevision = listRevision();
            Set<String> replacements = new TreeSet<>(after.keySet());
            replacements.removeAll(placed.keySet());
            Drain d = new Drain(node, before, afterRevision, evicted, replacements, after);
            System.out.println("drained " + d);
            return d;
        } finally {
            S.k("uncordon", node).assertOk();
        }
    }

    /** The revision of a pod list: every change the gateway had seen when it answered is at or below it. */
    private static long listRevision() {
        return Long.parseLong(KubeJson.parse(S.k("get", "--raw", "/api/v1/namespaces/audit/pods").assertOk().out())
                .path("metadata").path("resourceVersion").asString());
    }

    @Test
    void theHistoryOfADrainedPodShowsItsCreationSchedulingEvictionAndDeletionThenItsReplacementIsCreated() {
        Drain d = drain();
        String pod = d.evicted().iterator().next();

        Run run = audit("history", "pod/" + pod, "-n", "audit", "-o", "json");

        List<JsonNode> entries = new ArrayList<>();
        KubeJson.parse(run.out()).path("items").forEach(entries::add);
        long added = first(entries, e -> e.path("type").asString().equals("ADDED"));
        long bound = first(entries, e -> hasOp(e, "/spec/nodeName", d.node()) && !e.path("decisionId").isMissingNode()
                && e.path("actor").asString().equals("system:kube-scheduler"));
        long evicted = first(entries, e -> hasPath(e, "/metadata/deletionTimestamp")
                && !e.path("actor").asString().startsWith("system:node:"));
        long deleted = first(entries, e -> e.path("type").asString().equals("DELETED"));
        assertThat(List.of(added, bound, d.before(), evicted, deleted)).isSorted().doesNotHaveDuplicates();
        assertThat(entries.getLast().path("revision").asLong()).isEqualTo(deleted);

        Run replacements = audit("history", "pods", "-n", "audit", "--from", String.valueOf(evicted), "-o", "json");
        Map<String, Long> createdAfterTheEviction = new TreeMap<>();
        KubeJson.parse(replacements.out()).path("items").forEach(e -> {
            if (e.path("type").asString().equals("ADDED")) {
                createdAfterTheEviction.put(e.path("key").asString().substring("/pods/audit/".length()),
                        e.path("revision").asLong());
            }
        });
        assertThat(createdAfterTheEviction.keySet()).containsAll(d.replacements());
        assertThat(d.replacements()).hasSameSizeAs(d.evicted());
        d.replacements().forEach(r -> assertThat(d.placedAfter().get(r)).isNotEqualTo(d.node()));
    }

    @Test
    void theStateAtTheRevisionBeforeTheDrainHasTheEvictedPodsRunningOnTheDrainedNode() {
        Drain d = drain();

        Run run = audit("at", "--revision", String.valueOf(d.before()), "--prefix", "/pods/audit/" + DRAINED);

        assertThat(run.code()).as(run.err()).isZero();
        Map<String, String> onNode = new TreeMap<>();
        for (String[] row : rows(run.out().substring(run.out().indexOf('\n') + 1))) {
            if (row[2].equals("Running on " + d.node())) {
                onNode.put(row[0], row[2]);
            }
        }
        assertThat(onNode.keySet()).isEqualTo(d.evicted().stream().map(p -> "audit/" + p)
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void theDiffAcrossTheDrainListsExactlyTheMovedPods() {
        Drain d = drain();

        Run run = audit("diff", String.valueOf(d.before()), String.valueOf(d.after()));

        assertThat(run.code()).as(run.err()).isZero();
        Set<String> removed = new TreeSet<>();
        Set<String> added = new TreeSet<>();
        for (String[] row : rows(run.out())) {
            if (row[1].startsWith("/pods/audit/" + DRAINED)) {
                String pod = row[1].substring("/pods/audit/".length());
                if (row[0].equals("REMOVED")) {
                    removed.add(pod);
                } else if (row[0].equals("ADDED")) {
                    added.add(pod);
                }
            }
        }
        assertThat(List.of(removed, added)).containsExactly(d.evicted(), d.replacements());
    }

    @Test
    void verifyAfterTheDrainReplaysTheWholeLogWithoutAMismatch() {
        drain();

        Run run = audit("verify");

        assertThat(run.code()).as(run.out()).isZero();
        assertThat(run.out()).contains(": no mismatches\n");
    }

    private static long first(List<JsonNode> entries, java.util.function.Predicate<JsonNode> entry) {
        return entries.stream().filter(entry).mapToLong(e -> e.path("revision").asLong()).findFirst()
                .orElseThrow(() -> new AssertionError("no such entry in " + entries));
    }

    private static boolean hasPath(JsonNode entry, String path) {
        for (JsonNode op : entry.path("patch")) {
            if (op.path("path").asString().equals(path)) {
                return true;
            }
        }
        return false;
    }
}
