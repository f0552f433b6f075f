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
 * {@code timeoutSeconds} pass, or the client falls too far behind — kubectl {@code get -w} exits when the server
 * closes, so nothing else closes it. Idle streams get a newline every 30 s (JSON whitespace) to notice departed
 * clients, and a BOOKMARK if the client allowed them.
 */
final class WatchStream implements AutoCloseable {

    private static final long IDLE_MILLIS = 30_000;

    private final WatchCache.Watcher watcher;
    private final ResourceType type;
    private final Clock clock;
    private final TableOptions table;
    private final boolean bookmarks;
    private boolean headersSent;
    private long lastRevision;

    WatchStream(WatchCache.Watcher watcher, ResourceType type, Clock clock, TableOptions table, boolean bookmarks,
            long fromRevision) {
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
        while (System.nanoTime() < deadline) {
            WatchCache.WatchEvent e;
            try {
                e = watcher.poll(1000);
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
                continue;
            }
            if (watcher.overflowed()) {
                return;
            }
            if (System.currentTimeMillis() - idleSince >= IDLE_MILLIS) {
                if (bookmarks) {
                    ObjectNode bookmark = KubeJson.json().createObjectNode();
                    bookmark.put("type", "BOOKMARK");
                    ObjectNode obj = bookmark.putObject("object");
                    obj.put("kind", type.kind());
                    obj.put("apiVersion", type.apiVersion());
                    obj.putObject("metadata").put("resourceVersion", String.valueOf(lastRevision));
                    out.write(KubeJson.writeBytes(bookmark));
                }
                out.write('\n');
                out.flush();
                idleSince = System.currentTimeMillis();
            }
        }
    }

    @Override
    public void close() {
        watcher.close();
    }
}
