package io.kubesim.state.log;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps volatile writes (Lease renewals, heartbeat-only Node updates) from growing the history without bound: every
 * {@code period} it deletes the volatile rows older than {@code retention} that a newer row of the same key
 * supersedes, except the first row of each key (see {@link io.kubesim.state.store.LogRow#volatileRow()}).
 */
public final class VolatileCompactor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VolatileCompactor.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("log-compactor").factory());

    public VolatileCompactor(LogRepository repository, Clock clock, Duration retention, Duration period) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                int deleted = repository.compactVolatile(clock.instant().minus(retention));
                if (deleted > 0) {
                    log.info("compacted {} superseded volatile log rows", deleted);
                }
            } catch (RuntimeException e) {
                log.warn("compaction failed: {}", e.getMessage());
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
