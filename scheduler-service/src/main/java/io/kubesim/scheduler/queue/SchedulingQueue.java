package io.kubesim.scheduler.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.scheduler.framework.ClusterEvent;
import io.kubesim.scheduler.framework.ClusterEventWithHint;
import io.kubesim.scheduler.framework.Framework;
import io.kubesim.scheduler.framework.Nomination;
import io.kubesim.scheduler.framework.Nominator;
import io.kubesim.scheduler.framework.PluginNames;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.Profiles;
import io.kubesim.scheduler.framework.QueueSortPlugin;
import io.kubesim.scheduler.framework.QueuedPodInfo;
import io.kubesim.scheduler.framework.QueueingHint;
import io.kubesim.scheduler.framework.SchedulerConfig;

/**
 * The scheduling queue (pkg/scheduler/backend/queue/scheduling_queue.go, Kubernetes 1.32, with queueing hints on):
 * an active queue ordered by the QueueSort plugin, a backoff queue (1 s doubling per attempt up to 10 s), and a pool
 * of unschedulable pods, each tagged with the plugins that rejected it and moved back only by a cluster event one of
 * those plugins registered and whose queueing hint says it may help. Events that arrive while a pod is being
 * scheduled are recorded and replayed when the pod comes back, so they are not lost. Pods that waited in the pool
 * longer than 5 minutes are retried anyway. Pods with scheduling gates wait in the pool until their gates are gone.
 *
 * <p>All times come from the injected clock. Expired backoffs and the 5-minute flush are applied whenever the queue
 * is popped (upstream runs them on 1 s and 30 s timers), so no background thread is needed. Thread-safe. Also the
 * {@link Nominator} of the scheduling algorithm.
 */
public final class SchedulingQueue implements Nominator {

    /** How often the leftover flush of the unschedulable pool runs (upstream's 30 s period). */
    static final Duration UNSCHEDULABLE_FLUSH_PERIOD = Duration.ofSeconds(30);
    /** Wall time between re-checks while a pop waits, so backoffs expiring on the cluster clock are noticed. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private enum Strategy { SKIP, AFTER_BACKOFF }

    private enum Destination { ACTIVE, BACKOFF, UNSCHEDULABLE }

    /** A plugin's registration of an event. */
    private record Registration(ClusterEvent event, String plugin, QueueingHint.Fn hint) {
    }

    private record RecordedEvent(long sequence, ClusterEvent event, Object oldObj, Object newObj) {
    }

    private static final class InFlight {
        final long eventSequence;
        Pod latest;
        boolean deleted;

        InFlight(long eventSequence, Pod latest) {
            this.eventSequence = eventSequence;
            this.latest = latest;
        }
    }

    private final Clock clock;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxInUnschedulable;
    private final Map<String, List<Registration>> registrationsByProfile = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final TreeSet<QueuedPodInfo> activeQ;
    private final TreeSet<QueuedPodInfo> backoffQ;
    private final Map<String, QueuedPodInfo> activeByUid = new HashMap<>();
    private final Map<String, QueuedPodInfo> backoffByUid = new HashMap<>();
    private final Map<String, QueuedPodInfo> unschedulable = new LinkedHashMap<>();
    private final Map<String, InFlight> inFlight = new HashMap<>();
    private final ArrayDeque<RecordedEvent> inFlightEvents = new ArrayDeque<>();
    private final Map<String, String> nominatedNodeOfPod = new HashMap<>();
    private final Map<String, List<PodInfo>> nominatedPods = new ConcurrentHashMap<>();
    private long sequence;
    private long eventSequence;
    private Instant lastLeftoverFlush;
    private boolean closed;

