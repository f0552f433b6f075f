package io.kubesim.state.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.kubesim.model.event.ChangeType;
import io.kubesim.state.store.LogRow;

/** The audit's reads of the log table (schema: db/migration/V1). */
final class AuditRepository {

    private final DataSource dataSource;

    AuditRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Which rows a history read returns; null fields do not filter.
     *
     * @param key          one object's storage key
     * @param keyPrefix    a key prefix: {@code /<resource>/} for one kind
     * @param actor        who caused the change
     * @param fromRevision first revision, inclusive
     * @param toRevision   last revision, inclusive
     * @param since        first commit time, inclusive
     * @param until        last commit time, inclusive
     * @param after        only rows above this revision (the page token; 0: from the start)
     */
    record Filter(String key, String keyPrefix, String actor, Long fromRevision, Long toRevision, Instant since,
            Instant until, long after) {
    }

    /**
     * A log row and the previous version of the same key: the newest earlier row of the key still in the log (null
     * if there is none). That is the row at {@code prevRevision}, unless the compactor deleted it (only superseded
     * volatile rows: Lease renewals, heartbeat-only Node updates); then the patch spans the compacted changes too.
     */
    record HistoryRow(LogRow row, String previousObject) {
    }

    /** One stored version of a key: its revision, type and JSON text. */
    record Version(String key, long revision, ChangeType type, String object) {
    }

    /**
     * The rows that match, oldest first, at most {@code limit}, each with the newest earlier row of its key (by the
     * {@code (key, revision)} index).
     */
    void history(Filter f, int limit, Consumer<HistoryRow> sink) {
        StringBuilder sql = new StringBuilder("""
                SELECT l.revision, l.key, l.type, l.object, l.prev_revision, l.actor, l.command_id, l.decision_id,
                       l.reply_code, l.time, l.volatile, p.object
                  FROM log l
                  LEFT JOIN LATERAL (SELECT q.object FROM log q
                                      WHERE q.key = l.key AND q.revision < l.revision
                                      ORDER BY q.revision DESC LIMIT 1) p ON l.type <> 'ADDED'
                 WHERE l.revision > ?""");
        List<Object> args = new ArrayList<>();
        args.add(f.after());
        and(sql, args, " AND l.key = ?", f.key());
        and(sql, args, " AND starts_with(l.key, ?)", f.keyPrefix());
        and(sql, args, " AND l.actor = ?", f.actor());
        and(sql, args, " AND l.revision >= ?", f.fromRevision());
        and(sql, args, " AND l.revision <= ?", f.toRevision());
        and(sql, args, " AND l.time >= ?", f.since() == null ? null : Timestamp.from(f.since()));
        and(sql, args, " AND l.time <= ?", f.until() == null ? null : Timestamp.from(f.until()));
        sql.append(" ORDER BY l.revision LIMIT ?");
        args.add(limit);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setFetchSize(1000);
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        LogRow row = new LogRow(rs.getLong(1), rs.getString(2), ChangeType.valueOf(rs.getString(3)),
                                rs.getString(4), rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                rs.getInt(9), rs.getTimestamp(10).toInstant(), rs.getBoolean(11));
                        sink.accept(new HistoryRow(row, rs.getString(12)));
                    }
                }
            } finally {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the history: " + e.getMessage(), e);
        }
    }

    /** Adds {@code condition} with its one parameter when the filter sets it. */
    private static void and(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null) {
            sql.append(condition);
            args.add(value);
        }
    }

    /** The newest revision committed at or before {@code time}, 0 if none. */
    long revisionAt(Instant time) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(revision), 0) FROM log WHERE time <= ?")) {
            ps.setTimestamp(1, Timestamp.from(time));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot find the revision at " + time + ": " + e.getMessage(), e);
        }
    }

    /** The keys with a row in {@code (from, to]}, in key order. */
    List<String> changedKeys(long from, long to) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT DISTINCT key FROM log WHERE revision > ? AND revision <= ? ORDER BY key")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the changes: " + e.getMessage(), e);
        }
    }

    /** For each key, its newest row at or before {@code revision} (deletions included); keys without one are absent. */
    Map<String, Version> versionsAt(Collection<String> keys, long revision) {
        Map<String, Version> out = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT v.key, v.revision, v.type, v.object
                       FROM unnest(?::text[]) AS k(key)
                       CROSS JOIN LATERAL (SELECT l.key, l.revision, l.type, l.object FROM log l
                                            WHERE l.key = k.key AND l.revision <= ?
                                            ORDER BY l.revision DESC LIMIT 1) v""")) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            ps.setLong(2, revision);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Version(rs.getString(1), rs.getLong(2),
                            ChangeType.valueOf(rs.getString(3)), rs.getString(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read versions: " + e.getMessage(), e);
        }
    }
}
