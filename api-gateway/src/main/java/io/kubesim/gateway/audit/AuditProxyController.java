package io.kubesim.gateway.audit;

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
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.kubesim.gateway.GatewayProperties;
import io.kubesim.gateway.api.Responses;
import io.kubesim.gateway.auth.AuthenticationFilter;
import io.kubesim.gateway.auth.UserInfo;
import io.kubesim.model.status.Statuses;

/**
 * The audit API of the log, through the gateway: authenticated like every API request (the filter answers 401), open
 * to the admin and the read-only viewer for the reads and verify, to the admin only for the import (it writes the
 * log), closed to node identities (403). The gateway
 * holds no log: it forwards each call to state-service, which owns it, and streams the answer back unchanged.
 *
 * <ul>
 *   <li>{@code GET /kubesim/v1/history|state|diff|decisions|export?...} — state-service's parameters, as they are</li>
 *   <li>{@code GET /kubesim/v1/decisions/{namespace}/{pod}} — one pod's scheduling decision records</li>
 *   <li>{@code POST /kubesim/v1/verify} — replays the whole log and compares it with the live state</li>
 *   <li>{@code POST /kubesim/v1/import} — an export (JSON Lines) into an empty log, admin only; the body is
 *       streamed through</li>
 * </ul>
 */
@RestController
class AuditProxyController {

    static final Set<String> READS = Set.of("history", "state", "diff", "decisions", "export");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String stateServiceUrl;

    AuditProxyController(GatewayProperties properties) {
        this.stateServiceUrl = properties.stateServiceUrl();
    }

    @GetMapping("/kubesim/v1/{endpoint}")
    void read(@PathVariable String endpoint, HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (!READS.contains(endpoint)) {
            Responses.status(res, Statuses.failure(404, "NotFound", "the server could not find the requested resource",
                    null, null, null, List.of()));
            return;
        }
        forward("GET", "/kubesim/v1/" + endpoint + (req.getQueryString() == null ? "" : "?" + req.getQueryString()),
                req, res);
    }

    @GetMapping("/kubesim/v1/decisions/{namespace}/{pod}")
    void decisions(@PathVariable String namespace, @PathVariable String pod, HttpServletRequest req,
            HttpServletResponse res) throws IOException {
        forward("GET", "/kubesim/v1/decisions?pod=" + URLEncoder.encode("/pods/" + namespace + "/" + pod,
                StandardCharsets.UTF_8), req, res);
    }

    @PostMapping("/kubesim/v1/verify")
    void verify(HttpServletRequest req, HttpServletResponse res) throws IOException {
        forward("POST", "/kubesim/v1/verify", req, res);
    }

    @PostMapping("/kubesim/v1/import")
    void importLog(HttpServletRequest req, HttpServletResponse res) throws IOException {
        UserInfo user = AuthenticationFilter.user(req);
        if (user == null || user.nodeName() != null || !user.isAdmin()) {
            forbidden("post", user, req, res);
            return;
        }
        send(HttpRequest.newBuilder(URI.create(stateServiceUrl + "/kubesim/v1/import"))
                .version(HttpClient.Version.HTTP_1_1).header("Content-Type", "application/jsonl")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return req.getInputStream();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })), res);
    }

    private void forward(String method, String pathAndQuery, HttpServletRequest req, HttpServletResponse res)
            throws IOException {
        UserInfo user = AuthenticationFilter.user(req);
        if (user == null || user.nodeName() != null || !(user.isAdmin() || user.isViewer())) {
            forbidden(method.equals("GET") ? "get" : "post", user, req, res);
            return;
        }
        HttpRequest.Builder upstream = HttpRequest.newBuilder(URI.create(stateServiceUrl + pathAndQuery));
        send(method.equals("GET") ? upstream.GET() : upstream.POST(HttpRequest.BodyPublishers.noBody()), res);
    }

    /** Non-resource URLs are denied as kube-apiserver words it (responsewriters/errors.go forbiddenMessage). */
    private static void forbidden(String verb, UserInfo user, HttpServletRequest req, HttpServletResponse res)
            throws IOException {
        Responses.status(res, Statuses.failure(403, "Forbidden", "forbidden: User \""
                + (user == null ? "system:anonymous" : user.name()) + "\" cannot " + verb + " path \""
                + req.getRequestURI() + "\"", null, null, null, List.of()));
    }

    private void send(HttpRequest.Builder upstream, HttpServletResponse res) throws IOException {
        HttpResponse<InputStream> answer;
        try {
            answer = http.send(upstream.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            Responses.status(res, Statuses.unavailable("state-service is unreachable: " + e.getMessage()));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Responses.status(res, Statuses.unavailable("interrupted"));
            return;
        }
        res.setStatus(answer.statusCode());
        res.setContentType(answer.headers().firstValue("Content-Type").orElse("application/json"));
        try (InputStream in = answer.body(); OutputStream out = res.getOutputStream()) {
            in.transferTo(out);
        }
    }
}
