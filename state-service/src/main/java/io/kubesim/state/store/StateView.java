package io.kubesim.state.store;

import java.util.List;
import java.util.Optional;

/** Read access to the current state, by storage key ({@code /pods/default/web}) or key prefix. */
public interface StateView {

    Optional<StoredObject> get(String key);

    /** Every object whose key starts with {@code prefix}, in key order. */
    List<StoredObject> list(String prefix);
}
