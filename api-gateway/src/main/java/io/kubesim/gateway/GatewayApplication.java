package io.kubesim.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

import io.kubesim.gateway.api.HistoryClient;
import io.kubesim.gateway.api.LogProxy;
import io.kubesim.gateway.api.ResourceHandler;
import io.kubesim.gateway.auth.AuthenticationFilter;
import io.kubesim.gateway.auth.Authorizer;
import io.kubesim.gateway.auth.TokenAuthenticator;
import io.kubesim.gateway.watch.WatchCache;
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.CommandBus;

/**
 * api-gateway: the Kubernetes API that kubectl talks to (the kube-apiserver of kubesim). Reads and watches come from
 * a cache fed by {@code kubesim.events}; writes are commands to state-service.
 */
@SpringBootApplication
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }

    @Bean
    WatchCache watchCache(ClusterCache cache, GatewayProperties properties) {
        WatchCache watchCache = new WatchCache(properties.watchHistory());
        cache.addListener(watchCache);
        return watchCache;
    }

    @Bean
    ResourceHandler resourceHandler(ClusterCache cache, CommandBus bus, WatchCache watchCache, VirtualClock clock,
            GatewayProperties properties) {
        return new ResourceHandler(cache, bus, watchCache, new Authorizer(), clock, properties,
                new HistoryClient(properties.stateServiceUrl(), cache), new LogProxy(cache));
    }

    @Bean
    FilterRegistrationBean<AuthenticationFilter> authenticationFilter(GatewayProperties properties) {
        TokenAuthenticator tokens = properties.tokenFile() == null ? null
                : new TokenAuthenticator(properties.tokenFile());
        FilterRegistrationBean<AuthenticationFilter> bean = new FilterRegistrationBean<>(
                new AuthenticationFilter(tokens, properties.insecureLoopback()));
        bean.addUrlPatterns("/api", "/api/*", "/apis", "/apis/*", "/openapi/*", "/kubesim/*");
        bean.setOrder(1);
        return bean;
    }

    /** Ready once the cache has caught up with the log. */
    @Bean
    HealthIndicator cacheHealthIndicator(ClusterCache cache) {
        return () -> cache.isSynced()
                ? Health.up().withDetail("revision", cache.revision()).build()
                : Health.outOfService().withDetail("cache", "catching up").build();
    }
}