    public SchedulingQueue(Clock clock, Profiles profiles, QueueSortPlugin sort, SchedulerConfig config) {
        this.clock = clock;
        this.initialBackoff = config.podInitialBackoff();
        this.maxBackoff = config.podMaxBackoff();
        this.maxInUnschedulable = config.podMaxInUnschedulablePods();
        this.activeQ = new TreeSet<>((a, b) -> a == b ? 0 : sort.less(a, b) ? -1 : sort.less(b, a) ? 1
                : Long.compare(a.sequence(), b.sequence()));
        this.backoffQ = new TreeSet<>(Comparator.comparing(this::backoffTime).thenComparingLong(QueuedPodInfo::sequence));
        for (Framework f : profiles.all()) {
            List<Registration> regs = new ArrayList<>();
            f.eventsByPlugin().forEach((plugin, events) -> {
                for (ClusterEventWithHint e : events) {
                    regs.add(new Registration(e.event(), plugin, e.hint()));
                }
            });
            registrationsByProfile.put(f.profileName(), regs);
        }
        this.lastLeftoverFlush = clock.instant();
    }

    /** A new pending pod. */
    public void add(Pod pod) {
        lock.lock();
        try {
            QueuedPodInfo p = newQueuedPodInfo(PodInfo.of(pod));
            moveToActiveQ(p);
            addNominated(p.podInfo(), Nomination.KEEP);
        } finally {
            lock.unlock();
        }
    }

    /** A pending pod changed; an update that may make an unschedulable pod schedulable moves it back. */
    public void update(Pod oldPod, Pod newPod) {
        lock.lock();
        try {
            String uid = newPod.getMetadata().getUid();
            PodInfo info = PodInfo.of(newPod);
            List<ClusterEvent> events = ClusterEvents.podChange(newPod, oldPod);
            InFlight f = inFlight.get(uid);
            if (f != null) {
                f.latest = newPod;
                for (ClusterEvent e : events) {
                    inFlightEvents.add(new RecordedEvent(++eventSequence, e, oldPod, newPod));
                }
                return;
            }
            QueuedPodInfo p = activeByUid.get(uid);
            if (p != null) {
                activeQ.remove(p);
                p.setPodInfo(info);
                activeQ.add(p);
                updateNominated(oldPod, info);
                return;
            }
            p = backoffByUid.get(uid);
            if (p != null) {
                backoffQ.remove(p);
                p.setPodInfo(info);
                backoffQ.add(p);
                updateNominated(oldPod, info);
                return;
            }
            p = unschedulable.get(uid);
            if (p != null) {
                p.setPodInfo(info);
                updateNominated(oldPod, info);
                if (p.gated()) {
                    if (!gated(newPod)) {
                        unschedulable.remove(uid);
                        p.setGatingPlugin(null);
                        p.unschedulablePlugins().clear();
                        moveToActiveQ(p);
                    }
                    return;
                }
                for (ClusterEvent e : events) {
                    Strategy s = worthRequeuing(p, e, oldPod, newPod);
                    if (s != Strategy.SKIP) {
                        unschedulable.remove(uid);
                        requeue(p, s);
                        return;
                    }
                }
                return;
            }
            QueuedPodInfo fresh = newQueuedPodInfo(info);
            moveToActiveQ(fresh);
        } finally {
            lock.unlock();
        }
    }

