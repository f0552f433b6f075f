package io.kubesim.gateway.api;

import java.util.Optional;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;

/**
 * Parses {@code /api/v1/...} and {@code /apis/<group>/<version>/...} resource paths:
 * <pre>
 *   /api/v1/nodes[/{name}[/{sub}]]                 cluster-scoped
 *   /api/v1/pods                                    namespaced, all namespaces
 *   /api/v1/namespaces/{ns}/pods[/{name}[/{sub}]]   namespaced
 *   /api/v1/namespaces/{name}[/{sub}]               the namespaces themselves
 * </pre>
 */
public final class ApiPaths {

    private ApiPaths() {
    }

    /** Empty when the path names no served resource (→ 404). */
    public static Optional<ApiRequest> parse(String path) {
        String[] p = segments(path);
        int i;
        String group;
        String version;
        if (p.length >= 2 && p[0].equals("api")) {
            group = "";
            version = p[1];
            i = 2;
        } else if (p.length >= 3 && p[0].equals("apis")) {
            group = p[1];
            version = p[2];
            i = 3;
        } else {
            return Optional.empty();
        }
        int rest = p.length - i;
        if (rest <= 0) {
            return Optional.empty();
        }
        for (int k = i; k < p.length; k++) {
            if (p[k].isEmpty()) {
                return Optional.empty();
            }
        }
        // /namespaces/{ns}/{resource}... (but /namespaces/{name} and /namespaces/{name}/status are namespaces)
        if (p[i].equals("namespaces") && rest >= 3 && !(rest == 3 && isNamespaceSubresource(group, p[i + 2]))) {
            String ns = p[i + 1];
            Optional<ResourceType> type = Resources.byPath(group, version, p[i + 2]);
            if (type.isEmpty() || !type.get().namespaced() || rest > 5) {
                return Optional.empty();
            }
            String name = rest >= 4 ? p[i + 3] : null;
            String sub = rest == 5 ? p[i + 4] : null;
            return valid(type.get(), ns, name, sub);
        }
        Optional<ResourceType> type = Resources.byPath(group, version, p[i]);
        if (type.isEmpty() || rest > 3) {
            return Optional.empty();
        }
        if (type.get().namespaced() && rest > 1) {
            return Optional.empty();
        }
        String name = rest >= 2 ? p[i + 1] : null;
        String sub = rest == 3 ? p[i + 2] : null;
        return valid(type.get(), null, name, sub);
    }

    private static boolean isNamespaceSubresource(String group, String segment) {
        return group.isEmpty() && (segment.equals("status") || segment.equals("finalize"));
    }

    private static Optional<ApiRequest> valid(ResourceType type, String ns, String name, String sub) {
        if (sub != null && !type.subresources().contains(sub) && !(type == Resources.NAMESPACES
                && sub.equals("finalize"))) {
            return Optional.empty();
        }
        return Optional.of(new ApiRequest(type, ns, name, sub));
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
