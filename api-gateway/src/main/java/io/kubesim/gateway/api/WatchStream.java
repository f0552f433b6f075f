package io.kubesim.gateway.api;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.gateway.printers.TableOptions;
import io.kubesim.gateway.printers.TablePrinter;
import io.kubesim.gateway.watch.WatchCache;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;

/**
 * Writes one watch as a chunked stream of newline-separated {@code {"type":...,"object":...}} events
 * (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go). Under a Table Accept each object is a one-row Table
 * (column definitions with the first event only). The stream stays open until the client leaves, the
 * {@code timeoutSeconds} pass, the client falls too far behind, or the gateway shuts down — kubectl {@code get -w}
 * exits when the server closes, so nothing else closes it. Idle streams get a newline every 30 s (JSON whitespace) to
 * notice departed clients; clients that allow bookmarks get a BOOKMARK every bookmark interval.
 */
final class WatchStream implements AutoCloseable {

    private static final long IDLE_MILLIS = 30_000;

    private final WatchCache.Watcher watcher;
    private final ResourceType type;
    private final Clock clock;
    private final TableOptions table;
    private final boolean bookmarks;
    private final long bookmarkMillis;
    private boolean headersSent;
    private long lastRevision;

    WatchStream(WatchCache.Watcher watcher, ResourceType type, Clock clock, TableOptions table, boolean bookmarks,
            long bookmarkMillis, long fromRevision) {
        this.bookmarkMillis = bookmarkMillis;
        this.watcher = watcher;
        this.type = type;
        this.clock = clock;
        this.table = table;
        this.bookmarks = bookmarks;
        this.lastRevision = fromRevision;
    }

    void send(OutputStream out, String eventType, JsonNode object) throws IOException {
        JsonNode payload = object;
        if (table != null) {
            payload = TablePrinter.table(type, object, headersSent ? table.withoutHeaders() : table, clock);
            headersSent = true;
        }
        ObjectNode event = KubeJson.json().createObjectNode();
        event.put("type", eventType);
        event.set("object", payload);
        out.write(KubeJson.writeBytes(event));
        out.write('\n');
    }

    void run(OutputStream out, long timeoutSeconds) throws IOException {
        long deadline = timeoutSeconds > 0 ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE;
        long idleSince = System.currentTimeMillis();
        long lastBookmark = System.currentTimeMillis();
        while (System.nanoTime() < deadline && !watcher.ended()) {
            WatchCache.WatchEvent e;
            try {
                e = watcher.poll(Math.min(1000, Math.max(10, bookmarkMillis / 2)));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
            if (e != null) {
                send(out, e.type(), e.object());
                lastRevision = Math.max(lastRevision, e.revision());
                for (WatchCache.WatchEvent more : watcher.drain()) {
                    send(out, more.type(), more.object());
                    lastRevision = Math.max(lastRevision, more.revision());
                }
                out.flush();
                idleSince = System.currentTimeMillis();
            }
            if (watcher.overflowed() || watcher.ended()) {
                return;
            }
            long now = System.currentTimeMillis();
            if (bookmarks && now - lastBookmark >= bookmarkMillis) {
                // every change up to "seen" was queued before it was recorded; with the queue empty, all of them
                // have been sent (or filtered out), so a client resuming from this revision misses nothing
                long seen = watcher.seen();
                if (watcher.isEmpty()) {
                    bookmark(out, Math.max(lastRevision, seen), false);
                    out.flush();
                    lastBookmark = now;
                    idleSince = now;
                }
            }
            if (now - idleSince >= IDLE_MILLIS) {
                out.write('\n');
                out.flush();
                idleSince = now;
            }
        }
    }

    /**
     * A BOOKMARK event: an object of the watched kind carrying only a resourceVersion; with {@code initialEventsEnd}
     * the annotation {@code k8s.io/initial-events-end: "true"} that ends the initial events of a
     * {@code sendInitialEvents} watch (staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go).
     */
    void bookmark(OutputStream out, long revision, boolean initialEventsEnd) throws IOException {
        ObjectNode bookmark = KubeJson.json().createObjectNode();
        bookmark.put("type", "BOOKMARK");
        ObjectNode obj = bookmark.putObject("object");
        obj.put("kind", type.kind());
        obj.put("apiVersion", type.apiVersion());
        ObjectNode meta = obj.putObject("metadata");
        meta.put("resourceVersion", String.valueOf(revision));
        if (initialEventsEnd) {
            meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
        }
        out.write(KubeJson.writeBytes(bookmark));
        out.write('\n');
        lastRevision = Math.max(lastRevision, revision);
    }

    @Override
    public void close() {
        watcher.close();
    }
}
