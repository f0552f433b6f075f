package io.kubesim.scheduler.framework;

import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

/**
 * Services and ReplicaSets, for PodTopologySpread's system default constraints (which apply only to pods selected by
 * a Service or owned by a ReplicaSet).
 */
public interface WorkloadLister {

    /** The services of a namespace. */
    List<Service> services(String namespace);

    /** A ReplicaSet by namespace and name. */
    Optional<ReplicaSet> replicaSet(String namespace, String name);
}
