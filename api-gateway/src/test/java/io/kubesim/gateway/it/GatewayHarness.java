package io.kubesim.gateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.kubesim.gateway.GatewayApplication;
import io.kubesim.infra.Credentials;
import io.kubesim.infra.Pki;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.testcluster.TestControlPlane;

/**
 * A real api-gateway (HTTPS, bearer tokens) in the test JVM, in front of a real state-service on the build's shared
 * Kafka broker and PostgreSQL; shared by the gateway's integration tests (started once per JVM). Identities: admin,
 * viewer, and the nodes n1 and n2 (system:node:n1 / n2), each with a kubeconfig.
 */
public final class GatewayHarness {

    private static GatewayHarness shared;

    private final TestControlPlane controlPlane;
    private final ConfigurableApplicationContext gateway;
    private final Path dir;
    private final int port;

    private GatewayHarness(TestControlPlane controlPlane, ConfigurableApplicationContext gateway, Path dir,
            int port) {
        this.controlPlane = controlPlane;
        this.gateway = gateway;
        this.dir = dir;
        this.port = port;
    }

    public static synchronized GatewayHarness shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    private static GatewayHarness start() {
        try {
            Path dir = Files.createTempDirectory("kubesim-gateway-it-");
            Pki.ensure(dir.resolve("pki"));
            Credentials.ensureTokenFile(dir);
            for (String node : new String[] {"n1", "n2"}) {
                Files.writeString(Credentials.tokenFile(dir), "token-node-" + node + ",system:node:" + node
                        + ",node-" + node + ",\"system:nodes\"\n", StandardOpenOption.APPEND);
            }
            TestControlPlane cp = TestControlPlane.start("gateway-it", 1.0);
            Map<String, Object> props = new LinkedHashMap<>(cp.serviceProperties("system:kube-apiserver"));
            props.put("server.port", "0");
            props.put("management.server.port", "0");
            props.put("kubesim.gateway.token-file", Credentials.tokenFile(dir).toString());
            props.put("kubesim.gateway.state-service-url", "http://127.0.0.1:" + ((WebServerApplicationContext) cp
                    .stateService()).getWebServer().getPort());
            props.put("server.ssl.bundle", "kubesim");
            props.put("spring.ssl.bundle.pem.kubesim.keystore.certificate",
                    "file:" + Pki.serverCert(dir.resolve("pki")));
            props.put("spring.ssl.bundle.pem.kubesim.keystore.private-key",
                    "file:" + Pki.serverKey(dir.resolve("pki")));
            ConfigurableApplicationContext ctx = new SpringApplication(GatewayApplication.class)
                    .run(TestControlPlane.args(props));
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            ClusterCache cache = ctx.getBean(ClusterCache.class);
            cache.whenSynced().get(60, java.util.concurrent.TimeUnit.SECONDS);
            GatewayHarness h = new GatewayHarness(cp, ctx, dir, port);
            for (String user : new String[] {"admin", "viewer"}) {
                Credentials.writeKubeconfig(h.kubeconfig(user), h.url(), Pki.caCert(dir.resolve("pki")), user,
                        Credentials.tokenOf(dir, user));
            }
            for (String node : new String[] {"n1", "n2"}) {
                Credentials.writeKubeconfig(h.kubeconfig("system:node:" + node), h.url(),
                        Pki.caCert(dir.resolve("pki")), "system:node:" + node, "token-node-" + node);
            }
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("gateway harness did not start: " + e.getMessage(), e);
        }
    }

    public String url() {
        return "https://127.0.0.1:" + port;
    }

    public Path caCert() {
        return Pki.caCert(dir.resolve("pki"));
    }

    public String token(String user) {
        return user.startsWith("system:node:") ? "token-node-" + user.substring("system:node:".length())
                : Credentials.tokenOf(dir, user);
    }

    public Path kubeconfig(String user) {
        return dir.resolve("kubeconfig-" + user.replace(':', '-'));
    }

    /** kubectl as {@code admin}. */
    public Kubectl kubectl() {
        return kubectl("admin");
    }

    public Kubectl kubectl(String user) {
        try {
            return new Kubectl(kubeconfig(user), Files.createTempDirectory(dir, "work-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestControlPlane controlPlane() {
        return controlPlane;
    }

    public ConfigurableApplicationContext gateway() {
        return gateway;
    }

    public Path dir() {
        return dir;
    }

    void close() {
        gateway.close();
        controlPlane.close();
    }
}
