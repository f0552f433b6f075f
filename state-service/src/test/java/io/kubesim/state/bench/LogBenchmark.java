package io.kubesim.state.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.TopicNames;
import io.kubesim.model.command.CommandEnvelope;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.KafkaClients;
import io.kubesim.state.StateServiceApplication;
import io.kubesim.state.log.CommandWriter;
import io.kubesim.testsupport.TestInfra;

/**
 * Throughput of the log: pushes N pod-create commands through Kafka into a real state-service (real PostgreSQL) and
 * prints committed commands/s and p50/p99 commit latency (send → reply), then the raw PostgreSQL ceiling for rows
 * of the same size (a JDBC batch loop into a copy of the log table, one transaction per batch like the writer), and
 * the ratio. A benchmark that prints figures, not a test:
 *
 * <pre>MAVEN_OPTS=-XX:+UseParallelGC ./mvnw -q -pl state-service test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.kubesim.state.bench.LogBenchmark [-Dexec.args="50000 150000"]</pre>
 *
 * <p>Arguments: the commands measured (default 50,000) and the commands sent first to warm up (default 150,000,
 * about 15 s: on two cores the JIT compilers otherwise still take a good part of the measured window, and the figure
 * is meant to be the steady state of a running service; pass a smaller number to see the difference). {@code -XX:+UseParallelGC} is the collector {@code ./kubesim up} gives state-service
 * (ClusterLauncher.collector); the benchmark prints the collector it ran with.
 *
 * <p>The raw ceiling is the best of three runs of the same loop: PostgreSQL's own variation (checkpoints, the
 * autovacuum of the table just filled) moved a single run by a quarter, and a ratio to a low ceiling would flatter.
 */
