package io.kubesim.infra.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.json.KubeJson;

/**
 * state-service's audit API (reads, verify, import) over plain HTTP on loopback. An answer other than 2xx becomes an
 * {@link AuditException} with the message of its Kubernetes {@code Status}; a state-service that cannot be reached
 * becomes one that names the URL.
 */
final class StateServiceClient {

    private final String baseUrl;
    private final HttpClient http;

    StateServiceClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    String baseUrl() {
        return baseUrl;
    }

    JsonNode get(String path, Map<String, String> params) {
        return KubeJson.parse(checked(send(HttpRequest.newBuilder(uri(path, params)).GET().build(),
                HttpResponse.BodyHandlers.ofString())));
    }

    JsonNode post(String path) {
        return KubeJson.parse(checked(send(HttpRequest.newBuilder(uri(path, Map.of()))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())));
    }

    /** Rows (lines) and bytes of an upload sent so far. */
    interface Progress {
        void sent(long rows, long bytes);
    }

    /**
     * POSTs a file as the body (JSON Lines), reporting each chunk sent to {@code progress}; the answer's JSON. A
     * refusal that state-service answers before reading the whole body may cut the upload off: then the answer is
     * read if it arrived, else the failure names the cut.
     */
    JsonNode upload(String path, Path file, Progress progress) {
        HttpRequest request = HttpRequest.newBuilder(uri(path, Map.of())).version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/jsonl")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> counting(file, progress))).build();
        return KubeJson.parse(checked(send(request, HttpResponse.BodyHandlers.ofString())));
    }

    private static InputStream counting(Path file, Progress progress) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                private long rows;
                private long bytes;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        bytes += n;
                        for (int i = off; i < off + n; i++) {
                            if (b[i] == '\n') {
                                rows++;
                            }
                        }
                        progress.sent(rows, bytes);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The body as it arrives (for the export); the caller closes it. */
    InputStream stream(String path, Map<String, String> params) {
        HttpResponse<InputStream> r = send(HttpRequest.newBuilder(uri(path, params)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() / 100 != 2) {
            try (InputStream in = r.body()) {
                throw failure(r.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw failure(r.statusCode(), "");
            }
        }
        return r.body();
    }

    URI uri(String path, Map<String, String> params) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        params.forEach((k, v) -> {
            if (v != null) {
                query.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        try {
            return URI.create(baseUrl + path + query);
        } catch (IllegalArgumentException e) {
            throw new AuditException("not a URL: " + baseUrl);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("connect timed out");
        } catch (ConnectException e) {
            throw unreachable("connection refused");
        } catch (IOException e) {
            throw new AuditException("state-service at " + baseUrl + " failed: " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditException("interrupted");
        }
    }

    private AuditException unreachable(String why) {
        return new AuditException("cannot reach state-service at " + baseUrl + " (" + why + "); is the cluster "
                + "running? Start it with ./kubesim up, or point --state-url or KUBESIM_STATE_URL at a state-service");
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String checked(HttpResponse<String> r) {
        if (r.statusCode() / 100 != 2) {
            throw failure(r.statusCode(), r.body());
        }
        return r.body();
    }

    /** The {@code message} of a Kubernetes Status body, else the status code and the body's start. */
    static AuditException failure(int code, String body) {
        try {
            JsonNode status = KubeJson.parse(body);
            String message = status.path("message").asString("");
            if (!message.isEmpty()) {
                return new AuditException(message);
            }
        } catch (RuntimeException e) {
            // not JSON: fall through
        }
        String start = body.length() > 200 ? body.substring(0, 200) + "..." : body;
        return new AuditException("state-service answered HTTP " + code + (start.isBlank() ? "" : ": " + start.strip()));
    }

    /** A failure to report as {@code kubesim: <message>} with exit code 1. */
    static final class AuditException extends RuntimeException {
        AuditException(String message) {
            super(message);
        }
    }
}
