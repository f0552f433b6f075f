package io.kubesim.gateway.api;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.Statuses;
import io.kubesim.runtime.ClusterCache;

/**
 * Reads the past from state-service, which owns the log: the objects under a key prefix as they were at a revision
 * (a list with {@code resourceVersionMatch=Exact}).
 */
public final class HistoryClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String stateServiceUrl;
    private final ClusterCache cache;

    public HistoryClient(String stateServiceUrl, ClusterCache cache) {
        this.stateServiceUrl = stateServiceUrl;
        this.cache = cache;
    }

    public List<JsonNode> stateAt(long revision, String prefix) {
        long head = cache.revision();
        if (revision > head) {
            throw new ApiException(Statuses.timeout("Too large resource version: " + revision + ", current: " + head));
        }
        URI uri = URI.create(stateServiceUrl + "/kubesim/v1/state?revision=" + revision + "&prefix="
                + URLEncoder.encode(prefix, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new ApiException(Statuses.unavailable("state-service answered " + r.statusCode()));
            }
            List<JsonNode> items = new ArrayList<>();
            KubeJson.parse(r.body()).path("items").forEach(items::add);
            return items;
        } catch (IOException e) {
            throw new ApiException(Statuses.unavailable("state-service is unreachable: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(Statuses.unavailable("interrupted"));
        }
    }
}
