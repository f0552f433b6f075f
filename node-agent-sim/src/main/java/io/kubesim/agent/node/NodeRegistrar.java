package io.kubesim.agent.node;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;

import io.kubesim.agent.loop.AgentLoop;
import io.kubesim.model.command.Actors;
import io.kubesim.model.command.CommandReply;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.PatchObject;
import io.kubesim.model.command.PatchType;
import io.kubesim.model.command.UpdateStatus;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.CommandBus;
import io.kubesim.runtime.EventRecorder;

/**
 * Registers this agent's nodes once the cache has caught up and the HTTP port is known (pkg/kubelet/
 * kubelet_node_status.go registerWithAPIServer): creates each Node, or adopts a Node that already exists (the agent
 * restarted, or the Node was created through the API with {@code kubesim.io/simulated: "true"} for this agent's
 * os/architecture), by reconciling its labels and endpoint annotation, assigning a pod CIDR if it has none, and
 * posting its status; then creates its Lease and records the kubelet's start-up events. A Node deleted through the
 * API is forgotten, with its pods.
 */
final class NodeRegistrar implements ClusterCache.Listener {

    private static final Logger log = LoggerFactory.getLogger(NodeRegistrar.class);
    private static final Duration RETRY = Duration.ofSeconds(2);
    /**
     * Registrations under way at once: thousands of nodes starting together would otherwise flood the control plane
     * (each registration is a Node, a Lease and the start-up events) and their replies would time out.
     */
    static final int CONCURRENT_REGISTRATIONS = 200;
    private static final String NODES_PREFIX = "/nodes/";

    private final NodeDirectory directory;
    private final NodeFactory factory;
    private final ClusterCache cache;
    private final CommandBus bus;
    private final AgentLoop loop;
    private final EventRecorder events;
    private final Heartbeats heartbeats;
    private final String os;
    private final String architecture;
    private final boolean nodeEvents;
    private final String advertiseHost;
    private final Set<String> waitingFor;
    private final Set<String> queue = new LinkedHashSet<>();
    private final Set<String> underway = new HashSet<>();
    private boolean pumping;
    private volatile boolean synced;
    private volatile Integer port;
    private volatile boolean allRegistered;
    private boolean started;

    NodeRegistrar(NodeDirectory directory, NodeFactory factory, ClusterCache cache, CommandBus bus, AgentLoop loop,
            EventRecorder events, Heartbeats heartbeats, String os, String architecture, boolean nodeEvents,
            String advertiseHost) {
        this.directory = directory;
        this.factory = factory;
        this.cache = cache;
        this.bus = bus;
        this.loop = loop;
        this.events = events;
        this.heartbeats = heartbeats;
        this.os = os;
        this.architecture = architecture;
        this.nodeEvents = nodeEvents;
        this.advertiseHost = advertiseHost;
        this.waitingFor = new LinkedHashSet<>(directory.configuredNames());
        this.allRegistered = waitingFor.isEmpty();
        cache.addListener(this);
    }

    /** Whether the cache is synced and every node of the nodes file is registered. */
    boolean ready() {
        return synced && allRegistered;
    }

    boolean synced() {
        return synced;
    }

    /** The HTTP port of this agent, once the web server listens. */
    void portKnown(int serverPort) {
        this.port = serverPort;
        loop.execute(this::maybeStart);
    }

    String endpoint() {
        return "http://" + advertiseHost + ":" + port;
    }

    @Override
    public void onChange(ChangeEvent event, ClusterCache.Entry previous, ClusterCache.Entry current) {
        if (synced && event.key().startsWith(NODES_PREFIX)) {
            String key = event.key();
            loop.execute(() -> nodeChanged(key));
        }
    }

    @Override
    public void onSynced() {
        synced = true;
        loop.execute(this::maybeStart);
    }

    private void maybeStart() {
        if (started || !synced || port == null) {
            return;
        }
        started = true;
        log.info("registering {} nodes ({}/{}) with endpoint {}", directory.size(), os, architecture, endpoint());
        for (String name : directory.configuredNames()) {
            enqueue(name);
        }
        for (ClusterCache.Entry e : cache.list(Resources.NODES, null)) {
            nodeChanged(e.key());
        }
        heartbeats.start();
    }

    private void nodeChanged(String key) {
        if (!started) {
            return;
        }
        String name = ObjectRef.fromKey(key).name();
        Optional<ClusterCache.Entry> entry = cache.get(key);
        Optional<SimulatedNode> known = directory.get(name);
        if (entry.isEmpty()) {
            known.filter(SimulatedNode::isRegistered).ifPresent(node -> {
                log.info("node {} was deleted; forgetting it and its pods", name);
                node.unregistered();
                directory.remove(node);
            });
            return;
        }
        if (known.isEmpty() && adoptable(entry.get().json())) {
            SimulatedNode node = factory.fromApi(entry.get().json(), freeIndex());
            directory.add(node);
            log.info("adopting node {} created through the API", name);
            enqueue(name);
        }
    }

    private boolean adoptable(JsonNode node) {
        JsonNode meta = node.path("metadata");
        return "true".equals(meta.path("annotations").path(NodeObjects.SIMULATED).asString(""))
                && architecture.equals(meta.path("labels").path("kubernetes.io/arch").asString("amd64"))
                && os.equals(meta.path("labels").path("kubernetes.io/os").asString("linux"));
    }

    private int freeIndex() {
        Set<Integer> used = new HashSet<>();
        for (ClusterCache.Entry e : cache.list(Resources.NODES, null)) {
            used.add(factory.indexOf(e.json()));
        }
        for (SimulatedNode n : directory.all()) {
            used.add(NodeAddressing.indexOfCidr(factory.group(), n.podCidr()));
        }
        int i = directory.configuredNames().size();
        while (used.contains(i)) {
            i++;
        }
        return i;
    }

