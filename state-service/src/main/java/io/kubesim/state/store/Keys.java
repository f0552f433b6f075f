package io.kubesim.state.store;

import io.kubesim.model.resource.Resources;

/** Storage key helpers. */
final class Keys {

    private static final String POD_PREFIX = "/" + Resources.PODS.qualifiedName() + "/";

    private Keys() {
    }

    static boolean isPod(String key) {
        return key.startsWith(POD_PREFIX);
    }
}
