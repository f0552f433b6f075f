package io.kubesim.controller;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.clock.VirtualClock;
import io.kubesim.model.command.BindPod;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.DeleteObject;
import io.kubesim.model.command.PatchObject;
import io.kubesim.model.command.PatchType;
import io.kubesim.model.command.UpdateStatus;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.testcluster.TestControlPlane;

/**
 * What the scheduler and the kubelets do, reduced to what controller tests need: nodes that are registered Ready,
 * renew their Lease every 10 s (cluster time) and post Ready=True again if it was changed; unbound pods bound to their pinned node (DaemonSet affinity) or round
 * robin to the pool; bound pods on a live node marked Running and Ready (or Succeeded when labelled
 * {@code test/exit=0}); pods deleted on a live node removed at once. Nodes that are "dead" get nothing of this.
 */
final class TestKubelet implements ClusterCache.Listener, AutoCloseable {

    static final String EXIT_LABEL = "test/exit";
    /** A kubelet renews its Lease every 10 s. */
    static final Duration RENEW_PERIOD = Duration.ofSeconds(10);

    private final TestControlPlane cp;
    private final VirtualClock clock;
    private final Set<String> alive = ConcurrentHashMap.newKeySet();
    private final List<String> pool;
    private final AtomicInteger next = new AtomicInteger();
    private final ScheduledExecutorService leases;

