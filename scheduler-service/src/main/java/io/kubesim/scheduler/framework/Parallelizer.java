package io.kubesim.scheduler.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Runs per-node work on a small pool (pkg/scheduler/framework/parallelize/parallelism.go, Kubernetes 1.32): the work
 * is cut into chunks that workers claim in order, and the calling thread works too. With parallelism 1 everything
 * runs on the caller.
 */
public final class Parallelizer implements AutoCloseable {

    private final int parallelism;
    private final ExecutorService workers;

    public Parallelizer(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        this.parallelism = parallelism;
        this.workers = parallelism == 1 ? null : Executors.newFixedThreadPool(parallelism - 1, r -> {
            Thread t = new Thread(r, "scheduler-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code work(i)} for every {@code i} in {@code [0, pieces)}. */
    public void until(int pieces, IntConsumer work) {
        int chunk = chunkSize(pieces);
        int chunks = (pieces + chunk - 1) / chunk;
        runChunks(chunks, c -> {
            int end = Math.min(pieces, (c + 1) * chunk);
            for (int i = c * chunk; i < end; i++) {
                work.accept(i);
            }
        }, () -> false);
    }

    /**
     * Runs {@code chunkWork(c)} for chunks {@code 0, 1, 2, ...} until {@code chunks} or until {@code stop} is true
     * when a chunk is about to be claimed. The chunks that ran always form a prefix {@code [0, k)}.
     */
    public void runChunks(int chunks, IntConsumer chunkWork, BooleanSupplier stop) {
        if (workers == null || chunks <= 1) {
            for (int c = 0; c < chunks && !stop.getAsBoolean(); c++) {
                chunkWork.accept(c);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable loop = () -> {
            while (!stop.getAsBoolean()) {
                int c = next.getAndIncrement();
                if (c >= chunks) {
                    return;
                }
                chunkWork.accept(c);
            }
        };
        int helpers = Math.min(parallelism - 1, chunks - 1);
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int i = 0; i < helpers; i++) {
            futures.add(workers.submit(loop));
        }
        RuntimeException failure = null;
        try {
            loop.run();
        } catch (RuntimeException e) {
            failure = e;
            next.set(chunks);
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for scheduler workers", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Upstream's chunk size: sqrt(pieces), at most pieces/parallelism + 1, at least 1. */
    public int chunkSize(int pieces) {
        int s = (int) Math.sqrt(pieces);
        int r = pieces / parallelism + 1;
        return Math.max(1, Math.min(s, r));
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
