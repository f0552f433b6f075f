package io.kubesim.model.resource;

/**
 * Names one object: its qualified resource ({@code pods}, {@code deployments.apps}), namespace (null for
 * cluster-scoped resources) and name.
 */
public record ObjectRef(String resource, String namespace, String name) {

    public ObjectRef {
        if (resource == null || resource.isBlank()) {
            throw new IllegalArgumentException("resource is required");
        }
        if (namespace != null && namespace.isEmpty()) {
            namespace = null;
        }
    }

    /**
     * The storage key of the object in the log: {@code /pods/default/web}, {@code /nodes/n1},
     * {@code /deployments.apps/default/web}.
     */
    public String key() {
        return namespace == null ? "/" + resource + "/" + name : "/" + resource + "/" + namespace + "/" + name;
    }

    /** Parses a storage key back into a reference. */
    public static ObjectRef fromKey(String key) {
        if (key == null || !key.startsWith("/")) {
            throw new IllegalArgumentException("not a storage key: " + key);
        }
        String[] parts = key.substring(1).split("/", -1);
        return switch (parts.length) {
            case 2 -> new ObjectRef(parts[0], null, parts[1]);
            case 3 -> new ObjectRef(parts[0], parts[1], parts[2]);
            default -> throw new IllegalArgumentException("not a storage key: " + key);
        };
    }

    /** Key prefix of every object of a resource, or of a resource in one namespace. */
    public static String prefix(String resource, String namespace) {
        return namespace == null ? "/" + resource + "/" : "/" + resource + "/" + namespace + "/";
    }

    @Override
    public String toString() {
        return key();
    }
}
