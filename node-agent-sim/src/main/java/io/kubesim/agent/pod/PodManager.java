package io.kubesim.agent.pod;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Pod;

import io.kubesim.agent.container.ContainerLog;
import io.kubesim.agent.loop.AgentLoop;
import io.kubesim.agent.node.NodeDirectory;
import io.kubesim.agent.node.SimulatedNode;
import io.kubesim.agent.registry.ImageRegistry;
import io.kubesim.model.event.ChangeEvent;
import io.kubesim.model.resource.ObjectRef;
import io.kubesim.model.resource.Resources;
import io.kubesim.runtime.ClusterCache;
import io.kubesim.runtime.CommandBus;
import io.kubesim.runtime.EventRecorder;

/**
 * The kubelet's pod manager for every node of this agent (pkg/kubelet/pod/pod_manager.go plus the dispatch of
 * pod_workers.go): watches the cache for pods bound to its nodes and keeps one {@link PodWorker} per pod, created
 * when the node is registered and the pod appears, told about every change, dropped when the pod object is deleted.
 * Pods of other agents' nodes are ignored. While a node is partitioned its pods' changes are not looked at (the node
 * cannot see the API); when it is back, they are all looked at again.
 */
public final class PodManager implements ClusterCache.Listener {

    private static final String PODS_PREFIX = "/pods/";

    private final NodeDirectory directory;
    private final ClusterCache cache;
    private final AgentLoop loop;
    private final ImageRegistry registry;
    private final CommandBus bus;
    private final EventRecorder events;
    private final Supplier<String> containerIds;
    /** Pod keys by node name, for this agent's nodes; maintained on the event thread. */
    private final Map<String, Set<String>> podsByNode = new ConcurrentHashMap<>();
    /** Workers by pod key, on the agent loop. */
    private final Map<String, PodWorker> workers = new HashMap<>();
    private final Map<String, Map<String, PodWorker>> workersByNode = new HashMap<>();
    private volatile boolean synced;

    public PodManager(NodeDirectory directory, ClusterCache cache, AgentLoop loop, ImageRegistry registry,
            CommandBus bus, EventRecorder events) {
        this(directory, cache, loop, registry, bus, events, PodManager::randomContainerId);
    }

    PodManager(NodeDirectory directory, ClusterCache cache, AgentLoop loop, ImageRegistry registry, CommandBus bus,
            EventRecorder events, Supplier<String> containerIds) {
        this.directory = directory;
        this.cache = cache;
        this.loop = loop;
        this.registry = registry;
        this.bus = bus;
        this.events = events;
        this.containerIds = containerIds;
        directory.onReady(node -> loop.execute(() -> reconcileNode(node)));
        directory.onGone(node -> loop.execute(() -> forgetNode(node)));
        cache.addListener(this);
    }

    @Override
    public void onChange(ChangeEvent event, ClusterCache.Entry previous, ClusterCache.Entry current) {
        String key = event.key();
        if (!key.startsWith(PODS_PREFIX)) {
            return;
        }
        String node = current != null ? current.json().path("spec").path("nodeName").asString("")
                : previous != null ? previous.json().path("spec").path("nodeName").asString("") : "";
        if (!directory.owns(node)) {
            return;
        }
        if (current != null) {
            podsByNode.computeIfAbsent(node, n -> ConcurrentHashMap.newKeySet()).add(key);
        } else {
            Set<String> keys = podsByNode.get(node);
            if (keys != null) {
                keys.remove(key);
            }
        }
        if (synced) {
            loop.execute(() -> reconcile(key));
        }
    }

    @Override
    public void onSynced() {
        synced = true;
    }

    private void reconcileNode(SimulatedNode node) {
        Set<String> keys = new java.util.LinkedHashSet<>(podsByNode.getOrDefault(node.name(), Set.of()));
        keys.addAll(workersByNode.getOrDefault(node.name(), Map.of()).keySet());
        for (String key : keys) {
            reconcile(key);
        }
        for (PodWorker w : new ArrayList<>(workersByNode.getOrDefault(node.name(), Map.of()).values())) {
            w.reconnected();
        }
    }

    private void forgetNode(SimulatedNode node) {
        Map<String, PodWorker> mine = workersByNode.remove(node.name());
        if (mine != null) {
            for (Map.Entry<String, PodWorker> e : mine.entrySet()) {
                e.getValue().removed();
                workers.remove(e.getKey());
            }
        }
        podsByNode.remove(node.name());
    }