    TestKubelet(TestControlPlane cp, List<String> pool) {
        this.cp = cp;
        this.clock = new VirtualClock(cp.clockOrigin(), cp.clockSpeed());
        this.pool = List.copyOf(pool);
        this.leases = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "test-kubelet-leases");
            t.setDaemon(true);
            return t;
        });
        long period = clock.toReal(RENEW_PERIOD).toNanos();
        leases.scheduleWithFixedDelay(this::renewLeases, period, period, TimeUnit.NANOSECONDS);
        cp.cache().addListener(this);
    }

    /** Registers a Ready node with its Lease; {@code live} nodes keep renewing it. */
    void addNode(String name, String labelsJson, boolean live) {
        // Alive before the Node exists, as a real kubelet is: a DaemonSet controller answers the Node's creation with
        // a pod pinned to it at once, and this kubelet must bind that pod when it sees it (it sees it only once).
        if (live) {
            alive.add(name);
        }
        Instant now = clock.instant();
        ObjectNode node = (ObjectNode) KubeJson.parse("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\""
                + name + "\",\"labels\":" + labelsJson + "},\"spec\":{}}");
        cp.send(new CreateObject(Resources.NODES.ref(null, name), node, WriteOptions.DEFAULT));
        ObjectNode status = node.deepCopy();
        status.set("status", KubeJson.parse("""
                {"capacity":{"cpu":"8","memory":"16Gi","pods":"110"},"allocatable":{"cpu":"8","memory":"16Gi",
                 "pods":"110"},"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady",
                 "message":"kubelet is posting ready status","lastHeartbeatTime":"%s","lastTransitionTime":"%s"}]}
                """.formatted(KubeTime.time(now), KubeTime.time(now))));
        cp.send(new UpdateStatus(Resources.NODES.ref(null, name), status, WriteOptions.DEFAULT));
        ObjectNode lease = (ObjectNode) KubeJson.parse("""
                {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"%s",
                 "namespace":"kube-node-lease"},"spec":{"holderIdentity":"%s","leaseDurationSeconds":40,
                 "renewTime":"%s"}}""".formatted(name, name, KubeTime.microTime(now)));
        cp.send(new CreateObject(Resources.LEASES.ref("kube-node-lease", name), lease, WriteOptions.DEFAULT));
    }

    /** The node stops renewing its Lease and running pods (as if it lost power). */
    void kill(String name) {
        alive.remove(name);
    }

    /**
     * Renews the Leases of the live nodes; a live node whose Ready condition is not True (the node lifecycle
     * controller set it Unknown while the node looked silent) posts Ready=True again, as a kubelet does when its
     * status differs from what is stored.
     */
    private void renewLeases() {
        for (String node : alive) {
            cp.cache().get(Resources.NODES.ref(null, node)).ifPresent(e -> {
                ObjectNode copy = e.json().deepCopy();
                boolean fixed = false;
                for (JsonNode c : copy.path("status").path("conditions")) {
                    if ("Ready".equals(c.path("type").asString("")) && !"True".equals(c.path("status").asString(""))) {
                        String now = KubeTime.time(clock.instant());
                        ((ObjectNode) c).put("status", "True").put("reason", "KubeletReady")
                                .put("message", "kubelet is posting ready status").put("lastHeartbeatTime", now)
                                .put("lastTransitionTime", now);
                        fixed = true;
                    }
                }
                if (fixed) {
                    ((ObjectNode) copy.get("metadata")).remove("resourceVersion");
                    cp.bus().submit(new UpdateStatus(Resources.NODES.ref(null, node), copy, WriteOptions.DEFAULT));
                }
            });
            String patch = "{\"spec\":{\"renewTime\":\"" + KubeTime.microTime(clock.instant()) + "\"}}";
            cp.bus().submit(new PatchObject(Resources.LEASES.ref("kube-node-lease", node), null,
                    PatchType.MERGE_PATCH, patch, false, WriteOptions.DEFAULT)).thenAccept(r -> {
                        if (!r.succeeded()) {
                            System.err.println("lease renewal of " + node + " refused: " + r.status());
                        }
                    });
        }
    }

    @Override
    public void onChange(ChangeEvent event, ClusterCache.Entry previous, ClusterCache.Entry current) {
        if (current == null || !event.key().startsWith("/pods/")) {
            return;
        }
        ObjectNode pod = current.json();
        ObjectRef ref = ObjectRef.fromKey(event.key());
        String uid = pod.path("metadata").path("uid").asString();
        String node = pod.path("spec").path("nodeName").asString("");
        boolean deleting = pod.path("metadata").has("deletionTimestamp");
        String phase = pod.path("status").path("phase").asString("");
        if (node.isEmpty()) {
            if (!deleting) {
                String target = pinnedNode(pod);
                if (target == null && !pool.isEmpty()) {
                    target = pool.get(Math.floorMod(next.getAndIncrement(), pool.size()));
                }
                if (target != null && alive.contains(target)) {
                    cp.bus().submit(new BindPod(ref, uid, target, null, WriteOptions.DEFAULT));
                }
            }
            return;
        }
        if (!alive.contains(node)) {
            return;
        }
        if (deleting) {
            cp.bus().submit(new DeleteObject(ref, uid, null, 0L, null, WriteOptions.DEFAULT));
            return;
        }
        boolean exits = "0".equals(pod.path("metadata").path("labels").path(EXIT_LABEL).asString(""));
        if (phase.equals("Succeeded") || phase.equals("Failed") || (phase.equals("Running") && !exits)) {
            return;
        }
        ObjectNode copy = pod.deepCopy();
        ((ObjectNode) copy.get("metadata")).remove("resourceVersion");
        ObjectNode status = copy.withObjectProperty("status");
        String now = KubeTime.time(clock.instant());
        if (phase.equals("Running")) {
            status.put("phase", "Succeeded");
            setCondition(status, "Ready", "False", now);
        } else {
            status.put("phase", "Running");
            status.put("startTime", now);
            setCondition(status, "Initialized", "True", now);
            setCondition(status, "Ready", "True", now);
        }
        cp.bus().submit(new UpdateStatus(ref, copy, WriteOptions.DEFAULT));
    }

    private static void setCondition(ObjectNode status, String type, String value, String now) {
        ArrayNode conditions = status.withArrayProperty("conditions");
        for (JsonNode c : conditions) {
            if (type.equals(c.path("type").asString(""))) {
                ((ObjectNode) c).put("status", value).put("lastTransitionTime", now);
                return;
            }
        }
        conditions.addObject().put("type", type).put("status", value).put("lastTransitionTime", now);
    }

    private static String pinnedNode(JsonNode pod) {
        for (JsonNode term : pod.path("spec").path("affinity").path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms")) {
            for (JsonNode f : term.path("matchFields")) {
                if ("metadata.name".equals(f.path("key").asString("")) && f.path("values").size() == 1) {
                    return f.path("values").get(0).asString();
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        leases.shutdownNow();
        cp.cache().removeListener(this);
    }
}
