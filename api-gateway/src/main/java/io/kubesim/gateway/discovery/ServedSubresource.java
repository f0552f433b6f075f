package io.kubesim.gateway.discovery;

import java.util.List;

import io.kubesim.model.resource.ResourceType;

/**
 * A subresource as discovery advertises it: its kind (with group and version when they differ from the parent's, as
 * {@code pods/eviction} answers with {@code policy/v1} {@code Eviction}) and verbs, as kube-apiserver 1.32 registers
 * them (pkg/registry/core/pod/rest, pkg/registry/apps/deployment/storage, ...).
 */
record ServedSubresource(String name, String group, String version, String kind, List<String> verbs) {

    private static final List<String> READ_WRITE = List.of("get", "patch", "update");

    ServedSubresource {
        verbs = List.copyOf(verbs);
    }

    /**
     * @throws IllegalArgumentException for a subresource without a discovery rule here, so that a catalog entry with
     *                                  a new subresource cannot go unadvertised
     */
    static ServedSubresource of(ResourceType parent, String name) {
        return switch (name) {
            case "status" -> new ServedSubresource(name, parent.group(), parent.version(), parent.kind(), READ_WRITE);
            case "scale" -> new ServedSubresource(name, "autoscaling", "v1", "Scale", READ_WRITE);
            case "binding" -> new ServedSubresource(name, "", "v1", "Binding", List.of("create"));
            case "eviction" -> new ServedSubresource(name, "policy", "v1", "Eviction", List.of("create"));
            case "log" -> new ServedSubresource(name, parent.group(), parent.version(), parent.kind(), List.of("get"));
            default -> throw new IllegalArgumentException("no discovery rule for subresource " + parent.plural() + "/"
                    + name);
        };
    }

    /** Whether the kind lives in another group version than the parent's, so discovery names it. */
    boolean foreignTo(ResourceType parent) {
        return !group.equals(parent.group()) || !version.equals(parent.version());
    }
}
