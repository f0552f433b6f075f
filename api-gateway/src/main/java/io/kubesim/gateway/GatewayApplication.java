package io.kubesim.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

import io.kubesim.gateway.api.HistoryClient;
import io.kubesim.gateway.api.LogProxy;
import io.kubesim.gateway.api.ResourceHandler;
import io.kubesim.gateway.auth.AuthenticationFilter;
import io.kubesim.gateway.auth.Authorizer;
import io.kubesim.gateway.auth.TokenAuthenticator;
import io.kubesim.gateway.watch.WatchCache;
import io.kubesim.gateway.web.StatusErrorReportValve;
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

    /**
     * Tomcat's own error answers (for requests it refuses before any servlet) as Status JSON: replaces the
     * ErrorReportValve Boot and Tomcat put on the host.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> statusErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(StatusErrorReportValve.class.getName());
                for (Valve v : host.getPipeline().getValves()) {
                    if (v instanceof ErrorReportValve && !(v instanceof StatusErrorReportValve)) {
                        host.getPipeline().removeValve(v);
                    }
                }
                host.getPipeline().addValve(new StatusErrorReportValve());
            }
        });
    }

    /** Ends the open watches first when the gateway stops, so the web server's graceful shutdown is quick. */
    @Bean
    SmartLifecycle watchTerminator(WatchCache watchCache) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                watchCache.endAll();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
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