    /** Brings the worker of {@code key} in line with the cache. */
    private void reconcile(String key) {
        Optional<ClusterCache.Entry> entry = cache.get(key);
        PodWorker worker = workers.get(key);
        if (entry.isEmpty()) {
            if (worker != null) {
                remove(key, worker);
            }
            return;
        }
        JsonNode json = entry.get().json();
        String nodeName = json.path("spec").path("nodeName").asString("");
        Optional<SimulatedNode> node = directory.get(nodeName);
        if (node.isEmpty() || !node.get().isRegistered() || !node.get().isConnected()) {
            return;
        }
        Pod pod = entry.get().as(Pod.class);
        if (pod == null) {
            return;
        }
        if (worker != null && !worker.uid().equals(pod.getMetadata().getUid())) {
            remove(key, worker);
            worker = null;
        }
        if (worker == null) {
            worker = new PodWorker(environment(node.get()), pod, entry.get().json(), entry.get().revision());
            workers.put(key, worker);
            workersByNode.computeIfAbsent(nodeName, n -> new LinkedHashMap<>()).put(key, worker);
            if (json.has("status")) {
                worker.restore(json.path("status"));
            }
            worker.start();
        } else {
            worker.updated(pod, entry.get().json(), entry.get().revision());
        }
    }

    private void remove(String key, PodWorker worker) {
        worker.removed();
        workers.remove(key);
        for (Map<String, PodWorker> m : workersByNode.values()) {
            m.remove(key, worker);
        }
    }

    private PodEnvironment environment(SimulatedNode node) {
        return new PodEnvironment(loop, node, registry, this::serviceExists, bus, events,
                () -> admitted(node.name()), containerIds);
    }

    private boolean serviceExists(String namespace, String name) {
        return cache.get(Resources.SERVICES.ref(namespace, name)).isPresent();
    }

    private Collection<Map<String, Long>> admitted(String nodeName) {
        List<Map<String, Long>> out = new ArrayList<>();
        for (PodWorker w : workersByNode.getOrDefault(nodeName, Map.of()).values()) {
            w.heldRequests().ifPresent(out::add);
        }
        return out;
    }

    /** The logs of a container, or why there are none, with the kubelet's words (see {@link LogLookup}). */
    public LogLookup logs(String namespace, String podName, String container, boolean previous) {
        return loop.call(() -> {
            String key = ObjectRef.prefix(Resources.PODS.qualifiedName(), namespace) + podName;
            PodWorker w = workers.get(key);
            if (w == null) {
                return new LogLookup.Missing(404, "pods \"" + podName + "\" not found");
            }
            return lookup(w, container, previous);
        });
    }

    /** The app container names of a pod this agent runs, or empty if it runs no such pod. */
    public Optional<List<String>> containerNames(String namespace, String podName) {
        return loop.call(() -> Optional.ofNullable(
                workers.get(ObjectRef.prefix(Resources.PODS.qualifiedName(), namespace) + podName))
                .map(PodWorker::appContainerNames));
    }

    /** kubelet_pods.go validateContainerLogStatus. */
    private static LogLookup lookup(PodWorker w, String container, boolean previous) {
        Optional<ContainerSlot> found = w.container(container);
        String who = "container \"" + container + "\" in pod \"" + w.name() + "\"";
        if (found.isEmpty()) {
            return new LogLookup.Missing(400, who + " is not available");
        }
        ContainerSlot c = found.get();
        ContainerState state = c.apiState(c.init || w.hasInitContainers()
                ? KubeletEvents.POD_INITIALIZING : KubeletEvents.CONTAINER_CREATING);
        ContainerState.Terminated last = c.apiLastState();
        String id;
        if (previous) {
            if (last == null || last.containerId() == null) {
                return new LogLookup.Missing(400, "previous terminated " + who + " not found");
            }
            id = last.containerId();
        } else if (state instanceof ContainerState.Running) {
            id = c.containerId;
        } else if (state instanceof ContainerState.Terminated t) {
            id = t.containerId() != null ? t.containerId() : last != null ? last.containerId() : null;
        } else if (last != null) {
            id = last.containerId();
        } else {
            String reason = ((ContainerState.Waiting) state).reason();
            String why = switch (reason) {
                case KubeletEvents.ERR_IMAGE_PULL -> "image can't be pulled";
                case KubeletEvents.IMAGE_PULL_BACK_OFF -> "trying and failing to pull image";
                default -> reason;
            };
            return new LogLookup.Missing(400, who + " is waiting to start: " + why);
        }
        if (id == null) {
            return new LogLookup.Missing(400, who + " is terminated");
        }
        for (ContainerLog log : c.logs) {
            if (log.containerId().equals(id)) {
                return new LogLookup.Found(log);
            }
        }
        ContainerLog empty = new ContainerLog(id);
        empty.finish();
        return new LogLookup.Found(empty);
    }

    private static String randomContainerId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("%016x%016x%016x%016x", r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
    }
}