public final class LogBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        TopicNames topics = TestInfra.newTopics("log-benchmark");
        TestInfra.TestDatabase db = TestInfra.newDatabase("log-benchmark");
        ConfigurableApplicationContext ctx = new SpringApplication(StateServiceApplication.class).run(
                "--spring.datasource.url=" + db.jdbcUrl() + "?reWriteBatchedInserts=true",
                "--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
                "--kubesim.kafka.bootstrap-servers=" + TestInfra.kafkaBootstrap(),
                "--kubesim.topic-prefix=" + topics.prefix(), "--server.port=0", "--logging.level.root=WARN",
                "--logging.level.io.kubesim.state.log=" + (System.getenv("BENCH_DEBUG") != null ? "DEBUG" : "WARN"));
        CommandWriter writer = ctx.getBean(CommandWriter.class);
        while (!writer.isReady()) {
            Thread.sleep(50);
        }
        String pod = padding();
        // warm-up: the JIT compiles the hot paths (on two cores its compiler threads would otherwise take a good
        // part of the measured window)
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 150_000;
        run(topics, warmUp, pod, false, 0);
        double[] result = run(topics, n, pod, true, 0);
        // latency without a queue: the same commands offered at half the rate just measured, for 10 s
        int rate = (int) (result[0] / 2);
        double[] paced = run(topics, rate * 10, pod, false, rate);
        long writerCpu = (long) result[3];
        long processCpu = (long) result[4];
        double[] ceilings = new double[3];
        for (int i = 0; i < ceilings.length; i++) {
            ceilings[i] = rawCeiling(db, n, pod.length() + 900, i);
        }
        double raw = Arrays.stream(ceilings).max().orElseThrow();
        System.out.printf("%ncollectors: %s%n", java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()
                .stream().map(java.lang.management.GarbageCollectorMXBean::getName).toList());
        System.out.printf("state-service: %,d commands committed at %,.0f commands/s (after %,d to warm up); commit "
                + "latency p50 %.1f ms, p99 %.1f ms%n", n, result[0], warmUp, result[1], result[2]);
        System.out.printf("commit latency at %,d commands/s offered (half the rate above): p50 %.1f ms, p99 %.1f ms%n",
                rate, paced[1], paced[2]);
        System.out.printf("CPU per command: %.0f µs on the writer thread, %.0f µs in this JVM (writer, publisher, "
                + "Kafka clients, and this benchmark's producer and reply reader); less is better on a shared "
                + "machine%n", writerCpu / 1e3 / n, processCpu / 1e3 / n);
        System.out.printf("raw PostgreSQL ceiling (JDBC batches of 2000 rows of the same size into a copy of the "
                + "log table, best of %,.0f / %,.0f / %,.0f): %,.0f rows/s%nratio: %.0f %%%n", ceilings[0], ceilings[1],
                ceilings[2], raw, 100 * result[0] / raw);
        ctx.close();
        // the database takes some GB: dropped unless KEEP_DB is set (its autovacuum would run under the next run)
        if (System.getenv("KEEP_DB") == null) {
            TestInfra.dropDatabase(db);
        }
        System.exit(0);
    }

    /** Returns {commands/s, p50 ms, p99 ms, writer thread CPU ns, process CPU ns}. */
    /** Sends n commands, all at once or ({@code rate > 0}) at that many per second. */
    private static double[] run(TopicNames topics, int n, String filler, boolean report, int rate) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long[] latencies = new long[n];
        CountDownLatch done = new CountDownLatch(n);
        KafkaConsumer<String, String> replies = KafkaClients.assignedConsumer(TestInfra.kafkaBootstrap(),
                "bench-replies", 5000);
        TopicPartition tp = new TopicPartition(topics.replies(), 0);
        replies.assign(List.of(tp));
        replies.seekToEnd(List.of(tp));
        replies.position(tp);
        int[] index = {0};
        Thread reader = Thread.ofPlatform().start(() -> {
            while (done.getCount() > 0) {
                for (ConsumerRecord<String, String> r : replies.poll(Duration.ofMillis(100))) {
                    Long t = sentAt.remove(r.key());
                    if (t != null) {
                        latencies[index[0]++] = System.nanoTime() - t;
                        done.countDown();
                    }
                }
            }
            replies.close();
        });
        // the commands are built before the clock starts: the figure is the state-service's, not the JSON
        // building of this generator (which shares the machine's two cores with it)
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> ids = new ArrayList<>(n);
        List<String> keys = new ArrayList<>(n);
        List<String> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = "bench-" + run + "-" + i;
            ObjectNode pod = (ObjectNode) KubeJson.parse("""
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"default",
                     "labels":{"app":"bench"},"annotations":{"filler":"%s"}},
                     "spec":{"containers":[{"name":"c","image":"nginx:1.27",
                     "resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}""".formatted(name, filler));
            CommandEnvelope env = CommandEnvelope.of("bench", new CreateObject(Resources.PODS.ref("default",
                    name), pod, WriteOptions.DEFAULT));
            ids.add(env.id());
            keys.add(env.command().partitionKey());
            values.add(KubeJson.write(env));
        }
        long writerCpu = writerCpuNanos();
        long processCpu = processCpuNanos();
        Map<String, Long> before = threadCpu();
        long gcMillis = gcMillis();
        long jitMillis = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        int kafkaPort = Integer.parseInt(TestInfra.kafkaBootstrap().replaceAll(".*:", ""));
        int pgPort = pgPort();
        double kafkaCpu = listenerCpuSeconds(kafkaPort);
        double pgCpu = listenerCpuSeconds(pgPort);
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = KafkaClients.producer(TestInfra.kafkaBootstrap(), "bench")) {
            for (int i = 0; i < n; i++) {
                if (rate > 0) {
                    long due = start + i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait); // no spinning: two cores only
                    }
                }
                sentAt.put(ids.get(i), System.nanoTime());
                producer.send(new ProducerRecord<>(topics.commands(), keys.get(i), values.get(i)));
            }
            producer.flush();
        }
        if (!done.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (n - done.getCount()) + " of " + n + " replies arrived");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        writerCpu = writerCpuNanos() - writerCpu;
        processCpu = processCpuNanos() - processCpu;
        if (report) {
            Map<String, Long> after = threadCpu();
            StringBuilder sb = new StringBuilder("CPU per command by thread (µs):");
            after.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                    .forEach(e -> sb.append(String.format(" %s %.0f;", e.getKey(), e.getValue() / 1e3 / n)));
            System.out.println(sb);
            System.out.printf("in this JVM also (µs per command, wall time of): garbage collection %.0f; JIT "
                    + "compilation %.0f%n", (gcMillis() - gcMillis) * 1e3 / n, (java.lang.management.ManagementFactory
                    .getCompilationMXBean().getTotalCompilationTime() - jitMillis) * 1e3 / n);
            double k = listenerCpuSeconds(kafkaPort);
            double p = listenerCpuSeconds(pgPort);
            if (kafkaCpu >= 0 && k >= 0 && pgCpu >= 0 && p >= 0) {
                System.out.printf("CPU per command elsewhere (µs): Kafka broker %.0f; PostgreSQL %.0f%n",
                        (k - kafkaCpu) * 1e6 / n, (p - pgCpu) * 1e6 / n);
            }
        }
        reader.join();
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new double[] {n / seconds, sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, writerCpu, processCpu};
    }

    private static double rawCeiling(TestInfra.TestDatabase db, int n, int rowBytes, int round) throws Exception {
        String object = "x".repeat(rowBytes);
        try (Connection c = DriverManager.getConnection(db.jdbcUrl() + "?reWriteBatchedInserts=true",
                db.username(), db.password())) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE bench_log_" + round + " (LIKE log INCLUDING ALL)");
            }
            c.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_log_" + round + " (revision, key, type, "
                    + "object, prev_revision, actor, command_id, decision_id, reply_code, time, volatile) "
                    + "VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
                for (int i = 1; i <= n; i++) {
                    ps.setLong(1, i);
                    ps.setString(2, "/pods/default/bench-" + i);
                    ps.setString(3, "ADDED");
                    ps.setString(4, object);
                    ps.setLong(5, 0);
                    ps.setString(6, "bench");
                    ps.setString(7, UUID.randomUUID().toString());
                    ps.setString(8, null);
                    ps.setInt(9, 201);
                    ps.setTimestamp(10, Timestamp.from(Instant.now()));
                    ps.setBoolean(11, false);
                    ps.addBatch();
                    if (i % 2000 == 0 || i == n) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** CPU time of every live thread of this JVM, by name. */
    private static Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new java.util.HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long ns = threads.getThreadCpuTime(t.threadId());
            if (ns > 0) {
                out.merge(t.getName(), ns, Long::sum);
            }
        }
        return out;
    }

    private static long writerCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("command-writer"))
                .mapToLong(t -> threads.getThreadCpuTime(t.threadId())).sum();
    }

    /**
     * CPU seconds used so far by the process listening on {@code port} and its children (for PostgreSQL: the
     * postmaster, its live backends, and those that exited); -1 if it cannot be read (not Linux, not ours).
     */
    static double listenerCpuSeconds(int port) {
        try {
            String hexPort = String.format(":%04X ", port);
            String inode = null;
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && (f[1] + " ").contains(hexPort) && f[3].equals("0A")) {
                        inode = f[9];
                    }
                }
            }
            if (inode == null) {
                return -1;
            }
            String socket = "socket:[" + inode + "]";
            long tick = 100; // USER_HZ on Linux
            long owner = -1;
            try (var procs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
                for (java.nio.file.Path proc : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                    try (var fds = java.nio.file.Files.list(proc.resolve("fd"))) {
                        if (fds.anyMatch(fd -> {
                            try {
                                return java.nio.file.Files.readSymbolicLink(fd).toString().equals(socket);
                            } catch (java.io.IOException e) {
                                return false;
                            }
                        })) {
                            owner = Long.parseLong(proc.getFileName().toString());
                            break;
                        }
                    } catch (java.io.IOException | SecurityException e) {
                        // not ours to read, or gone
                    }
                }
            }
            if (owner < 0) {
                return -1;
            }
            double total = 0;
            try (var procs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
                for (java.nio.file.Path proc : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String stat = java.nio.file.Files.readAllLines(proc.resolve("stat")).getFirst();
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long pid = Long.parseLong(proc.getFileName().toString());
                        long ppid = Long.parseLong(f[1]);
                        if (pid == owner) {
                            total += (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
                                    + Long.parseLong(f[14])) / (double) tick;
                        } else if (ppid == owner) {
                            total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) tick;
                        }
                    } catch (java.io.IOException | RuntimeException e) {
                        // gone meanwhile
                    }
                }
            }
            return total;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static int pgPort() {
        String port = System.getenv(TestInfra.POSTGRES_PORT_ENV);
        if (port != null) {
            return Integer.parseInt(port);
        }
        return -1;
    }

    private static String padding() {
        return "p".repeat(600);
    }

    private LogBenchmark() {
    }

}
