package io.kubesim.scheduler.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubesim.model.labels.LabelSelector;

/**
 * Namespaces, Services and ReplicaSets kept from watch events, serving the plugins' lister interfaces. Thread-safe.
 */
public final class InMemoryListers implements NamespaceLister, WorkloadLister {

    private final Map<String, Map<String, String>> namespaceLabels = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Service>> services = new ConcurrentHashMap<>();
    private final Map<String, ReplicaSet> replicaSets = new ConcurrentHashMap<>();

    public void putNamespace(Namespace ns) {
        Map<String, String> labels = ns.getMetadata().getLabels();
        namespaceLabels.put(ns.getMetadata().getName(), labels == null ? Map.of() : Map.copyOf(labels));
    }

    public void removeNamespace(Namespace ns) {
        namespaceLabels.remove(ns.getMetadata().getName());
    }

    public void putService(Service svc) {
        services.computeIfAbsent(svc.getMetadata().getNamespace(), k -> new ConcurrentHashMap<>())
                .put(svc.getMetadata().getName(), svc);
    }

    public void removeService(Service svc) {
        Map<String, Service> ns = services.get(svc.getMetadata().getNamespace());
        if (ns != null) {
            ns.remove(svc.getMetadata().getName());
        }
    }

    public void putReplicaSet(ReplicaSet rs) {
        replicaSets.put(rs.getMetadata().getNamespace() + "/" + rs.getMetadata().getName(), rs);
    }

    public void removeReplicaSet(ReplicaSet rs) {
        replicaSets.remove(rs.getMetadata().getNamespace() + "/" + rs.getMetadata().getName());
    }

    @Override
    public Map<String, String> labelsOf(String namespace) {
        Map<String, String> labels = namespaceLabels.get(namespace);
        return labels == null ? Map.of() : labels;
    }

    @Override
    public Set<String> namesMatching(LabelSelector selector) {
        Set<String> out = new TreeSet<>();
        namespaceLabels.forEach((name, labels) -> {
            if (selector.matches(labels)) {
                out.add(name);
            }
        });
        return out;
    }

    @Override
    public List<Service> services(String namespace) {
        Map<String, Service> ns = services.get(namespace);
        return ns == null ? List.of() : new ArrayList<>(ns.values());
    }

    @Override
    public Optional<ReplicaSet> replicaSet(String namespace, String name) {
        return Optional.ofNullable(replicaSets.get(namespace + "/" + name));
    }
}
