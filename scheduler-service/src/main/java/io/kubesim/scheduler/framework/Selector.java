package io.kubesim.scheduler.framework;

import java.util.List;
import java.util.Map;

import io.kubesim.model.labels.LabelSelector;
import io.kubesim.model.labels.Requirement;

/**
 * A {@link LabelSelector} compiled for the hot loops of the affinity and spreading plugins, which match it against
 * every pod of the cluster in every cycle: the common requirement {@code key in (value)} costs one map lookup.
 * Same semantics as {@link LabelSelector#matches(Map)}.
 */
public final class Selector {

    public static final Selector EVERYTHING = new Selector(LabelSelector.EVERYTHING);
    public static final Selector NOTHING = new Selector(LabelSelector.NOTHING);

    private static final Interner<List<Requirement>, Selector> INTERNED = new Interner<>(16_384);

    private final LabelSelector source;
    private final String[] keys;
    private final String[] singleValues;
    private final Requirement[] others;

    private Selector(LabelSelector source) {
        this.source = source;
        List<Requirement> reqs = source.requirements();
        keys = new String[reqs.size()];
        singleValues = new String[reqs.size()];
        others = new Requirement[reqs.size()];
        for (int i = 0; i < reqs.size(); i++) {
            Requirement r = reqs.get(i);
            keys[i] = r.key();
            boolean single = (r.operator() == Requirement.Operator.IN || r.operator() == Requirement.Operator.EQUALS)
                    && r.values().size() == 1;
            if (single) {
                singleValues[i] = r.values().getFirst();
            } else {
                others[i] = r;
            }
        }
    }

    /** The compiled selector; equal selectors give the same instance, so results can be remembered per instance. */
    public static Selector of(LabelSelector selector) {
        if (selector.isNothing()) {
            return NOTHING;
        }
        return selector.isEverything() ? EVERYTHING : INTERNED.intern(selector.requirements(), k -> new Selector(selector));
    }

    /** {@link LabelSelector#from(io.fabric8.kubernetes.api.model.LabelSelector)}, compiled. */
    public static Selector from(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        return of(LabelSelector.from(selector));
    }

    public boolean matches(Map<String, String> labels) {
        if (this == NOTHING) {
            return false;
        }
        for (int i = 0; i < keys.length; i++) {
            String single = singleValues[i];
            if (single != null) {
                if (labels == null || !single.equals(labels.get(keys[i]))) {
                    return false;
                }
            } else if (!others[i].matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** The number of requirements of the form {@code key=value} (or {@code key in (value)}). */
    public int singleValueCount() {
        int n = 0;
        for (String v : singleValues) {
            if (v != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * The key of the {@code i}-th requirement of the form {@code key=value}: a pod this selector matches carries
     * the label {@code singleValueKey(i)=singleValue(i)}.
     */
    public String singleValueKey(int i) {
        return keys[singleIndex(i)];
    }

    public String singleValue(int i) {
        return singleValues[singleIndex(i)];
    }

    private int singleIndex(int i) {
        for (int j = 0, n = 0; j < singleValues.length; j++) {
            if (singleValues[j] != null && n++ == i) {
                return j;
            }
        }
        throw new IndexOutOfBoundsException(i);
    }

    public boolean isEverything() {
        return this == EVERYTHING;
    }

    public boolean isNothing() {
        return this == NOTHING;
    }

    public LabelSelector source() {
        return source;
    }

    @Override
    public String toString() {
        return source.toString();
    }
}
