package io.kubesim.gateway.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.json.KubeJson;

/**
 * Plain HTTPS requests to the gateway (java.net.http, trusting the cluster CA), as one identity: for what kubectl
 * cannot send (malformed bodies, raw watches, the binding subresource) and for setting up state.
 */
public final class Api {

    /** One answer. */
    public record Response(int code, String contentType, String body) {

        public JsonNode json() {
            return KubeJson.parse(body);
        }

        public Response assertOk() {
            if (code < 200 || code >= 300) {
                throw new AssertionError("HTTP " + code + ": " + body);
            }
            return this;
        }
    }

    private final HttpClient http;
    private final String base;
    private final String token;
    private final SSLContext ssl;

    Api(HttpClient http, String base, String token) {
        this.http = http;
        this.base = base;
        this.token = token;
        this.ssl = http.sslContext();
    }

    /** An HTTP client that trusts only the cluster CA. */
    static HttpClient client(Path caCert) {
        try (InputStream in = Files.newInputStream(caCert)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("kubesim-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5))
                    .version(HttpClient.Version.HTTP_1_1).build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust the cluster CA: " + e.getMessage(), e);
        }
    }

    /** The same identity over an HTTP/2 client (one multiplexed connection, as client-go uses). */
    public Api http2() {
        return new Api(HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_2).build(), base, token);
    }

    /** The same client as another identity (null: no Authorization header). */
    public Api as(String otherToken) {
        return new Api(http, base, otherToken);
    }

    public Response get(String path) {
        return send("GET", path, null, (byte[]) null, Map.of());
    }

    public Response post(String path, String json) {
        return send("POST", path, "application/json", json, Map.of());
    }

    public Response put(String path, String json) {
        return send("PUT", path, "application/json", json, Map.of());
    }

    public Response patch(String path, String contentType, String body) {
        return send("PATCH", path, contentType, body, Map.of());
    }

    public Response delete(String path, String json) {
        return send("DELETE", path, json == null ? null : "application/json", json, Map.of());
    }

    public Response send(String method, String path, String contentType, String body, Map<String, String> headers) {
        return send(method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    public Response send(String method, String path, String contentType, byte[] body, Map<String, String> headers) {
        URI uri;
        try {
            uri = new URI(base + path);
        } catch (java.net.URISyntaxException e) {
            return sendOnOwnSocket(method, path, contentType, body, headers);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * A request written on a TLS socket of its own, for what java.net.http refuses to send (a path with a broken
     * percent escape), or to see how the server ends a connection: HTTP/1.1 with {@code Connection: close}, the
     * whole body written, then the answer read to the end (a connection reset instead of an orderly end fails).
     */
    public Response sendOnOwnSocket(String method, String path, String contentType, byte[] body, Map<String, String> headers) {
        URI server = URI.create(base);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) ssl.getSocketFactory()
                .createSocket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + server.getHost()
                    + ":" + server.getPort() + "\r\nConnection: close\r\n");
            if (token != null) {
                head.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
            var out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String[] lines = answer.substring(0, end).split("\r\n");
            int code = Integer.parseInt(lines[0].split(" ")[1]);
            String type = "";
            boolean chunked = false;
            for (String l : lines) {
                if (l.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
                    type = l.substring("content-type:".length()).trim();
                }
                chunked |= l.equalsIgnoreCase("transfer-encoding: chunked");
            }
            String content = answer.substring(end + 4);
            if (chunked) {
                StringBuilder joined = new StringBuilder();
                int i = 0;
                while (true) {
                    int eol = content.indexOf("\r\n", i);
                    int size = Integer.parseInt(content.substring(i, eol).trim(), 16);
                    if (size == 0) {
                        break;
                    }
                    joined.append(content, eol + 2, eol + 2 + size);
                    i = eol + 2 + size + 2;
                }
                content = joined.toString();
            }
            return new Response(code, type, content);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + ": " + e, e);
        }
    }

    /** Opens a watch and returns its first {@code count} events (waiting at most {@code timeout}). */
    public List<JsonNode> watch(String path, int count, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        List<JsonNode> events = new ArrayList<>();
        try {
            HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                try (InputStream in = r.body()) {
                    throw new AssertionError("watch answered " + r.statusCode() + ": "
                            + new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            Thread reader = Thread.ofVirtual().start(() -> {
                try (InputStream in = r.body()) {
                    StringBuilder line = new StringBuilder();
                    int c;
                    while (events.size() < count && (c = in.read()) >= 0) {
                        if (c == '\n') {
                            if (!line.toString().isBlank()) {
                                synchronized (events) {
                                    events.add(KubeJson.parse(line.toString()));
                                }
                            }
                            line.setLength(0);
                        } else {
                            line.append((char) c);
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            reader.join(timeout);
            r.body().close();
            reader.interrupt();
        } catch (IOException e) {
            throw new AssertionError("watch " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** A JSON value from a single-quoted JSON text. */
    public static JsonNode tree(String singleQuoted) {
        return KubeJson.parse(singleQuoted.replace('\'', '"'));
    }

    /** A JSON object from a single-quoted JSON text ({@code {'a':'b'}}), for readable test data. */
    public static ObjectNode json(String singleQuoted) {
        return (ObjectNode) KubeJson.parse(singleQuoted.replace('\'', '"'));
    }
}
