package io.kubesim.scheduler.service;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.event.ChangeType;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.CommandBus;
import io.kubesim.scheduler.framework.BindPlugin;
import io.kubesim.scheduler.framework.DecisionRecord;
import io.kubesim.scheduler.framework.InMemoryListers;
import io.kubesim.scheduler.framework.Nomination;
import io.kubesim.scheduler.framework.Parallelizer;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.Profiles;
import io.kubesim.scheduler.framework.QueuedPodInfo;
import io.kubesim.scheduler.framework.SchedulerCache;
import io.kubesim.scheduler.framework.SchedulerConfig;
import io.kubesim.scheduler.framework.SchedulingAlgorithm;
import io.kubesim.scheduler.framework.SchedulingMessages;
import io.kubesim.scheduler.framework.SchedulingResult;
import io.kubesim.scheduler.plugins.DefaultPlugins;
import io.kubesim.scheduler.plugins.defaultbinder.DefaultBinder;
import io.kubesim.scheduler.plugins.imagearchitecture.ImagePlatformCatalog;
import io.kubesim.scheduler.plugins.queuesort.PrioritySort;
import io.kubesim.scheduler.queue.ClusterEventHandler;
import io.kubesim.scheduler.queue.SchedulingLoop;
import io.kubesim.scheduler.queue.SchedulingQueue;

/**
 * The running scheduler: the core ({@link SchedulerCache}, {@link SchedulingQueue}, {@link SchedulingAlgorithm},
 * {@link SchedulingLoop}) fed by the {@link ClusterCache} and writing through the {@link ClusterWriter}.
 *
 * <ul>
 *   <li>Events: every change of pods, nodes, namespaces, services and replicasets is handed, on the event thread and
 *       in revision order, to the {@link ClusterEventHandler} (assigned pods to the cache, pending pods of the
 *       configured profiles to the queue) and to the listers. The listener is registered at construction, so the
 *       scheduler sees every event from the start of the log: after a restart, bound pods are back in the cache and
 *       pending pods back in the queue before the first attempt.</li>
 *   <li>Scheduling cycle: one thread, started once the cache has caught up with the log (upstream waits for its
 *       informers to sync), pops one pod at a time and runs it against a fresh snapshot; a chosen pod is assumed on
 *       its node at once, so the next cycle counts it.</li>
 *   <li>Binding cycle: asynchronous, as upstream's. {@code BindPod} carries the attempt's decision id; on success
 *       the {@code Scheduled} event is recorded and the assumption is confirmed when the bound pod arrives from the
 *       cache; a refusal (409: the pod is gone, bound elsewhere, or the node would be overcommitted) or error
 *       forgets the assumption at once and retries the pod after its backoff.</li>
 *   <li>Every attempt publishes its {@link DecisionRecord} before anything is written for it.</li>
 * </ul>
 */
public final class SchedulerService implements SmartLifecycle, ClusterCache.Listener {

    private static final Logger log = LoggerFactory.getLogger(SchedulerService.class);
    private static final Duration POP_TIMEOUT = Duration.ofMillis(200);

    private final ClusterCache cluster;
    private final InMemoryListers listers = new InMemoryListers();
    private final Parallelizer parallelizer;
    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private final SchedulingLoop loop;
    private final ClusterEventHandler handler;
    private final ClusterWriter writer;
    private final List<BindPlugin> binders;
    private final DecisionPublisher decisions;
    private final ScheduledExecutorService background;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong bound = new AtomicLong();
    private final AtomicLong bindFailures = new AtomicLong();
    private final AtomicLong unschedulable = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean running;
    private volatile Thread thread;

