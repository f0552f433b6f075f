package io.kubesim.state.store;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.resource.Resources;

/** Storage key helpers. */
final class Keys {

    private static final String POD_PREFIX = "/" + Resources.PODS.qualifiedName() + "/";

    private Keys() {
    }

    static boolean isPod(String key) {
        return key.startsWith(POD_PREFIX);
    }

    /** The storage key of a stored object, from its kind and metadata. */
    static String keyOf(StoredObject o) {
        JsonNode json = o.json();
        String apiVersion = json.path("apiVersion").asString("");
        String kind = json.path("kind").asString("");
        var type = Resources.byKind(apiVersion, kind)
                .orElseThrow(() -> new IllegalStateException("stored object of unknown kind " + apiVersion + "/" + kind));
        String ns = json.path("metadata").path("namespace").asString(null);
        String name = json.path("metadata").path("name").asString("");
        return type.ref(ns, name).key();
    }
}
