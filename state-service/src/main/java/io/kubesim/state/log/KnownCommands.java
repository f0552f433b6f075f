package io.kubesim.state.log;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The ids of the commands the log holds (applied, or refused with a reply kept), as a Bloom filter. The reader asks
 * the database for the earlier result of a command only when the filter may hold its id: nearly every command is
 * new, and a new id now costs no query. A false positive costs one lookup that finds nothing; an id is never
 * missed, so a redelivery is always answered with its first result.
 *
 * <p>Written by the writer thread as it applies commands, read by the reader thread; the bits are atomic, so an id
 * added is seen by every later read. (An id added while the reader is already reading a later batch is not needed
 * there: a copy that close behind its first is answered from the batches in flight.)
 */
final class KnownCommands {

    private static final int HASHES = 4;
    /** Bits per id expected: about 0.2 % false positives with four hashes. */
    private static final int BITS_PER_ID = 16;
    private static final int MIN_BITS = 1 << 22;

    private final AtomicLongArray words;
    private final long mask;

    /** A filter sized for {@code expected} ids (it still works with more, with more false positives). */
    KnownCommands(long expected) {
        long wanted = Math.max(MIN_BITS, expected * BITS_PER_ID * 2);
        long bits = Long.highestOneBit(Math.min(wanted, 1L << 34));
        this.words = new AtomicLongArray((int) (bits >>> 6));
        this.mask = bits - 1;
    }

    void add(String id) {
        long h = hash(id);
        long step = (h >>> 32) | 1;
        for (int i = 0; i < HASHES; i++) {
            long bit = (h + i * step) & mask;
            int word = (int) (bit >>> 6);
            long m = 1L << bit;
            long w = words.get(word);
            while ((w & m) == 0 && !words.compareAndSet(word, w, w | m)) {
                w = words.get(word);
            }
        }
    }

    /** False if the id was certainly never added. */
    boolean mightContain(String id) {
        long h = hash(id);
        long step = (h >>> 32) | 1;
        for (int i = 0; i < HASHES; i++) {
            long bit = (h + i * step) & mask;
            if ((words.get((int) (bit >>> 6)) & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** 64-bit FNV-1a over the characters, then a splitmix64 finish so that both halves are well mixed. */
    private static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
