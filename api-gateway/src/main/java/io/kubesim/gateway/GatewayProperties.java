package io.kubesim.gateway;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * api-gateway settings, under {@code kubesim.gateway}.
 *
 * @param tokenFile        bearer tokens in kube-apiserver's {@code --token-auth-file} format
 * @param insecureLoopback serve plain HTTP on loopback where a request without a token is the admin (kubectl sends
 *                         no token over plain HTTP); only for local experiments, never together with TLS
 * @param stateServiceUrl  state-service's HTTP address, for the audit/replay reads
 * @param maxBodyBytes     largest request body (kube-apiserver: 3 MiB)
 * @param watchHistory     how many recent changes a watch can resume from; older resourceVersions get 410 Gone
 * @param writeTimeout     how long a write waits for state-service's answer
 * @param bookmarkInterval how often a watch that allows bookmarks gets one (kube-apiserver: about a minute)
 */
@ConfigurationProperties("kubesim.gateway")
public record GatewayProperties(Path tokenFile, boolean insecureLoopback, String stateServiceUrl, Long maxBodyBytes,
        Integer watchHistory, Duration writeTimeout, Duration bookmarkInterval) {

    public GatewayProperties {
        maxBodyBytes = maxBodyBytes == null ? 3L * 1024 * 1024 : maxBodyBytes;
        watchHistory = watchHistory == null ? 100_000 : watchHistory;
        writeTimeout = writeTimeout == null ? Duration.ofSeconds(30) : writeTimeout;
        bookmarkInterval = bookmarkInterval == null ? Duration.ofMinutes(1) : bookmarkInterval;
        stateServiceUrl = stateServiceUrl == null ? "http://127.0.0.1:18080" : stateServiceUrl;
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("kubesim.gateway.max-body-bytes must be at least 1024");
        }
        if (watchHistory < 100) {
            throw new IllegalArgumentException("kubesim.gateway.watch-history must be at least 100");
        }
        if (tokenFile == null && !insecureLoopback) {
            throw new IllegalArgumentException(
                    "kubesim.gateway.token-file is required unless kubesim.gateway.insecure-loopback=true");
        }
    }
}
