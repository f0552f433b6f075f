package io.kubesim.gateway.api;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.gateway.auth.AuthenticationFilter;
import io.kubesim.gateway.discovery.Discovery;
import io.kubesim.gateway.openapi.OpenApiDocument;
import io.kubesim.gateway.openapi.OpenApiV3;
import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.Statuses;

/**
 * Every Kubernetes API path the gateway serves: version, health, discovery, OpenAPI v3, and the resources. Anything
 * else gets a 404 Status; every failure is a Status, never an HTML error page.
 */
@RestController
public class KubeApiController {

    private static final Logger log = LoggerFactory.getLogger(KubeApiController.class);
    public static final String KUBERNETES_VERSION = "v1.32.4";

    private final ResourceHandler resources;
    private final Discovery discovery = Discovery.standard();

    public KubeApiController(ResourceHandler resources) {
        this.resources = resources;
    }

    @GetMapping("/version")
    Map<String, String> version() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("major", "1");
        v.put("minor", "32");
        v.put("gitVersion", KUBERNETES_VERSION + "-kubesim");
        v.put("gitCommit", "kubesim");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2026-11-22T00:00:00Z");
        v.put("goVersion", "go1.23.8");
        v.put("compiler", "gc");
        v.put("platform", "linux/amd64");
        return v;
    }

    @GetMapping({"/healthz", "/livez", "/readyz"})
    void health(HttpServletResponse res) throws IOException {
        res.setContentType("text/plain");
        try (OutputStream out = res.getOutputStream()) {
            out.write("ok".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @GetMapping({"/openapi/v3", "/openapi/v3/**"})
    void openapi(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String path = req.getRequestURI().substring("/openapi/v3".length());
        OpenApiDocument doc;
        if (path.isEmpty() || path.equals("/")) {
            doc = OpenApiV3.standard().index();
        } else {
            doc = OpenApiV3.standard().groupVersion(path.substring(1))
                    .orElseThrow(() -> new ApiException(Statuses.pathNotFound()));
            String hash = req.getParameter("hash");
            if (hash != null && !hash.equals(doc.hash())) {
                res.setStatus(301);
                res.setHeader("Location", doc.serverRelativeUrl());
                return;
            }
        }
        res.setStatus(200);
        res.setContentType("application/json");
        res.setHeader("ETag", "\"" + doc.hash() + "\"");
        byte[] bytes = doc.json();
        res.setContentLength(bytes.length);
        try (OutputStream out = res.getOutputStream()) {
            out.write(bytes);
        }
    }

    @RequestMapping(value = {"/api", "/api/**", "/apis", "/apis/**"}, method = {RequestMethod.GET, RequestMethod.HEAD,
            RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE, RequestMethod.OPTIONS})
    void api(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String path = decode(req.getRequestURI());
        if (path.endsWith("/") && path.length() > 1) {
            path = path.substring(0, path.length() - 1);
        }
        Optional<ObjectNode> doc = discoveryDocument(path, req.getHeader("Accept"), req);
        if (doc.isPresent()) {
            if (!req.getMethod().equals("GET")) {
                throw new ApiException(Statuses.failure(405, "MethodNotAllowed",
                        "the server does not allow this method on the requested resource", null, null, null,
                        java.util.List.of()));
            }
            boolean aggregated = Discovery.acceptsAggregated(req.getHeader("Accept"))
                    && (path.equals("/api") || path.equals("/apis"));
            res.setStatus(200);
            res.setContentType(aggregated ? Discovery.AGGREGATED_CONTENT_TYPE : "application/json");
            byte[] bytes = io.kubesim.model.json.KubeJson.writeBytes(doc.get());
            res.setContentLength(bytes.length);
            try (OutputStream out = res.getOutputStream()) {
                out.write(bytes);
            }
            return;
        }
        ApiRequest r = ApiPaths.parse(path).orElseThrow(() -> new ApiException(Statuses.pathNotFound()));
        resources.handle(r, AuthenticationFilter.user(req), req, res);
    }

    private Optional<ObjectNode> discoveryDocument(String path, String accept, HttpServletRequest req) {
        boolean aggregated = Discovery.acceptsAggregated(accept);
        return switch (path) {
            case "/api" -> Optional.of(aggregated ? discovery.aggregatedCore()
                    : discovery.apiVersions(req.getLocalAddr() + ":" + req.getLocalPort()));
            case "/apis" -> Optional.of(aggregated ? discovery.aggregatedGroups() : discovery.apiGroupList());
            default -> {
                String[] p = path.substring(1).split("/");
                if (p.length == 2 && p[0].equals("api")) {
                    yield discovery.apiResourceList(p[1]);
                }
                if (p.length == 2 && p[0].equals("apis")) {
                    yield discovery.apiGroup(p[1]);
                }
                if (p.length == 3 && p[0].equals("apis")) {
                    yield discovery.apiResourceList(p[1] + "/" + p[2]);
                }
                yield Optional.empty();
            }
        };
    }

    @ExceptionHandler(ApiException.class)
    void apiError(ApiException e, HttpServletResponse res) throws IOException {
        Responses.status(res, e.status());
    }

    @ExceptionHandler(Exception.class)
    void unexpected(Exception e, HttpServletResponse res) throws IOException {
        if (e instanceof org.springframework.web.HttpRequestMethodNotSupportedException) {
            Responses.status(res, Statuses.failure(405, "MethodNotAllowed",
                    "the server does not allow this method on the requested resource", null, null, null,
                    java.util.List.of()));
            return;
        }
        if (e instanceof java.io.IOException && res.isCommitted()) {
            return; // the client went away
        }
        log.error("request failed", e);
        Responses.status(res, Statuses.internal(e.getMessage() == null ? e.toString() : e.getMessage()));
    }

    private static String decode(String uri) {
        return URLDecoder.decode(uri.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
