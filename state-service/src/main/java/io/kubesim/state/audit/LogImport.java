package io.kubesim.state.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kubesim.model.event.ChangeType;
import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.Statuses;
import io.kubesim.state.log.CommandWriter;
import io.kubesim.state.log.LogRepository;
import io.kubesim.state.store.LogRow;

/**
 * Imports an export (JSON Lines, {@link ExportLine}) into an empty log: the rows exactly as they are (same revisions,
 * keys, types, object text, actors, command ids, times), and the objects projection they give.
 *
 * <ul>
 *   <li><b>Empty</b> means: the log holds only the rows state-service wrote itself when it started on an empty
 *       database (the bootstrap namespaces and PriorityClasses, command ids {@code kubesim-bootstrap-*}). The import
 *       replaces them: an export of a whole log starts with its own bootstrap rows at the same revisions. Any other
 *       row: 409 Conflict, before the body is read.</li>
 *   <li>The body is saved to a temporary file before the writer is asked for: a slow or stalled client holds an
 *       HTTP thread, not the writer (which answers commands meanwhile). An upload that ends early or breaks off
 *       is refused with 400 (Tomcat answers it itself when its read fails), so a cut-off upload never imports the
 *       first part of a log. The file is not limited in size: it takes what the export holds.</li>
 *   <li>The file must be a whole log: its first row is revision 1, revisions strictly increase (gaps are allowed:
 *       compacted volatile rows), an ADDED row names a key that does not exist at that point, a MODIFIED or DELETED
 *       row one that does. A line that is not a row, or breaks one of these: 422 Invalid naming the line, and
 *       nothing is written.</li>
 *   <li>All or nothing: one transaction holds the removal of the bootstrap rows, the rows (COPY) and the writer's
 *       checkpoint set to "nothing published". It runs on the writer thread between two batches
 *       ({@link CommandWriter#exclusively}), so no command is applied meanwhile; afterwards the writer reloads its
 *       projection and next revision and publishes every imported row on {@code kubesim.events} in revision order.
 *       A crash after the commit publishes them at the restart (the checkpoint says nothing was published); a crash
 *       before it leaves the log as it was.</li>
 *   <li>Consumers that already applied the target's bootstrap revisions drop the imported rows with the same
 *       revisions as duplicates, so their caches keep the target's six bootstrap objects (same names and specs,
 *       other uid and creationTimestamp); the log, the writer's state, verify and every audit read have the
 *       imported ones.</li>
 * </ul>
 */
final class LogImport {

    private static final Logger log = LoggerFactory.getLogger(LogImport.class);
    private static final String COLUMNS = "revision, key, type, object, prev_revision, actor, command_id, "
            + "decision_id, reply_code, time, volatile";

    /**
     * What was imported.
     *
     * @param rows     log rows stored
     * @param objects  objects in the resulting state
     * @param revision the last revision
     * @param replaced bootstrap rows of this cluster that the import replaced
     * @param millis   how long it took
     */
    record Result(long rows, int objects, long revision, long replaced, long millis) {
    }

    private final DataSource dataSource;
    private final CommandWriter writer;

    LogImport(DataSource dataSource, CommandWriter writer) {
        this.dataSource = dataSource;
        this.writer = writer;
    }

    /**
     * Imports the body; refuses with an {@link ApiException} (400, 409, 422, 503) and then writes nothing. The body is
     * first saved to a temporary file, so a client that sends slowly or stalls holds an HTTP thread, never the writer.
     */
    Result importLog(InputStream body) {
        try (Connection c = dataSource.getConnection()) {
            requireEmpty(c); // 409 before the body is read; checked again with the log locked
        } catch (SQLException e) {
            throw new ApiException(Statuses.unavailable("the database is unreachable: " + e.getMessage()
                    + "; nothing was imported"));
        }
        Path spool = null;
        try {
            spool = Files.createTempFile("kubesim-import-upload-", ".jsonl");
            spool(body, spool);
            Path file = spool;
            return writer.exclusively(() -> {
                try (InputStream in = Files.newInputStream(file)) {
                    return store(in);
                }
            });
        } catch (IOException e) {
            throw new ApiException(Statuses.unavailable("the body could not be saved for the import ("
                    + e.getMessage() + "); nothing was imported"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            log.error("import failed", e.getCause());
            throw new ApiException(Statuses.unavailable("the import failed, nothing was imported: "
                    + e.getCause().getMessage()));
        } catch (CancellationException e) {
            throw new ApiException(Statuses.unavailable("the writer is not running (yet); nothing was imported"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(Statuses.unavailable("interrupted; nothing was imported"));
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException e) {
                    log.warn("could not remove {}: {}", spool, e.getMessage());
                }
            }
        }
    }

    /**
     * Copies the body into {@code file}: a body that cannot be read is the client's (400), a file that cannot be
     * written is this server's (503, e.g. a full disk).
     */
    private static void spool(InputStream body, Path file) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                int n;
                try {
                    n = body.read(buffer);
                } catch (IOException e) {
                    throw new ApiException(Statuses.badRequest("the body could not be read (" + e.getMessage()
                            + "); nothing was imported"));
                }
                if (n < 0) {
                    return;
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private Result store(InputStream body) throws SQLException, IOException {
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            CopyIn copy = null;
            try {
                try (Statement s = c.createStatement()) {
                    // the compactor deletes log rows: not while the log is replaced (readers are not blocked)
                    s.execute("LOCK TABLE log IN EXCLUSIVE MODE");
                }
                long replaced = requireEmpty(c);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM log");
                }
                copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY log (" + COLUMNS + ") FROM STDIN");
                Map<String, Long> state = new HashMap<>();
                long[] counts = copyRows(body, new CopyBuffer(copy), state);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE writer_state SET published_revision = 0 WHERE id = 1");
                }
                c.commit();
                Result r = new Result(counts[0], state.size(), counts[1], replaced,
                        (System.nanoTime() - start) / 1_000_000);
                log.info("imported {} rows up to revision {} ({} objects) in {} ms, replacing {} bootstrap rows",
                        r.rows(), r.revision(), r.objects(), r.millis(), r.replaced());
                return r;
            } catch (SQLException | IOException | RuntimeException e) {
                if (copy != null && copy.isActive()) {
                    copy.cancelCopy();
                }
                c.rollback();
                throw e;
            }
        }
    }