    public SchedulerService(SchedulerConfig config, ImagePlatformCatalog images, Clock clock, ClusterCache cluster,
            CommandBus bus, DecisionPublisher decisions) {
        this.cluster = cluster;
        this.decisions = decisions;
        this.parallelizer = new Parallelizer(config.parallelism());
        Profiles profiles = DefaultPlugins.profiles(config,
                new DefaultPlugins.Dependencies(listers, listers, images, parallelizer));
        this.cache = new SchedulerCache(clock, Duration.ZERO);
        this.queue = new SchedulingQueue(clock, profiles, new PrioritySort(), config);
        SchedulingAlgorithm algorithm = new SchedulingAlgorithm(profiles, queue, parallelizer, clock,
                new Random(config.seed()), config.topScoredNodesToRecord());
        this.loop = new SchedulingLoop(queue, cache, algorithm);
        this.handler = new ClusterEventHandler(cache, queue, profiles);
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scheduler-binding");
            t.setDaemon(true);
            return t;
        });
        this.writer = new ClusterWriter(bus, cluster, clock, background);
        this.binders = List.of(new DefaultBinder((pod, node, decisionId) -> writer.bind(pod.pod(), node,
                decisionId)));
        cluster.addListener(this);
    }

    // ------------------------------------------------------------------------------------------------ events

    @Override
    public void onChange(ChangeEvent event, ClusterCache.Entry previous, ClusterCache.Entry current) {
        String resource = ObjectRef.fromKey(event.key()).resource();
        boolean deleted = event.type() == ChangeType.DELETED;
        if (resource.equals(Resources.PODS.qualifiedName())) {
            Pod before = typed(previous, event, Pod.class, deleted);
            Pod after = deleted ? null : typed(current, event, Pod.class, false);
            if (deleted) {
                if (before != null) {
                    handler.onPodDelete(before);
                }
            } else if (after != null) {
                if (before == null) {
                    handler.onPodAdd(after);
                } else {
                    handler.onPodUpdate(before, after);
                }
            }
        } else if (resource.equals(Resources.NODES.qualifiedName())) {
            Node before = typed(previous, event, Node.class, deleted);
            Node after = deleted ? null : typed(current, event, Node.class, false);
            if (deleted) {
                if (before != null) {
                    handler.onNodeDelete(before);
                }
            } else if (after != null) {
                if (before == null) {
                    handler.onNodeAdd(after);
                } else {
                    handler.onNodeUpdate(before, after);
                }
            }
        } else if (resource.equals(Resources.NAMESPACES.qualifiedName())) {
            apply(previous, current, event, Namespace.class, listers::putNamespace, listers::removeNamespace);
        } else if (resource.equals(Resources.SERVICES.qualifiedName())) {
            apply(previous, current, event, Service.class, listers::putService, listers::removeService);
        } else if (resource.equals(Resources.REPLICA_SETS.qualifiedName())) {
            apply(previous, current, event, ReplicaSet.class, listers::putReplicaSet, listers::removeReplicaSet);
        }
    }

    @Override
    public void onSynced() {
        if (running) {
            startLoop();
        }
    }

    private static <T extends HasMetadata> void apply(ClusterCache.Entry previous, ClusterCache.Entry current,
            ChangeEvent event, Class<T> type, Consumer<T> put,
            Consumer<T> remove) {
        if (event.type() == ChangeType.DELETED) {
            T gone = typed(previous, event, type, true);
            if (gone != null) {
                remove.accept(gone);
            }
        } else {
            T now = typed(current, event, type, false);
            if (now != null) {
                put.accept(now);
            }
        }
    }

    /** The entry's typed object; for a deletion without a previous entry, the event's last state. */
    private static <T> T typed(ClusterCache.Entry entry, ChangeEvent event, Class<T> type, boolean fallBackToEvent) {
        if (entry != null && type.isInstance(entry.object())) {
            return type.cast(entry.object());
        }
        if (fallBackToEvent && event.object() != null && !event.object().isNull()) {
            try {
                return KubeJson.convert(event.object(), type);
            } catch (RuntimeException e) {
                log.warn("cannot read {} at revision {}: {}", event.key(), event.revision(), e.getMessage());
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------ cycles

    private void run() {
        while (running) {
            Optional<SchedulingLoop.Attempt> attempt;
            try {
                attempt = loop.scheduleNext(POP_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                log.error("scheduling attempt failed", e);
                continue;
            }
            if (attempt.isPresent()) {
                try {
                    handle(attempt.get());
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                    log.error("handling the attempt of {} failed", attempt.get().pod().podInfo().key(), e);
                }
            }
        }
    }

    private void handle(SchedulingLoop.Attempt attempt) {
        attempts.incrementAndGet();
        QueuedPodInfo queued = attempt.pod();
        Pod pod = queued.podInfo().pod();
        String key = Resources.PODS.ref(pod.getMetadata().getNamespace(), pod.getMetadata().getName()).key();
        SchedulingResult result = attempt.result();
        decisions.publish(key, result.decision());
        switch (result) {
            case SchedulingResult.Scheduled s -> bind(queued.podInfo(), s);
            case SchedulingResult.Unschedulable u -> {
                unschedulable.incrementAndGet();
                if (!u.victims().isEmpty() || !u.nominationsToClear().isEmpty()) {
                    writer.preempt(pod, u.nomination().nodeName(), u.victims(), u.nominationsToClear());
                }
                writer.schedulingFailed(pod, SchedulingMessages.REASON_UNSCHEDULABLE, u.message(), u.nomination());
            }
            case SchedulingResult.Failed f -> {
                errors.incrementAndGet();
                log.info("error scheduling {}: {}", key, f.error());
                writer.schedulingFailed(pod, SchedulingMessages.REASON_SCHEDULER_ERROR, f.error(), Nomination.CLEAR);
            }
        }
    }

    /** The binding cycle: the Bind plugins, asynchronous, their outcome handled on the background thread. */
    private void bind(PodInfo podInfo, SchedulingResult.Scheduled s) {
        Pod pod = podInfo.pod();
        String uid = pod.getMetadata().getUid();
        BindPlugin.runAll(binders, podInfo, s.nodeName(), s.decision().id()).thenAcceptAsync(status -> {
            if (status.isSuccess()) {
                bound.incrementAndGet();
                loop.bindingSucceeded(uid);
                writer.scheduled(pod, s.nodeName());
            } else {
                bindFailures.incrementAndGet();
                String error = status.isSkip() ? "no Bind plugin bound the pod" : status.message();
                log.debug("binding {}/{} to {} failed: {}", pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(), s.nodeName(), error);
                loop.bindingFailed(uid);
                writer.schedulingFailed(pod, SchedulingMessages.REASON_SCHEDULER_ERROR, error, Nomination.CLEAR);
            }
        }, background);
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    private synchronized void startLoop() {
        if (thread != null || !running) {
            return;
        }
        log.info("cache synced at revision {}: {} nodes, {} pods in the scheduler cache, queue {}",
                cluster.revision(), cache.nodeCount(), cache.podCount(), queue.sizes());
        thread = Thread.ofPlatform().daemon().name("scheduler-loop").start(this::run);
    }

    @Override
    public void start() {
        running = true;
        if (cluster.isSynced()) {
            startLoop();
        }
    }

    @Override
    public void stop() {
        running = false;
        queue.close();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        cluster.removeListener(this);
        background.shutdown();
        try {
            background.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        parallelizer.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Whether the scheduling thread runs (the cache has synced). */
    public boolean scheduling() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    /** Counters and queue sizes, for the health endpoint. */
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("cacheSynced", cluster.isSynced());
        d.put("revision", cluster.revision());
        d.put("nodes", cache.nodeCount());
        d.put("cachedPods", cache.podCount());
        SchedulingQueue.Sizes sizes = queue.sizes();
        d.put("activeQ", sizes.active());
        d.put("backoffQ", sizes.backoff());
        d.put("unschedulablePods", sizes.unschedulable());
        d.put("attempts", attempts.get());
        d.put("bound", bound.get());
        d.put("bindFailures", bindFailures.get());
        d.put("unschedulable", unschedulable.get());
        d.put("errors", errors.get());
        return d;
    }
}