    private void enqueue(String name) {
        if (!underway.contains(name)) {
            queue.add(name);
        }
        pump();
    }

    /** Starts queued registrations while fewer than {@link #CONCURRENT_REGISTRATIONS} are under way. */
    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (underway.size() < CONCURRENT_REGISTRATIONS && !queue.isEmpty()) {
                String name = queue.iterator().next();
                queue.remove(name);
                underway.add(name);
                register(name);
            }
        } finally {
            pumping = false;
        }
    }

    private void done(String name) {
        underway.remove(name);
        pump();
    }

    private void register(String name) {
        Optional<SimulatedNode> known = directory.get(name);
        if (known.isEmpty() || known.get().isRegistered()) {
            done(name);
            return;
        }
        SimulatedNode node = known.get();
        Optional<ClusterCache.Entry> existing = cache.get(Resources.NODES.ref(null, node.name()));
        if (existing.isPresent()) {
            adopt(node, existing.get().json());
        } else {
            create(node);
        }
    }

    private void create(SimulatedNode node) {
        ObjectNode object = NodeObjects.newNode(node, endpoint(), loop.now());
        submit(node, new CreateObject(Resources.NODES.ref(null, node.name()), object, WriteOptions.DEFAULT),
                reply -> {
                    if (reply.succeeded()) {
                        registered(node, reply.object(), true);
                    } else if (reply.code() == 409) {
                        retry(node);
                    } else {
                        failed(node, "create", reply);
                    }
                });
    }

    private void adopt(SimulatedNode stored, JsonNode existing) {
        SimulatedNode node = factory.withExistingAddresses(stored, existing);
        if (node != stored) {
            directory.add(node);
        }
        node.images().restore(existing.path("status").path("images"));
        ObjectNode patch = KubeJson.json().createObjectNode();
        ObjectNode meta = patch.putObject("metadata");
        ObjectNode labels = meta.putObject("labels");
        Map<String, String> wanted = NodeObjects.labels(node);
        wanted.forEach(labels::put);
        ObjectNode annotations = meta.putObject("annotations");
        annotations.put(NodeObjects.AGENT_ENDPOINT, endpoint());
        annotations.put(NodeObjects.SIMULATED, "true");
        if (existing.path("spec").path("podCIDR").asString("").isEmpty()) {
            ObjectNode spec = patch.putObject("spec");
            spec.put("podCIDR", node.podCidr());
            spec.putArray("podCIDRs").add(node.podCidr());
        }
        ObjectRef ref = Resources.NODES.ref(null, node.name());
        submit(node, new PatchObject(ref, null, PatchType.MERGE_PATCH, KubeJson.write(patch), false,
                WriteOptions.DEFAULT), reply -> {
                    if (!reply.succeeded()) {
                        failed(node, "adopt", reply);
                        return;
                    }
                    JsonNode patched = reply.object();
                    ObjectNode withStatus = ((ObjectNode) patched).deepCopy();
                    withStatus.set("status", NodeObjects.status(node, patched.path("status"), loop.now()));
                    ((ObjectNode) withStatus.path("metadata")).remove("resourceVersion");
                    submit(node, new UpdateStatus(ref, withStatus, WriteOptions.DEFAULT), r -> {
                        if (r.succeeded()) {
                            registered(node, r.object(), false);
                        } else {
                            failed(node, "post the status of", r);
                        }
                    });
                });
    }

    private void registered(SimulatedNode node, JsonNode stored, boolean created) {
        node.registered(stored.path("metadata").path("uid").asString());
        node.statusSent(loop.now());
        node.statusAnswered(true);
        heartbeats.ensureLease(node);
        if (nodeEvents) {
            recordStartup(node, created);
        }
        waitingFor.remove(node.name());
        if (waitingFor.isEmpty() && !allRegistered) {
            allRegistered = true;
            log.info("all {} configured nodes registered", directory.configuredNames().size());
        }
        directory.ready(node);
        done(node.name());
    }

    private void recordStartup(SimulatedNode node, boolean created) {
        Node ref = new NodeBuilder().withNewMetadata().withName(node.name()).withUid(node.name()).endMetadata()
                .build();
        String actor = Actors.node(node.name());
        event(ref, actor, node, "Starting", "Starting kubelet.");
        event(ref, actor, node, "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods");
        for (String status : new String[] {"NodeHasSufficientMemory", "NodeHasNoDiskPressure",
            "NodeHasSufficientPID"}) {
            event(ref, actor, node, status, "Node " + node.name() + " status is now: " + status);
        }
        if (created) {
            event(ref, actor, node, "NodeReady", "Node " + node.name() + " status is now: NodeReady");
        }
    }

    private void event(Node ref, String actor, SimulatedNode node, String reason, String message) {
        events.record(ref, EventRecorder.NORMAL, reason, message, node.name(), null, actor);
    }

    private void failed(SimulatedNode node, String what, CommandReply reply) {
        log.warn("could not {} node {} ({}): {}; retrying", what, node.name(), reply.code(),
                reply.status() == null ? "" : reply.status().path("message").asString(""));
        retry(node);
    }

    private void retry(SimulatedNode node) {
        String name = node.name();
        done(name);
        loop.schedule(RETRY, () -> enqueue(name));
    }

    private void submit(SimulatedNode node, io.kubesim.model.command.Command command,
            java.util.function.Consumer<CommandReply> then) {
        bus.submit(Actors.node(node.name()), command).whenComplete((reply, error) -> loop.execute(() -> {
            if (error != null) {
                log.warn("no answer for node {}: {}; retrying", node.name(), error.toString());
                retry(node);
            } else {
                then.accept(reply);
            }
        }));
    }
}
