package io.kubesim.state.replay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

import io.kubesim.model.event.ChangeType;
import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.Statuses;
import io.kubesim.state.log.CommandWriter;
import io.kubesim.state.log.LogRepository;
import io.kubesim.state.store.StoredObject;

/**
 * Rebuilds state from the log alone: the state at any revision, and a verify that replays the whole log into a
 * scratch projection and compares it, key by key, with the writer's live state (the projection every command is
 * checked against).
 */
public final class Replayer {

    /** An object as replayed: its revision and JSON text. */
    public record Version(long revision, String object) {
    }

    /**
     * The result of a verify.
     *
     * @param rows       log rows replayed
     * @param keys       keys in the replayed state
     * @param liveKeys   keys in the live projection
     * @param mismatches keys whose replayed and live versions differ (missing on one side, or another revision or
     *                   content), at most 100
     * @param millis     how long it took
     * @param stateHash  SHA-256 over every key, revision and object of the replayed state, in key order
     */
    public record Verification(long rows, int keys, int liveKeys, List<String> mismatches, long millis,
            String stateHash) {
        public boolean ok() {
            return mismatches.isEmpty();
        }
    }

    private final LogRepository repository;
    private final CommandWriter writer;

    public Replayer(LogRepository repository, CommandWriter writer) {
        this.repository = repository;
        this.writer = writer;
    }

    /** The state as it was right after {@code revision} was committed, in key order. */
    public TreeMap<String, Version> stateAt(long revision) {
        return stateAt(revision, "");
    }

    /**
     * The objects under a key prefix as they were right after {@code revision} was committed, in key order: each
     * key's newest row up to that revision, read by index ({@link LogRepository#stateAt}), which is what
     * {@link #replay} gives, in a time that grows with the number of keys instead of the length of the log.
     */
    public TreeMap<String, Version> stateAt(long revision, String prefix) {
        TreeMap<String, Version> state = new TreeMap<>();
        repository.stateAt(revision, prefix, (key, v) -> state.put(key, new Version(v.revision(), v.object())));
        return state;
    }

    /** The state right after {@code revision} by replaying every row from the start: slow; the reference. */
    public TreeMap<String, Version> replay(long revision) {
        TreeMap<String, Version> state = new TreeMap<>();
        repository.streamRows(0, revision, row -> {
            if (row.type() == ChangeType.DELETED) {
                state.remove(row.key());
            } else {
                state.put(row.key(), new Version(row.revision(), row.object()));
            }
        });
        return state;
    }

    /**
     * Replays the whole log into a scratch projection and compares it, key by key, with the writer's live state. The
     * live state and a database snapshot holding exactly the log it came from are taken together, with the writer's
     * pipeline drained ({@link CommandWriter#liveState}); the log is then read from that snapshot while the writer
     * goes on. The replay walks every row in revision order (ADDED and MODIFIED put the key's revision, DELETED
     * removes the key); the object text a replay ends with for a key is that of the key's last row, so only those
     * rows' objects are read ({@link LogRepository#verifySnapshot}), and they must equal the live objects byte for
     * byte.
     */
    public Verification verify() {
        long start = System.nanoTime();
        CommandWriter.LiveState state = liveState();
        HashMap<String, Long> lastRevision = new HashMap<>();
        long[] rows = {0};
        TreeMap<String, Version> replayed = new TreeMap<>();
        Map<String, StoredObject> live = state.objects();
        try (LogRepository.Snapshot snapshot = state.snapshot()) {
            repository.verifySnapshot(snapshot, change -> {
                rows[0]++;
                if (change.type() == ChangeType.DELETED) {
                    lastRevision.remove(change.key());
                } else {
                    lastRevision.put(change.key(), change.revision());
                }
            }, () -> lastRevision.values().stream().mapToLong(Long::longValue).toArray(),
                    (key, row) -> replayed.put(key, new Version(row.revision(), row.object())));
        }
        List<String> mismatches = new ArrayList<>();
        for (var e : lastRevision.entrySet()) {
            Version r = replayed.get(e.getKey());
            StoredObject l = live.get(e.getKey());
            if (r == null || r.revision() != e.getValue()) {
                add(mismatches, e.getKey() + ": the log changed while it was read");
            } else if (l == null) {
                add(mismatches, e.getKey() + ": in the log, not in the live state");
            } else if (l.revision() != r.revision()) {
                add(mismatches, e.getKey() + ": replayed revision " + r.revision() + ", live revision "
                        + l.revision());
            } else if (!l.text().equals(r.object())) {
                add(mismatches, e.getKey() + ": revision " + r.revision() + " in the log is not the live object");
            }
        }
        for (String key : live.keySet()) {
            if (!lastRevision.containsKey(key)) {
                add(mismatches, key + ": in the live state, not in the log");
            }
        }
        String hash = hash(replayed);
        return new Verification(rows[0], lastRevision.size(), live.size(), mismatches,
                (System.nanoTime() - start) / 1_000_000, hash);
    }

    private CommandWriter.LiveState liveState() {
        try {
            return writer.liveState();
        } catch (ExecutionException e) {
            throw new ApiException(Statuses.unavailable("cannot read the live state: " + e.getCause().getMessage()));
        } catch (CancellationException e) {
            throw new ApiException(Statuses.unavailable("the writer is not running (yet)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(Statuses.unavailable("interrupted"));
        }
    }

    /** SHA-256 over key, revision and object of every entry, in key order. */
    public static String hash(TreeMap<String, Version> state) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (var e : state.entrySet()) {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Long.toString(e.getValue().revision()).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(e.getValue().object().getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(List<String> mismatches, String m) {
        if (mismatches.size() < 100) {
            mismatches.add(m);
        }
    }
}