    /** A pending pod was deleted (or bound, or handed to another scheduler). */
    public void delete(Pod pod) {
        lock.lock();
        try {
            String uid = pod.getMetadata().getUid();
            deleteNominated(uid);
            QueuedPodInfo p = activeByUid.remove(uid);
            if (p != null) {
                activeQ.remove(p);
            }
            p = backoffByUid.remove(uid);
            if (p != null) {
                backoffQ.remove(p);
            }
            unschedulable.remove(uid);
            InFlight f = inFlight.get(uid);
            if (f != null) {
                f.deleted = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next pod to schedule, waiting up to {@code timeout} (wall time) for one; empty on timeout or after
     * {@link #close()}. The pod is in flight until {@link #done} or {@link #requeueAfterFailure}.
     */
    public Optional<QueuedPodInfo> pop(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                flushBackoffQCompletedLocked();
                if (Duration.between(lastLeftoverFlush, clock.instant()).compareTo(UNSCHEDULABLE_FLUSH_PERIOD) >= 0) {
                    flushUnschedulablePodsLeftoverLocked();
                }
                if (!activeQ.isEmpty()) {
                    QueuedPodInfo p = activeQ.pollFirst();
                    activeByUid.remove(p.podInfo().uid());
                    p.incrementAttempts();
                    p.unschedulablePlugins().clear();
                    inFlight.put(p.podInfo().uid(), new InFlight(eventSequence, p.podInfo().pod()));
                    return Optional.of(p);
                }
                long remaining = deadline - System.nanoTime();
                if (closed || remaining <= 0) {
                    return Optional.empty();
                }
                notEmpty.awaitNanos(Math.min(remaining, POLL_NANOS));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The pod's scheduling cycle is over (it was assumed); forgets the events recorded for it. */
    public void done(String uid) {
        lock.lock();
        try {
            doneLocked(uid);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts a pod back after a failed attempt. With rejecting plugins the pod goes to the unschedulable pool unless an
     * event recorded during its attempt may help (then to backoff, or active if its backoff is over); without (an
     * internal error) it goes to backoff. A pod deleted or bound meanwhile is dropped. Records the nomination.
     */
    public void requeueAfterFailure(QueuedPodInfo p, Set<String> rejectorPlugins, Nomination nomination) {
        lock.lock();
        try {
            String uid = p.podInfo().uid();
            InFlight f = inFlight.get(uid);
            try {
                if (f != null && (f.deleted || !ClusterEvents.nodeName(f.latest).isEmpty())) {
                    return;
                }
                if (activeByUid.containsKey(uid) || backoffByUid.containsKey(uid) || unschedulable.containsKey(uid)) {
                    return;
                }
                if (f != null && f.latest != p.podInfo().pod()) {
                    p.setPodInfo(PodInfo.of(f.latest));
                }
                p.setTimestamp(clock.instant());
                p.unschedulablePlugins().clear();
                p.unschedulablePlugins().addAll(rejectorPlugins);
                requeue(p, hintForInFlightPod(p, f));
                addNominated(p.podInfo(), nomination);
            } finally {
                doneLocked(uid);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A cluster event happened: moves the unschedulable pods it may help (per the rejecting plugins' queueing hints)
     * to the backoff or active queue, and records it for the pods being scheduled right now.
     */
    public void moveAllToActiveOrBackoffQueue(ClusterEvent event, Object oldObj, Object newObj) {
        lock.lock();
        try {
            if (!eventOfInterest(event)) {
                return;
            }
            boolean activated = false;
            for (QueuedPodInfo p : new ArrayList<>(unschedulable.values())) {
                if (p.gated()) {
                    continue;
                }
                Strategy s = worthRequeuing(p, event, oldObj, newObj);
                if (s == Strategy.SKIP) {
                    continue;
                }
                unschedulable.remove(p.podInfo().uid());
                if (requeue(p, s) == Destination.ACTIVE) {
                    activated = true;
                }
            }
            if (!inFlight.isEmpty()) {
                inFlightEvents.add(new RecordedEvent(++eventSequence, event, oldObj, newObj));
            }
            if (activated) {
                notEmpty.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<PodInfo> nominatedPodsForNode(String nodeName) {
        List<PodInfo> pods = nominatedPods.get(nodeName);
        return pods == null ? List.of() : pods;
    }

    /** Stops the queue: waiting and later pops return empty. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Sizes of the active queue, the backoff queue and the unschedulable pool. */
    public record Sizes(int active, int backoff, int unschedulable) {
    }

    public Sizes sizes() {
        lock.lock();
        try {
            return new Sizes(activeQ.size(), backoffQ.size(), unschedulable.size());
        } finally {
            lock.unlock();
        }
    }

    /** Where the pod is now: {@code active}, {@code backoff}, {@code unschedulable}, or empty. */
    public Optional<String> location(String uid) {
        lock.lock();
        try {
            if (activeByUid.containsKey(uid)) {
                return Optional.of("active");
            }
            if (backoffByUid.containsKey(uid)) {
                return Optional.of("backoff");
            }
            return unschedulable.containsKey(uid) ? Optional.of("unschedulable") : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    private QueuedPodInfo newQueuedPodInfo(PodInfo info) {
        QueuedPodInfo p = new QueuedPodInfo(info, clock.instant());
        p.setSequence(++sequence);
        return p;
    }

    private static boolean gated(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getSchedulingGates() != null
                && !pod.getSpec().getSchedulingGates().isEmpty();
    }

    /** Adds to the active queue unless a scheduling gate holds the pod back (then to the unschedulable pool). */
    private void moveToActiveQ(QueuedPodInfo p) {
        String uid = p.podInfo().uid();
        if (activeByUid.containsKey(uid)) {
            return;
        }
        QueuedPodInfo inBackoff = backoffByUid.remove(uid);
        if (inBackoff != null) {
            backoffQ.remove(inBackoff);
        }
        if (gated(p.podInfo().pod())) {
            p.setGatingPlugin(PluginNames.SCHEDULING_GATES);
            p.unschedulablePlugins().add(PluginNames.SCHEDULING_GATES);
            unschedulable.put(uid, p);
            return;
        }
        unschedulable.remove(uid);
        p.setGatingPlugin(null);
        activeQ.add(p);
        activeByUid.put(uid, p);
        notEmpty.signalAll();
    }

    private Destination requeue(QueuedPodInfo p, Strategy strategy) {
        String uid = p.podInfo().uid();
        if (strategy == Strategy.SKIP) {
            unschedulable.put(uid, p);
            return Destination.UNSCHEDULABLE;
        }
        if (backoffTime(p).isAfter(clock.instant())) {
            backoffQ.add(p);
            backoffByUid.put(uid, p);
            return Destination.BACKOFF;
        }
        moveToActiveQ(p);
        return activeByUid.containsKey(uid) ? Destination.ACTIVE : Destination.UNSCHEDULABLE;
    }

    /** Upstream {@code determineSchedulingHintForInFlightPod}. */
    private Strategy hintForInFlightPod(QueuedPodInfo p, InFlight f) {
        if (f == null || p.unschedulablePlugins().isEmpty()) {
            return Strategy.AFTER_BACKOFF;
        }
        for (RecordedEvent e : inFlightEvents) {
            if (e.sequence() > f.eventSequence
                    && worthRequeuing(p, e.event(), e.oldObj(), e.newObj()) != Strategy.SKIP) {
                return Strategy.AFTER_BACKOFF;
            }
        }
        return Strategy.SKIP;
    }

    /** Upstream {@code isPodWorthRequeuing}: asks the hints of the plugins that rejected the pod. */
    private Strategy worthRequeuing(QueuedPodInfo p, ClusterEvent event, Object oldObj, Object newObj) {
        Set<String> rejectors = p.unschedulablePlugins();
        if (rejectors.isEmpty() || event.isWildcard()) {
            return Strategy.AFTER_BACKOFF;
        }
        List<Registration> regs = registrationsByProfile.get(Profiles.schedulerName(p.podInfo().pod()));
        if (regs == null) {
            return Strategy.AFTER_BACKOFF;
        }
        for (Registration r : regs) {
            if (!r.event().matches(event) || !rejectors.contains(r.plugin())) {
                continue;
            }
            QueueingHint hint;
            if (r.hint() == null) {
                hint = QueueingHint.QUEUE;
            } else {
                try {
                    hint = r.hint().hint(p.podInfo().pod(), oldObj, newObj);
                } catch (RuntimeException e) {
                    // Upstream treats a failing hint as Queue so the pod cannot get stuck.
                    hint = QueueingHint.QUEUE;
                }
            }
            if (hint == QueueingHint.QUEUE) {
                return Strategy.AFTER_BACKOFF;
            }
        }
        return Strategy.SKIP;
    }

    private boolean eventOfInterest(ClusterEvent event) {
        if (event.isWildcard()) {
            return true;
        }
        for (List<Registration> regs : registrationsByProfile.values()) {
            for (Registration r : regs) {
                if (r.event().matches(event)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code timestamp + backoff(attempts)}, the backoff doubling from the initial value up to the maximum. */
    Instant backoffTime(QueuedPodInfo p) {
        return p.timestamp().plus(backoffDuration(p.attempts()));
    }

    Duration backoffDuration(int attempts) {
        if (attempts == 0) {
            return Duration.ZERO;
        }
        Duration d = initialBackoff;
        for (int i = 1; i < attempts; i++) {
            if (d.compareTo(maxBackoff.minus(d)) > 0) {
                return maxBackoff;
            }
            d = d.plus(d);
        }
        return d;
    }

    private void flushBackoffQCompletedLocked() {
        Instant now = clock.instant();
        while (!backoffQ.isEmpty() && !backoffTime(backoffQ.first()).isAfter(now)) {
            QueuedPodInfo p = backoffQ.pollFirst();
            backoffByUid.remove(p.podInfo().uid());
            moveToActiveQ(p);
        }
    }

    private void flushUnschedulablePodsLeftoverLocked() {
        Instant now = clock.instant();
        lastLeftoverFlush = now;
        for (QueuedPodInfo p : new ArrayList<>(unschedulable.values())) {
            if (p.gated() || Duration.between(p.timestamp(), now).compareTo(maxInUnschedulable) <= 0) {
                continue;
            }
            unschedulable.remove(p.podInfo().uid());
            requeue(p, worthRequeuing(p, ClusterEvent.UNSCHEDULABLE_TIMEOUT, null, null));
        }
    }

    private void doneLocked(String uid) {
        if (inFlight.remove(uid) == null) {
            return;
        }
        if (inFlight.isEmpty()) {
            inFlightEvents.clear();
            return;
        }
        long oldest = Long.MAX_VALUE;
        for (InFlight f : inFlight.values()) {
            oldest = Math.min(oldest, f.eventSequence);
        }
        while (!inFlightEvents.isEmpty() && inFlightEvents.peekFirst().sequence() <= oldest) {
            inFlightEvents.pollFirst();
        }
    }

    private void addNominated(PodInfo pod, Nomination nomination) {
        deleteNominated(pod.uid());
        String node = nomination.mode() == Nomination.Mode.SET ? nomination.nodeName() : pod.nominatedNodeName();
        if (node.isEmpty()) {
            return;
        }
        nominatedNodeOfPod.put(pod.uid(), node);
        List<PodInfo> list = new ArrayList<>(nominatedPodsForNode(node));
        list.add(pod);
        nominatedPods.put(node, List.copyOf(list));
    }

    /** Keeps a nomination made in memory when the update carries none (upstream {@code UpdateNominatedPod}). */
    private void updateNominated(Pod oldPod, PodInfo newInfo) {
        String oldNominated = oldPod == null || oldPod.getStatus() == null
                || oldPod.getStatus().getNominatedNodeName() == null ? "" : oldPod.getStatus().getNominatedNodeName();
        Nomination nomination = Nomination.KEEP;
        if (oldNominated.isEmpty() && newInfo.nominatedNodeName().isEmpty()) {
            String kept = nominatedNodeOfPod.get(newInfo.uid());
            if (kept != null) {
                nomination = Nomination.of(kept);
            }
        }
        addNominated(newInfo, nomination);
    }

    private void deleteNominated(String uid) {
        String node = nominatedNodeOfPod.remove(uid);
        if (node == null) {
            return;
        }
        List<PodInfo> list = new ArrayList<>(nominatedPodsForNode(node));
        list.removeIf(p -> p.uid().equals(uid));
        if (list.isEmpty()) {
            nominatedPods.remove(node);
        } else {
            nominatedPods.put(node, List.copyOf(list));
        }
    }
}
