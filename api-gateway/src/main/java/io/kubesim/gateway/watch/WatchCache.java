package io.kubesim.gateway.watch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.event.ChangeType;
import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.Statuses;
import io.kubesim.runtime.ClusterCache;

/**
 * The gateway's watch cache (staging/src/k8s.io/apiserver/pkg/storage/cacher): the last {@code capacity} changes with
 * the object before and after each, so that a watch can resume from any recent resourceVersion; older ones get
 * 410 Gone ("too old resource version"). Watchers get the changes of their key prefix that pass their filter,
 * translated as upstream does: an object that starts matching arrives as ADDED, one that stops matching as DELETED.
 */
public final class WatchCache implements ClusterCache.Listener {

    /** One change as a watcher sees it. */
    public record Change(long revision, ChangeType type, String key, JsonNode before, JsonNode after) {
    }

    /** A watch event to send: type and object. */
    public record WatchEvent(String type, JsonNode object, long revision) {
    }

    private final int capacity;
    private final ArrayDeque<Change> history = new ArrayDeque<>();
    private final Set<Watcher> watchers = new CopyOnWriteArraySet<>();
    private long oldestKept = 1;
    private long latest;

    public WatchCache(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public void onChange(ChangeEvent event, ClusterCache.Entry previous, ClusterCache.Entry current) {
        Change change = new Change(event.revision(), event.type(), event.key(),
                previous == null ? null : previous.json(), current == null ? event.object() : current.json());
        synchronized (this) {
            history.addLast(change);
            latest = event.revision();
            while (history.size() > capacity) {
                oldestKept = history.removeFirst().revision() + 1;
            }
            for (Watcher w : watchers) {
                w.offer(change);
            }
        }
    }

    public synchronized long latestRevision() {
        return latest;
    }

    /**
     * Opens a watch of the keys under {@code prefix} that pass {@code filter}, from just after {@code fromRevision}.
     *
     * @throws ApiException 410 Expired when changes after {@code fromRevision} are no longer kept
     */
    public synchronized Watcher watch(String prefix, Predicate<JsonNode> filter, long fromRevision, int queueSize) {
        if (fromRevision + 1 < oldestKept) {
            throw new ApiException(Statuses.expired("too old resource version: " + fromRevision + " ("
                    + (oldestKept - 1) + ")"));
        }
        Watcher w = new Watcher(prefix, filter, queueSize);
        w.seen = Math.max(fromRevision, 0);
        for (Change c : history) {
            if (c.revision() > fromRevision) {
                w.offer(c);
            }
        }
        watchers.add(w);
        return w;
    }

    /** A registered watch: a bounded queue of events; a watcher that falls too far behind is closed. */
    public final class Watcher implements AutoCloseable {

        private final String prefix;
        private final Predicate<JsonNode> filter;
        private final BlockingQueue<WatchEvent> queue;
        private volatile boolean overflowed;
        private volatile boolean ended;
        private volatile long seen;

        Watcher(String prefix, Predicate<JsonNode> filter, int queueSize) {
            this.prefix = prefix;
            this.filter = filter;
            this.queue = new ArrayBlockingQueue<>(queueSize);
        }

        void offer(Change c) {
            if (overflowed) {
                return;
            }
            if (c.key().startsWith(prefix)) {
                WatchEvent e = translate(c);
                if (e != null && !queue.offer(e)) {
                    overflowed = true; // the client is too slow; it will reconnect and resume from its last revision
                    return;
                }
            }
            seen = c.revision(); // after the queueing: see WatchStream's bookmarks
        }

        /** The newest change this watcher has been offered (queued, or filtered out). */
        public long seen() {
            return seen;
        }

        public boolean isEmpty() {
            return queue.isEmpty();
        }

        private WatchEvent translate(Change c) {
            boolean before = c.before() != null && filter.test(c.before());
            boolean after = c.type() != ChangeType.DELETED && c.after() != null && filter.test(c.after());
            return switch (c.type()) {
                case ADDED -> after ? new WatchEvent("ADDED", c.after(), c.revision()) : null;
                case MODIFIED -> before && after ? new WatchEvent("MODIFIED", c.after(), c.revision())
                        : after ? new WatchEvent("ADDED", c.after(), c.revision())
                        : before ? new WatchEvent("DELETED", c.after(), c.revision()) : null;
                case DELETED -> c.after() != null && filter.test(c.after())
                        ? new WatchEvent("DELETED", c.after(), c.revision()) : null;
            };
        }

        /** The next event, waiting at most {@code millis}; null if none arrived. */
        public WatchEvent poll(long millis) throws InterruptedException {
            return queue.poll(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        /** Everything queued right now. */
        public List<WatchEvent> drain() {
            List<WatchEvent> out = new ArrayList<>();
            queue.drainTo(out);
            return out;
        }

        public boolean overflowed() {
            return overflowed && queue.isEmpty();
        }

        /** True once the server ends every watch (shutdown): the stream should close. */
        public boolean ended() {
            return ended;
        }

        @Override
        public void close() {
            watchers.remove(this);
        }
    }

    /**
     * Ends every open watch, as kube-apiserver does when it shuts down; their streams close within a second, so a
     * graceful shutdown does not wait for clients that would otherwise keep watching forever.
     */
    public void endAll() {
        for (Watcher w : watchers) {
            w.ended = true;
        }
    }

    /** The number of open watches. */
    public int openWatches() {
        return watchers.size();
    }

    /** For tests: the revisions kept. */
    synchronized List<Long> keptRevisions() {
        List<Long> out = new ArrayList<>();
        for (Iterator<Change> it = history.iterator(); it.hasNext(); ) {
            out.add(it.next().revision());
        }
        return out;
    }
}
