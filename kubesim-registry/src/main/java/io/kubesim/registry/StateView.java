package io.kubesim.registry;

import java.util.List;
import java.util.Optional;

import tools.jackson.databind.node.ObjectNode;

/**
 * Read access to the current state (the store's projection), used by admission plugins (namespace lifecycle,
 * priority classes). Keys look like {@code /pods/default/web}, {@code /nodes/n1},
 * {@code /deployments.apps/default/web} (see {@link io.kubesim.model.resource.ObjectRef#key()}).
 *
 * <p>The objects handed out may be shared with the store's cache: read them, never change them.
 */
public interface StateView {

    /** The stored object under a key, if any. */
    Optional<ObjectNode> get(String key);

    /** Every stored object whose key starts with the prefix, e.g. {@code /priorityclasses/}. */
    List<ObjectNode> list(String keyPrefix);
}
