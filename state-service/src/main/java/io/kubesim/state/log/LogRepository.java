package io.kubesim.state.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.kubesim.model.command.CommandReply;
import io.kubesim.model.event.ChangeType;
import io.kubesim.model.json.KubeJson;
import io.kubesim.state.store.LogRow;
import io.kubesim.state.store.Projection;
import io.kubesim.state.store.StoredObject;

/** The log, the objects projection and the writer's position, in PostgreSQL (schema: db/migration). */
public final class LogRepository {

    /** Key of the advisory lock only the active writer holds. */
    static final long WRITER_LOCK = 0x6b75626573696dL; // "kubesim"

    /**
     * Command ids of the rows state-service writes itself into an empty log (the namespaces and PriorityClasses every
     * cluster has, see {@code Bootstrap}) start with this.
     */
    public static final String BOOTSTRAP_COMMAND_PREFIX = "kubesim-bootstrap-";

    private final DataSource dataSource;

    public LogRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Where the writer stands. */
    public record WriterState(long commandOffset, long publishedRevision) {
    }

    /** A refused command and its reply (JSON). */
    public record Rejection(String commandId, String reply, Instant time) {
    }

    public long maxRevision() {
        return queryLong("SELECT COALESCE(MAX(revision), 0) FROM log");
    }

    /** How many command ids the log and the refused commands hold (rows of one command count once each). */
    public long countCommandIds() {
        return queryLong("SELECT (SELECT COUNT(*) FROM log) + (SELECT COUNT(*) FROM rejected_commands)");
    }