    /** The number of bootstrap rows; 409 if the log holds any other row. */
    private static long requireEmpty(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FILTER (WHERE NOT starts_with(command_id, ?)),"
                + " COUNT(*), COALESCE(MAX(revision), 0) FROM log")) {
            ps.setString(1, LogRepository.BOOTSTRAP_COMMAND_PREFIX);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long others = rs.getLong(1);
                if (others > 0) {
                    throw new ApiException(Statuses.failure(409, "Conflict", "the log is not empty: it holds "
                            + others + " rows besides the bootstrap (up to revision " + rs.getLong(3) + "); an "
                            + "export can only be imported into a new cluster", null, null, null, List.of()));
                }
                return rs.getLong(2);
            }
        }
    }

    /**
     * Checks each line and sends its row to COPY; leaves in {@code state} the revision of the last row of every key
     * that exists at the end. Returns {rows, last revision}.
     */
    private static long[] copyRows(InputStream body, CopyBuffer copy, Map<String, Long> state) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16);
        long rows = 0;
        long last = 0;
        long lineNumber = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            LogRow r;
            try {
                r = ExportLine.parse(line);
            } catch (IllegalArgumentException e) {
                throw invalid(lineNumber, e.getMessage());
            }
            if (rows == 0 && r.revision() != 1) {
                throw invalid(lineNumber, "the first row is revision " + r.revision() + ", not 1: only an export of "
                        + "the whole log can be imported");
            }
            if (r.revision() <= last) {
                throw invalid(lineNumber, "revision " + r.revision() + " follows revision " + last
                        + ": revisions must increase");
            }
            Long existing = state.get(r.key());
            if (r.type() == ChangeType.ADDED && existing != null) {
                throw invalid(lineNumber, "revision " + r.revision() + " adds " + r.key()
                        + ", which exists since revision " + existing);
            }
            if (r.type() != ChangeType.ADDED && existing == null) {
                throw invalid(lineNumber, "revision " + r.revision() + " is " + r.type() + " of " + r.key()
                        + ", which does not exist at that point");
            }
            if (r.type() == ChangeType.DELETED) {
                state.remove(r.key());
            } else {
                state.put(r.key(), r.revision());
            }
            copy.add(r);
            last = r.revision();
            rows++;
            if (rows % 100_000 == 0) {
                log.info("importing: {} rows read", rows);
            }
        }
        if (rows == 0) {
            throw invalid(lineNumber, "the body holds no rows: nothing to import");
        }
        copy.end();
        return new long[] {rows, last};
    }

    private static ApiException invalid(long line, String why) {
        return new ApiException(Statuses.failure(422, "Invalid", "line " + line + " of the import is invalid: " + why
                + "; nothing was imported", null, null, null, List.of()));
    }

    /** COPY text format, sent in chunks of about a megabyte. */
    static final class CopyBuffer {
        private final CopyIn copy;
        private final StringBuilder buffer = new StringBuilder(1 << 20);

        CopyBuffer(CopyIn copy) {
            this.copy = copy;
        }

        void add(LogRow r) {
            buffer.append(r.revision()).append('\t');
            field(buffer, r.key()).append('\t').append(r.type().name()).append('\t');
            field(buffer, r.object()).append('\t').append(r.prevRevision()).append('\t');
            field(buffer, r.actor()).append('\t');
            field(buffer, r.commandId()).append('\t');
            field(buffer, r.decisionId()).append('\t').append(r.replyCode()).append('\t').append(r.time())
                    .append('\t').append(r.volatileRow() ? 't' : 'f').append('\n');
            if (buffer.length() >= 1 << 20) {
                flush();
            }
        }

        void end() {
            flush();
            try {
                copy.endCopy();
            } catch (SQLException e) {
                throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
            }
        }

        private void flush() {
            if (buffer.isEmpty()) {
                return;
            }
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            buffer.setLength(0);
            try {
                copy.writeToCopy(bytes, 0, bytes.length);
            } catch (SQLException e) {
                throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
            }
        }

        /** A value in COPY's text format: {@code \N} for null; backslash, newline, carriage return, tab escaped. */
        static StringBuilder field(StringBuilder out, String v) {
            if (v == null) {
                return out.append("\\N");
            }
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                switch (ch) {
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(ch);
                }
            }
            return out;
        }
    }
}
