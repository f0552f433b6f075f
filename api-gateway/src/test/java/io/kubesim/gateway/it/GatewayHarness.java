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

import tools.jackson.databind.node.ObjectNode;

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
    private final java.net.http.HttpClient http;
    private final java.util.concurrent.atomic.AtomicInteger names = new java.util.concurrent.atomic.AtomicInteger();

    private GatewayHarness(TestControlPlane controlPlane, ConfigurableApplicationContext gateway, Path dir,
            int port) {
        this.controlPlane = controlPlane;
        this.gateway = gateway;
        this.dir = dir;
        this.port = port;
        this.http = Api.client(caCert());
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
            // state-service runs in this JVM and reads this module's application.yaml (management port 18081);
            // a random port keeps two test JVMs (or a test and a local cluster) from colliding
            System.setProperty("management.server.port", "0");
            TestControlPlane cp = TestControlPlane.start("gateway-it", 1.0);
            ConfigurableApplicationContext ctx = startGateway(cp, dir, Map.of());
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            GatewayHarness h = new GatewayHarness(cp, ctx, dir, port);
            for (String user : new String[] {"admin", "viewer"}) {
                Credentials.writeKubeconfig(h.kubeconfig(user), h.url(), Pki.caCert(dir.resolve("pki")), user,
                        Credentials.tokenOf(dir, user));
            }
            for (String node : new String[] {"n1", "n2"}) {
                Credentials.writeKubeconfig(h.kubeconfig("system:node:" + node), h.url(),
                        Pki.caCert(dir.resolve("pki")), "system:node:" + node, "token-node-" + node);
                h.node(node, "amd64", Map.of()); // the Nodes of the two node identities
            }
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("gateway harness did not start: " + e.getMessage(), e);
        }
    }

    /** Starts a gateway (HTTPS, the token file) on the control plane, with extra settings, once its cache is synced. */
    private static ConfigurableApplicationContext startGateway(TestControlPlane cp, Path dir, Map<String, String> extra)
            throws Exception {
        Map<String, Object> props = new LinkedHashMap<>(cp.serviceProperties("system:kube-apiserver"));
        props.put("server.port", "0");
        props.put("management.server.port", "0");
        props.put("kubesim.gateway.token-file", Credentials.tokenFile(dir).toString());
        props.put("kubesim.gateway.state-service-url", "http://127.0.0.1:" + ((WebServerApplicationContext) cp
                .stateService()).getWebServer().getPort());
        props.put("server.ssl.bundle", "kubesim");
        props.put("spring.ssl.bundle.pem.kubesim.keystore.certificate", "file:" + Pki.serverCert(dir.resolve("pki")));
        props.put("spring.ssl.bundle.pem.kubesim.keystore.private-key", "file:" + Pki.serverKey(dir.resolve("pki")));
        props.putAll(extra);
        ConfigurableApplicationContext ctx = new SpringApplication(GatewayApplication.class)
                .run(TestControlPlane.args(props));
        ctx.getBean(ClusterCache.class).whenSynced().get(60, java.util.concurrent.TimeUnit.SECONDS);
        return ctx;
    }

    /** A second gateway on the same control plane, with its own settings (e.g. a short watch history). */
    public record Gateway(ConfigurableApplicationContext context, GatewayHarness harness) {

        public String url() {
            return "https://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        }

        public Api api(String user) {
            return new Api(harness.http, url(), user == null ? null : harness.token(user));
        }

        /** kubectl as admin against this gateway. */
        public Kubectl kubectl() {
            try {
                Path config = Files.createTempFile(harness.dir, "kubeconfig-", ".yaml");
                Credentials.writeKubeconfig(config, url(), harness.caCert(), "admin", harness.token("admin"));
                return new Kubectl(config, Files.createTempDirectory(harness.dir, "work-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final Map<String, Gateway> others = new java.util.HashMap<>();

    /** The second gateway started with {@code settings} (started on first use, shared by name). */
    public synchronized Gateway gateway(String name, Map<String, String> settings) {
        return others.computeIfAbsent(name, n -> {
            try {
                return new Gateway(startGateway(controlPlane, dir, settings), this);
            } catch (Exception e) {
                throw new IllegalStateException("gateway " + name + " did not start: " + e.getMessage(), e);
            }
        });
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

    /** HTTPS requests as {@code user} (admin, viewer, system:node:n1, ...); null: without a token. */
    public Api api(String user) {
        return new Api(http, url(), user == null ? null : token(user));
    }

    /** HTTPS requests as admin. */
    public Api api() {
        return api("admin");
    }

    /** A name no other test uses: {@code prefix-<n>}. */
    public String unique(String prefix) {
        return prefix + "-" + names.incrementAndGet();
    }

    /** Creates a namespace with a name no other test uses and returns its name. */
    public String namespace(String prefix) {
        String name = unique(prefix);
        api().post("/api/v1/namespaces", Api.json("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'"
                + name + "'}}").toString()).assertOk();
        return name;
    }

    /**
     * Creates a Ready node as its kubelet would register it: 4 CPUs, 8Gi, 110 pods, an InternalIP, node info, the
     * given labels plus the well-known ones.
     */
    public void node(String name, String arch, Map<String, String> labels) {
        ObjectNode node = Api.json("""
                {'apiVersion':'v1','kind':'Node','metadata':{'name':'%1$s','labels':{'kubernetes.io/arch':'%2$s',
                 'kubernetes.io/os':'linux','kubernetes.io/hostname':'%1$s'}},
                 'status':{'capacity':{'cpu':'4','memory':'8Gi','pods':'110'},
                  'allocatable':{'cpu':'4','memory':'8Gi','pods':'110'},
                  'addresses':[{'type':'InternalIP','address':'10.0.0.9'},{'type':'Hostname','address':'%1$s'}],
                  'conditions':[{'type':'Ready','status':'True','reason':'KubeletReady',
                   'message':'kubelet is posting ready status','lastHeartbeatTime':'2026-01-01T00:00:00Z',
                   'lastTransitionTime':'2026-01-01T00:00:00Z'}],
                  'nodeInfo':{'architecture':'%2$s','operatingSystem':'linux','kubeletVersion':'v1.32.4',
                   'containerRuntimeVersion':'containerd://1.7.24','kernelVersion':'6.1.0',
                   'osImage':'Debian GNU/Linux 12','machineID':'m','systemUUID':'s','bootID':'b',
                   'kubeProxyVersion':'v1.32.4'}}}
                """.formatted(name, arch));
        ObjectNode l = (ObjectNode) node.get("metadata").get("labels");
        labels.forEach(l::put);
        api().post("/api/v1/nodes", node.toString()).assertOk();
    }

    /** Binds a pod to a node through the binding subresource, as the scheduler does. */
    public void bind(String namespace, String pod, String node) {
        api().post("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/binding", Api.json(
                "{'apiVersion':'v1','kind':'Binding','metadata':{'name':'" + pod + "'},'target':{'apiVersion':'v1',"
                        + "'kind':'Node','name':'" + node + "'}}").toString()).assertOk();
    }

    /** Marks a bound pod Running and Ready (one container, named as given), as its kubelet would. */
    public void running(String namespace, String pod, String container, String ip) {
        api().patch("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/status",
                "application/strategic-merge-patch+json", Api.json("""
                        {'status':{'phase':'Running','podIP':'%s','hostIP':'10.0.0.9',
                         'startTime':'2026-01-01T00:00:00Z',
                         'conditions':[{'type':'Initialized','status':'True'},{'type':'Ready','status':'True'},
                          {'type':'ContainersReady','status':'True'}],
                         'containerStatuses':[{'name':'%s','ready':true,'started':true,'restartCount':0,
                          'image':'nginx:1.27','imageID':'','containerID':'containerd://1',
                          'state':{'running':{'startedAt':'2026-01-01T00:00:00Z'}}}]}}
                        """.formatted(ip, container)).toString()).assertOk();
    }

    /** Finishes the graceful deletion of a pod, as its kubelet does once the containers stopped. */
    public void finishDeletion(String namespace, String pod) {
        Api.Response r = api().delete("/api/v1/namespaces/" + namespace + "/pods/" + pod,
                "{\"gracePeriodSeconds\":0}");
        if (r.code() != 200 && r.code() != 404) {
            throw new AssertionError("delete " + pod + ": " + r);
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
        others.values().forEach(g -> g.context().close());
        gateway.close();
        controlPlane.close();
    }
}