    /** Every command id the log and the refused commands hold (an id with several rows comes several times). */
    public void streamCommandIds(Consumer<String> sink) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(20_000);
                try (ResultSet rs = s.executeQuery(
                        "SELECT command_id FROM log UNION ALL SELECT command_id FROM rejected_commands")) {
                    while (rs.next()) {
                        sink.accept(rs.getString(1));
                    }
                }
            } finally {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the command ids: " + e.getMessage(), e);
        }
    }

    public WriterState writerState() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT command_offset, published_revision FROM writer_state WHERE id = 1")) {
            rs.next();
            return new WriterState(rs.getLong(1), rs.getLong(2));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read writer state: " + e.getMessage(), e);
        }
    }

    /**
     * Loads the live state into the projection: the newest row of every key that exists (the state at the head of the
     * log, {@link #stateAt}). There is no second table to keep in step with the log: a change is one row.
     */
    public void loadProjection(Projection projection) {
        stateAt(Long.MAX_VALUE, "", rs -> {
            String key = rs.getString(1);
            projection.put(key, StoredObject.read(key, rs.getLong(2), rs.getString(3)));
        });
    }

    /** The earlier result of each of these command ids that was applied or refused before. */
    public Map<String, CommandReply> previousResults(Collection<String> commandIds) {
        Map<String, CommandReply> out = new HashMap<>();
        if (commandIds.isEmpty()) {
            return out;
        }
        try (Connection c = dataSource.getConnection()) {
            String[] ids = commandIds.toArray(String[]::new);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT command_id, reply_code, revision, object FROM log WHERE command_id = ANY(?) "
                            + "ORDER BY revision")) {
                ps.setArray(1, c.createArrayOf("text", ids));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        // the first row of a command is its own object; later rows (e.g. a budget) are side effects
                        out.putIfAbsent(rs.getString(1), new CommandReply(rs.getString(1), rs.getInt(2),
                                rs.getLong(3), KubeJson.parse(rs.getString(4)), null));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT command_id, reply FROM rejected_commands WHERE command_id = ANY(?)")) {
                ps.setArray(1, c.createArrayOf("text", ids));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.putIfAbsent(rs.getString(1), KubeJson.read(rs.getString(2), CommandReply.class));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up previous results: " + e.getMessage(), e);
        }
    }

    /**
     * Writes one batch in one transaction: the log rows, the refused commands and the
     * writer's checkpoint (the last command answered and the last revision published, both from earlier batches).
     * Either all of it is stored or nothing.
     */
    public void commit(List<LogRow> rows, List<Rejection> rejections, long commandOffset, long publishedRevision)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!rows.isEmpty()) {
                    insertRows(c, rows);
                }
                if (!rejections.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO rejected_commands (command_id, reply, "
                            + "time) VALUES (?, ?, ?) ON CONFLICT (command_id) DO NOTHING")) {
                        for (Rejection r : rejections) {
                            ps.setString(1, r.commandId());
                            ps.setString(2, r.reply());
                            ps.setTimestamp(3, Timestamp.from(r.time()));
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE writer_state SET command_offset = ?, published_revision = ? WHERE id = 1")) {
                    ps.setLong(1, commandOffset);
                    ps.setLong(2, publishedRevision);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void insertRows(Connection c, List<LogRow> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO log (revision, key, type, object, prev_revision, "
                + "actor, command_id, decision_id, reply_code, time, volatile) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            for (LogRow r : rows) {
                ps.setLong(1, r.revision());
                ps.setString(2, r.key());
                ps.setString(3, r.type().name());
                ps.setString(4, r.object());
                ps.setLong(5, r.prevRevision());
                ps.setString(6, r.actor());
                ps.setString(7, r.commandId());
                ps.setString(8, r.decisionId());
                ps.setInt(9, r.replyCode());
                ps.setTimestamp(10, Timestamp.from(r.time()));
                ps.setBoolean(11, r.volatileRow());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Records that every command up to {@code commandOffset} is answered and every row up to {@code revision} published. */
    public void updateCheckpoint(long commandOffset, long revision) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE writer_state SET command_offset = GREATEST("
                     + "command_offset, ?), published_revision = GREATEST(published_revision, ?) WHERE id = 1")) {
            ps.setLong(1, commandOffset);
            ps.setLong(2, revision);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the published revision: " + e.getMessage(), e);
        }
    }

    /** Streams the rows with {@code from < revision <= to} in revision order. */
    public void streamRows(long from, long to, Consumer<LogRow> sink) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            streamRows(c, from, to, sink);
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the log: " + e.getMessage(), e);
        }
    }

    private static void streamRows(Connection c, long from, long to, Consumer<LogRow> sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT revision, key, type, object, prev_revision, actor, "
                + "command_id, decision_id, reply_code, time, volatile FROM log WHERE revision > ? AND revision <= ? "
                + "ORDER BY revision")) {
            ps.setFetchSize(5000);
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new LogRow(rs.getLong(1), rs.getString(2), ChangeType.valueOf(rs.getString(3)),
                            rs.getString(4), rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getInt(9), rs.getTimestamp(10).toInstant(), rs.getBoolean(11)));
                }
            }
        }
    }

    /**
     * The newest row at or before {@code revision} of every key that starts with {@code prefix} and exists then (its
     * newest row is not a deletion): the state at that revision, as a replay of the rows up to it would leave it,
     * read without replaying. The distinct keys come from a loose scan of the {@code (key, revision)} index (one
     * probe per key, a recursive CTE), and each key's row from one backward probe of the same index, so the cost
     * grows with the number of keys, not with the length of the log. Compaction does not change the answer: it
     * deletes only volatile rows that a newer row of the same key supersedes, never a key's first row, so the newest
     * surviving row at or before the revision is the one a replay ends with.
     */
    public void stateAt(long revision, String prefix, java.util.function.BiConsumer<String, StoredText> sink) {
        stateAt(revision, prefix, rs -> sink.accept(rs.getString(1), new StoredText(rs.getLong(2), rs.getString(3))));
    }

    /**
     * As {@link #stateAt(long, String, java.util.function.BiConsumer)}, each object as the UTF-8 bytes the database
     * sent: for writing a whole state out without decoding and encoding it again.
     */
    public void stateAtBytes(long revision, String prefix, Consumer<byte[]> sink) {
        stateAt(revision, prefix, rs -> sink.accept(rs.getBytes(3)));
    }

    /** One row of a result set, as read. */
    private interface RowSink {
        void accept(ResultSet rs) throws SQLException;
    }

    private void stateAt(long revision, String prefix, RowSink sink) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH RECURSIVE keys(key) AS (
                        (SELECT key FROM log ORDER BY key LIMIT 1)
                      UNION ALL
                        SELECT (SELECT l.key FROM log l WHERE l.key > k.key ORDER BY l.key LIMIT 1)
                          FROM keys k WHERE k.key IS NOT NULL)
                    SELECT v.key, v.revision, v.object
                      FROM (SELECT key FROM keys WHERE key IS NOT NULL AND starts_with(key, ?)) k
                      CROSS JOIN LATERAL (SELECT l.key, l.revision, l.type, l.object FROM log l
                                           WHERE l.key = k.key AND l.revision <= ?
                                           ORDER BY l.revision DESC LIMIT 1) v
                     WHERE v.type <> 'DELETED'
                    """)) {
                ps.setFetchSize(2000);
                ps.setString(1, prefix);
                ps.setLong(2, revision);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(rs);
                    }
                }
            } finally {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the state at revision " + revision + ": " + e.getMessage(),
                    e);
        }
    }

    /** A log row without its object: what a replay needs to know which row of each key comes last. */
    public record Change(long revision, String key, ChangeType type) {
    }

    /**
     * A read-only REPEATABLE READ transaction whose snapshot is taken when it opens: whatever is read through it sees
     * the database as it was then, whatever the writer and the compactor commit meanwhile.
     */
    public final class Snapshot implements AutoCloseable {

        private final Connection connection;

        private Snapshot(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void close() {
            try (connection) {
                connection.rollback();
                connection.setReadOnly(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            } catch (SQLException e) {
                // nothing was written through it; the pool discards a broken connection
            }
        }
    }

    /** Opens a {@link Snapshot}; its first statement fixes what it sees. */
    public Snapshot openSnapshot() {
        try {
            Connection c = dataSource.getConnection();
            try {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
                try (Statement s = c.createStatement()) {
                    s.executeQuery("SELECT 1").close();
                }
                return new Snapshot(c);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a snapshot of the log: " + e.getMessage(), e);
        }
    }

    /**
     * For verify, from a {@link Snapshot}: every log row in revision order without its object, then the rows that
     * {@code last} picks from them, with their object text. Reading the objects of the rows a replay ends with,
     * instead of every row's, moves the last version of each key over the wire instead of the whole log.
     */
    public void verifySnapshot(Snapshot snapshot, Consumer<Change> changes, java.util.function.Supplier<long[]> last,
            java.util.function.BiConsumer<String, StoredText> lastRows) {
        Connection c = snapshot.connection;
        try {
            try (Statement s = c.createStatement()) {
                s.setFetchSize(20_000);
                try (ResultSet rs = s.executeQuery("SELECT revision, key, type FROM log ORDER BY revision")) {
                    while (rs.next()) {
                        changes.accept(new Change(rs.getLong(1), rs.getString(2),
                                ChangeType.valueOf(rs.getString(3))));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT key, revision, object FROM log WHERE revision = ANY(?)")) {
                ps.setFetchSize(5000);
                ps.setArray(1, c.createArrayOf("bigint", java.util.Arrays.stream(last.get()).boxed().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lastRows.accept(rs.getString(1), new StoredText(rs.getLong(2), rs.getString(3)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the log: " + e.getMessage(), e);
        }
    }

    /** An object's revision and JSON text as stored. */
    public record StoredText(long revision, String object) {
    }

    /**
     * Deletes volatile rows that are superseded by a newer row of the same key, older than {@code before}, and not
     * the first row of their key. Returns how many were deleted.
     */
    public int compactVolatile(Instant before) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     DELETE FROM log l
                      WHERE l.volatile AND l.time < ?
                        AND EXISTS (SELECT 1 FROM log n WHERE n.key = l.key AND n.revision > l.revision)
                        AND EXISTS (SELECT 1 FROM log f WHERE f.key = l.key AND f.revision < l.revision)
                     """)) {
            ps.setTimestamp(1, Timestamp.from(before));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compact the log: " + e.getMessage(), e);
        }
    }

    public void storeDecision(String id, String podKey, String podUid, Instant time, String record) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO decisions (id, pod_key, pod_uid, time, record) "
                     + "VALUES (?,?,?,?,?) ON CONFLICT (id) DO NOTHING")) {
            ps.setString(1, id);
            ps.setString(2, podKey);
            ps.setString(3, podUid);
            ps.setTimestamp(4, Timestamp.from(time));
            ps.setString(5, record);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store decision: " + e.getMessage(), e);
        }
    }

    /** The decision records of one pod (by storage key), oldest first. */
    public List<String> decisions(String podKey) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT record FROM decisions WHERE pod_key = ? ORDER BY time, id")) {
            ps.setString(1, podKey);
            List<String> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read decisions: " + e.getMessage(), e);
        }
    }

    /** Holds the writer lock on a dedicated connection for as long as the connection lives; blocks until free. */
    public Connection acquireWriterLock() throws SQLException {
        Connection c = dataSource.getConnection();
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
            ps.setLong(1, WRITER_LOCK);
            ps.execute();
        }
        return c;
    }

    private long queryLong(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
