package io.kubesim.scheduler.framework;

import java.util.List;

/** Plugin names, equal to upstream's (pkg/scheduler/framework/plugins/names/names.go, Kubernetes 1.32). */
public final class PluginNames {

    public static final String PRIORITY_SORT = "PrioritySort";
    public static final String SCHEDULING_GATES = "SchedulingGates";
    public static final String NODE_UNSCHEDULABLE = "NodeUnschedulable";
    public static final String NODE_NAME = "NodeName";
    public static final String TAINT_TOLERATION = "TaintToleration";
    public static final String NODE_AFFINITY = "NodeAffinity";
    public static final String NODE_PORTS = "NodePorts";
    public static final String NODE_RESOURCES_FIT = "NodeResourcesFit";
    public static final String POD_TOPOLOGY_SPREAD = "PodTopologySpread";
    public static final String INTER_POD_AFFINITY = "InterPodAffinity";
    public static final String DEFAULT_PREEMPTION = "DefaultPreemption";
    public static final String NODE_RESOURCES_BALANCED_ALLOCATION = "NodeResourcesBalancedAllocation";
    public static final String IMAGE_LOCALITY = "ImageLocality";
    public static final String DEFAULT_BINDER = "DefaultBinder";
    /** kubesim's opt-in filter (not upstream). */
    public static final String IMAGE_ARCHITECTURE = "ImageArchitecture";

    /** The plugins a profile may disable or re-weight, in upstream's default (MultiPoint) order. */
    public static final List<String> CONFIGURABLE = List.of(NODE_UNSCHEDULABLE, NODE_NAME, TAINT_TOLERATION,
            NODE_AFFINITY, IMAGE_ARCHITECTURE, NODE_PORTS, NODE_RESOURCES_FIT, POD_TOPOLOGY_SPREAD, INTER_POD_AFFINITY,
            DEFAULT_PREEMPTION, NODE_RESOURCES_BALANCED_ALLOCATION, IMAGE_LOCALITY);

    private PluginNames() {
    }
}
