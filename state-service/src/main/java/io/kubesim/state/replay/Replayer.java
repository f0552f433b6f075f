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

import io.kubesim.model.event.ChangeType;
import io.kubesim.state.log.LogRepository;

/**
 * Rebuilds state from the log alone: the state at any revision, and a verify that replays the whole log into a
 * scratch projection and compares it, key by key, with the live {@code objects} table.
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

    public Replayer(LogRepository repository) {
        this.repository = repository;
    }

    /** The state as it was right after {@code revision} was committed, in key order. */
    public TreeMap<String, Version> stateAt(long revision) {
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

    public Verification verify() {
        long start = System.nanoTime();
        HashMap<String, Version> replayed = new HashMap<>();
        long[] rows = {0};
        Map<String, LogRepository.StoredText> live = new HashMap<>();
        // one snapshot for both: rows committed while the log is read would otherwise count as mismatches
        repository.streamSnapshot(row -> {
            rows[0]++;
            if (row.type() == ChangeType.DELETED) {
                replayed.remove(row.key());
            } else {
                replayed.put(row.key(), new Version(row.revision(), row.object()));
            }
        }, live::put);
        List<String> mismatches = new ArrayList<>();
        for (var e : replayed.entrySet()) {
            LogRepository.StoredText l = live.get(e.getKey());
            if (l == null) {
                add(mismatches, e.getKey() + ": in the log, not in the live state");
            } else if (l.revision() != e.getValue().revision() || !l.object().equals(e.getValue().object())) {
                add(mismatches, e.getKey() + ": replayed revision " + e.getValue().revision() + ", live revision "
                        + l.revision());
            }
        }
        for (String key : live.keySet()) {
            if (!replayed.containsKey(key)) {
                add(mismatches, key + ": in the live state, not in the log");
            }
        }
        String hash = hash(new TreeMap<>(replayed));
        return new Verification(rows[0], replayed.size(), live.size(), mismatches,
                (System.nanoTime() - start) / 1_000_000, hash);
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
