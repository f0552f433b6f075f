package io.kubesim.gateway.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Latency through the gateway (HTTPS, bearer token, real state-service, Kafka and PostgreSQL): pod creation and pod
 * reads at a fixed arrival rate (open loop: each request's latency counts from when it was due, so a slow server
 * cannot hide queueing), then lists of 10,000 pods. Not a test: it prints figures. Run with
 *
 * <pre>
 * cd /work/main && ./mvnw -B -q -o -pl kubesim-registry,state-service,kubesim-testcluster,api-gateway test \
 *     -Dtest=GatewayBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dkubesim.benchmark=true
 * </pre>
 *
 * Settings: {@code -Dkubesim.benchmark.rate=200} (requests/s), {@code .seconds=30} per phase,
 * {@code .pods=10000} for the list, {@code .http1=true} for HTTP/1.1. The figures also go to {@code target/benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "kubesim.benchmark", matches = "true")
class GatewayBenchmark {

    private final GatewayHarness cluster = GatewayHarness.shared();
    private final StringBuilder report = new StringBuilder();

    @Test
    void measure() throws Exception {
        int rate = Integer.getInteger("kubesim.benchmark.rate", 200);
        int seconds = Integer.getInteger("kubesim.benchmark.seconds", 30);
        int listSize = Integer.getInteger("kubesim.benchmark.pods", 10_000);
        String ns = cluster.namespace("bench");
        // HTTP/2 (one connection, as client-go) by default; -Dkubesim.benchmark.http1=true: a pool of HTTP/1.1
        // connections, which does not fail requests beyond the server's 100 concurrent streams per connection
        Api api = Boolean.getBoolean("kubesim.benchmark.http1") ? cluster.api() : cluster.api().http2();
        line("kubesim api-gateway benchmark: %d requests/s for %d s per phase, %d CPUs, HTTPS, one gateway",
                rate, seconds, Runtime.getRuntime().availableProcessors());

        // warm-up (JIT, connections), not measured
        for (int i = 0; i < 200; i++) {
            createPod(api, ns, "warm-" + i);
            api.get("/api/v1/namespaces/" + ns + "/pods/warm-" + i);
        }

        AtomicInteger created = new AtomicInteger();
        List<Long> create = openLoop(rate, seconds, i -> {
            createPod(api, ns, "pod-" + i);
            created.incrementAndGet();
        });
        summary("create pod (POST, 201)", create);

        int existing = created.get();
        List<Long> get = openLoop(rate, seconds, i -> {
            int n = ThreadLocalRandom.current().nextInt(existing);
            Api.Response r = api.get("/api/v1/namespaces/" + ns + "/pods/pod-" + n);
            if (r.code() != 200) {
                throw new IllegalStateException("GET answered " + r.code());
            }
        });
        summary("get pod (GET, 200)", get);

        int have = existing + 200;
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<?>> fills = new ArrayList<>();
        long fillStart = System.nanoTime();
        for (int i = have; i < listSize; i++) {
            int n = i;
            fills.add(pool.submit(() -> createPod(api, ns, "fill-" + n)));
        }
        for (Future<?> f : fills) {
            f.get();
        }
        pool.shutdown();
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        if (fills.size() > 0) {
            line("filled to %d pods: %d creates in %.1f s with 32 concurrent clients (%.0f creates/s)",
                    listSize, fills.size(), fillSeconds, fills.size() / fillSeconds);
        }

        String path = "/api/v1/namespaces/" + ns + "/pods";
        String table = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;"
                + "g=meta.k8s.io,application/json";
        int items = api.get(path).json().path("items").size();
        List<Long> listJson = repeat(20, () -> api.send("GET", path, null, (byte[]) null,
                Map.of("Accept", "application/json")));
        summary("list " + items + " pods as JSON (GET " + path + ")", listJson);
        List<Long> listTable = repeat(20, () -> api.send("GET", path, null, (byte[]) null,
                Map.of("Accept", table)));
        summary("list " + items + " pods as a Table (what kubectl get pods asks for)", listTable);
        List<Long> paged = repeat(20, () -> api.send("GET", path + "?limit=500", null, (byte[]) null,
                Map.of("Accept", table)));
        summary("first page of 500 of them as a Table (kubectl's chunked get)", paged);
        long t0 = System.nanoTime();
        Kubectl.Result r = cluster.kubectl().run("get", "pods", "-n", ns, "--no-headers");
        line("kubectl get pods -n %s (all %d pages, fresh discovery cache): %d ms, %d lines", ns,
                (items + 499) / 500, (System.nanoTime() - t0) / 1_000_000, r.out().lines().count());

        Path out = Path.of("target", "benchmark.txt");
        Files.writeString(out, report);
        System.out.println(report);
    }

    private static void createPod(Api api, String ns, String name) {
        Api.Response r = api.post("/api/v1/namespaces/" + ns + "/pods", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
                + "\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"bench\"}},\"spec\":{\"containers\":"
                + "[{\"name\":\"web\",\"image\":\"nginx:1.27\",\"resources\":{\"requests\":{\"cpu\":\"100m\"}}}]}}");
        if (r.code() != 201) {
            throw new IllegalStateException("create " + name + " answered " + r.code() + ": " + r.body());
        }
    }

    interface Request {
        void run(int i) throws Exception;
    }

    /** Starts request i at start + i/rate whatever happened before; latency counts from that due time. */
    private static List<Long> openLoop(int rate, int seconds, Request request) throws Exception {
        int total = rate * seconds;
        long periodNanos = 1_000_000_000L / rate;
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>(total));
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int n = i;
                threads.submit(() -> {
                    try {
                        request.run(n);
                        latencies.add(System.nanoTime() - due);
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                });
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " requests failed, first: " + failures.getFirst(),
                    failures.getFirst());
        }
        return latencies;
    }

    interface Call {
        Api.Response call();
    }

    private static List<Long> repeat(int times, Call call) {
        List<Long> out = new ArrayList<>();
        call.call(); // warm
        for (int i = 0; i < times; i++) {
            long t = System.nanoTime();
            Api.Response r = call.call();
            if (r.code() != 200) {
                throw new IllegalStateException("answered " + r.code());
            }
            out.add(System.nanoTime() - t);
        }
        return out;
    }

    private void summary(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        line("%-70s n=%5d  p50 %8.2f ms  p90 %8.2f ms  p99 %8.2f ms  max %8.2f ms", what, sorted.size(),
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted.getLast() / 1e6);
    }

    private static double pct(List<Long> sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }

    private void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
