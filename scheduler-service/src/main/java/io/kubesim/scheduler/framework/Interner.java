package io.kubesim.scheduler.framework;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Shares one instance among equal values (the label sets and affinity terms of the pods of one workload are
 * identical), so the plugins' loops over every pod of the cluster touch a few hot objects instead of thousands of
 * scattered copies. Bounded: when full it starts over, so it cannot grow without limit.
 */
final class Interner<K, V> {

    private final int capacity;
    private final Map<K, V> values = new ConcurrentHashMap<>();

    Interner(int capacity) {
        this.capacity = capacity;
    }

    V intern(K key, Function<K, V> create) {
        V v = values.get(key);
        if (v != null) {
            return v;
        }
        if (values.size() >= capacity) {
            values.clear();
        }
        return values.computeIfAbsent(key, create);
    }
}
