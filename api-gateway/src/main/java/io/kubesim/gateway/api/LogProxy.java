package io.kubesim.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.resource.Resources;
import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.Statuses;
import io.kubesim.runtime.ClusterCache;

/**
 * {@code GET .../pods/{name}/log}: like kube-apiserver, which asks the kubelet of the pod's node
 * (pkg/registry/core/pod/rest/log.go), the gateway forwards the request to the node agent named in the node's
 * {@code kubesim.io/agent-endpoint} annotation and streams its answer back.
 */
public final class LogProxy {

    public static final String AGENT_ENDPOINT_ANNOTATION = "kubesim.io/agent-endpoint";
    private static final List<String> PASSED_ON = List.of("follow", "previous", "tailLines", "timestamps",
            "sinceSeconds", "limitBytes");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ClusterCache cache;

    public LogProxy(ClusterCache cache) {
        this.cache = cache;
    }

    void stream(ApiRequest r, HttpServletRequest req, HttpServletResponse res) throws IOException {
        JsonNode pod = cache.get(r.ref()).orElseThrow(() -> new ApiException(Statuses.notFound(r.type(), r.name())))
                .json();
        String container = container(pod, req.getParameter("container"), r.name());
        String node = pod.path("spec").path("nodeName").asString("");
        if (node.isEmpty()) {
            throw new ApiException(Statuses.badRequest("container \"" + container + "\" in pod \"" + r.name()
                    + "\" is waiting to start: ContainerCreating"));
        }
        String endpoint = cache.get(Resources.NODES.ref(null, node))
                .map(e -> e.json().path("metadata").path("annotations").path(AGENT_ENDPOINT_ANNOTATION).asString(""))
                .orElse("");
        if (endpoint.isEmpty()) {
            throw new ApiException(Statuses.failure(502, "InternalError", "no kubelet endpoint is known for node \""
                    + node + "\"", null, null, null, List.of()));
        }
        StringBuilder url = new StringBuilder(endpoint).append("/kubesim/v1/logs/").append(enc(r.namespace()))
                .append('/').append(enc(r.name())).append('/').append(enc(container)).append('?');
        for (String p : PASSED_ON) {
            String v = req.getParameter(p);
            if (v != null) {
                url.append(p).append('=').append(enc(v)).append('&');
            }
        }
        try {
            HttpResponse<InputStream> upstream = http.send(HttpRequest.newBuilder(URI.create(url.toString()))
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            res.setStatus(upstream.statusCode());
            res.setContentType(upstream.headers().firstValue("Content-Type").orElse("text/plain"));
            try (InputStream in = upstream.body(); OutputStream out = res.getOutputStream()) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        } catch (java.net.ConnectException e) {
            throw new ApiException(Statuses.failure(502, "InternalError", "the kubelet of node \"" + node
                    + "\" is unreachable", null, null, null, List.of()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String container(JsonNode pod, String requested, String podName) {
        List<String> names = new ArrayList<>();
        pod.path("spec").path("containers").forEach(c -> names.add(c.path("name").asString()));
        List<String> all = new ArrayList<>(names);
        pod.path("spec").path("initContainers").forEach(c -> all.add(c.path("name").asString()));
        if (requested != null && !requested.isEmpty()) {
            if (!all.contains(requested)) {
                throw new ApiException(Statuses.badRequest("container " + requested + " is not valid for pod "
                        + podName));
            }
            return requested;
        }
        String preferred = pod.path("metadata").path("annotations").path("kubectl.kubernetes.io/default-container")
                .asString("");
        if (!preferred.isEmpty() && names.contains(preferred)) {
            return preferred;
        }
        if (names.size() == 1) {
            return names.getFirst();
        }
        throw new ApiException(Statuses.badRequest("a container name must be specified for pod " + podName
                + ", choose one of: [" + String.join(" ", names) + "]"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
