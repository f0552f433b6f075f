package io.kubesim.gateway.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kubesim.gateway.discovery.Discovery;
import io.kubesim.gateway.printers.TablePrinter;
import io.kubesim.gateway.printers.TableOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A throwaway HTTP API server for kubectl: {@code /version} (1.32), the real discovery and OpenAPI documents, Table
 * lists of fixed pods and nodes, and a create that echoes the posted object. Records every request line.
 */
final class StubApiServer implements AutoCloseable {

    private final HttpServer server;
    private final Discovery discovery = Discovery.standard();
    private final OpenApiV3 openApi = OpenApiV3.standard();
    private final Map<ResourceType, List<ObjectNode>> objects;
    private final Clock clock;
    private final boolean aggregatedDiscovery;
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();

    StubApiServer(Map<ResourceType, List<ObjectNode>> objects, Clock clock, boolean aggregatedDiscovery)
            throws IOException {
        this.objects = objects;
        this.clock = clock;
        this.aggregatedDiscovery = aggregatedDiscovery;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
            String accept = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Accept")).orElse("");
            requests.add(method + " " + path + (query.isEmpty() ? "" : "?" + query));
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            route(exchange, method, path, query, accept, body);
        }
    }

    private void route(HttpExchange exchange, String method, String path, String query, String accept, byte[] body)
            throws IOException {
        if (path.equals("/version")) {
            json(exchange, 200, "application/json", KubeJson.parse("{\"major\":\"1\",\"minor\":\"32\","
                    + "\"gitVersion\":\"v1.32.4\",\"gitCommit\":\"stub\",\"gitTreeState\":\"clean\","
                    + "\"buildDate\":\"2025-04-22T00:00:00Z\",\"goVersion\":\"go1.23.6\",\"compiler\":\"gc\","
                    + "\"platform\":\"linux/amd64\"}"));
        } else if (path.equals("/api") || path.equals("/apis")) {
            if (aggregatedDiscovery && Discovery.acceptsAggregated(accept)) {
                json(exchange, 200, Discovery.AGGREGATED_CONTENT_TYPE,
                        path.equals("/api") ? discovery.aggregatedCore() : discovery.aggregatedGroups());
            } else {
                json(exchange, 200, "application/json", path.equals("/api")
                        ? discovery.apiVersions(exchange.getLocalAddress().getHostString() + ":"
                                + exchange.getLocalAddress().getPort())
                        : discovery.apiGroupList());
            }
        } else if (path.equals("/openapi/v3")) {
            bytes(exchange, 200, openApi.index().json());
        } else if (path.startsWith("/openapi/v3/")) {
            Optional<OpenApiDocument> document = openApi.groupVersion(path.substring("/openapi/v3/".length()));
            if (document.isEmpty()) {
                notFound(exchange);
            } else if (query.startsWith("hash=") && !query.equals("hash=" + document.get().hash())) {
                exchange.getResponseHeaders().set("Location", document.get().serverRelativeUrl());
                exchange.sendResponseHeaders(301, -1);
            } else {
                exchange.getResponseHeaders().set("ETag", "\"" + document.get().hash() + "\"");
                bytes(exchange, 200, document.get().json());
            }
        } else if (method.equals("POST") && path.equals("/api/v1/namespaces/default/pods")) {
            ObjectNode created = (ObjectNode) KubeJson.parse(body);
            ((ObjectNode) created.get("metadata")).put("uid", "7c3a9e4e-0000-4000-8000-000000000001")
                    .put("resourceVersion", "100").put("creationTimestamp", "2025-06-01T12:00:00Z");
            json(exchange, 201, "application/json", created);
        } else {
            Optional<ResourceType> listed = listedType(path);
            Optional<JsonNode> resourceList = resourceList(path);
            if (listed.isPresent() && method.equals("GET") && query.contains("watch=true")) {
                watch(exchange, listed.get());
            } else if (listed.isPresent() && method.equals("GET")) {
                List<ObjectNode> items = objects.getOrDefault(listed.get(), List.of());
                json(exchange, 200, TablePrinter.CONTENT_TYPE,
                        TablePrinter.table(listed.get(), items, TableOptions.DEFAULT, clock, "1000"));
            } else if (resourceList.isPresent()) {
                json(exchange, 200, "application/json", resourceList.get());
            } else {
                notFound(exchange);
            }
        }
    }

    /**
     * A watch that replays every object as a MODIFIED event, each a one-row Table (headers only with the first),
     * then ends the stream.
     */
    private void watch(HttpExchange exchange, ResourceType type) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", TablePrinter.CONTENT_TYPE);
        exchange.sendResponseHeaders(200, 0);
        TableOptions options = TableOptions.DEFAULT;
        for (ObjectNode object : objects.getOrDefault(type, List.of())) {
            ObjectNode event = KubeJson.json().createObjectNode().put("type", "MODIFIED");
            event.set("object", TablePrinter.table(type, object, options, clock));
            exchange.getResponseBody().write(KubeJson.writeBytes(event));
            exchange.getResponseBody().write('\n');
            exchange.getResponseBody().flush();
            options = options.withoutHeaders();
        }
    }

    private Optional<JsonNode> resourceList(String path) {
        if (path.equals("/api/v1")) {
            return discovery.apiResourceList("v1").map(JsonNode.class::cast);
        }
        if (path.startsWith("/apis/") && path.chars().filter(c -> c == '/').count() == 3) {
            return discovery.apiResourceList(path.substring("/apis/".length())).map(JsonNode.class::cast);
        }
        return Optional.empty();
    }

    private static Optional<ResourceType> listedType(String path) {
        if (path.equals("/api/v1/nodes")) {
            return Optional.of(Resources.NODES);
        }
        if (path.equals("/api/v1/namespaces/default/pods") || path.equals("/api/v1/pods")) {
            return Optional.of(Resources.PODS);
        }
        return Optional.empty();
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        json(exchange, 404, "application/json", KubeJson.parse("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"the server could not find the requested "
                + "resource\",\"reason\":\"NotFound\",\"details\":{},\"code\":404}"));
    }

    private static void json(HttpExchange exchange, int code, String contentType, JsonNode body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        byte[] bytes = KubeJson.writeBytes(body);
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void bytes(HttpExchange exchange, int code, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

}
