package io.kubesim.scheduler.framework;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinity;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;

/** Terse builders for the nodes and pods of the scheduler's tests (like upstream's st.MakeNode / st.MakePod). */
public final class TestObjects {

    private TestObjects() {
    }

    public static NodeMaker node(String name) {
        return new NodeMaker(name);
    }

    public static PodMaker pod(String name) {
        return new PodMaker(name);
    }

    /** {@code key op values} as a node selector requirement. */
    public static NodeSelectorRequirement req(String key, String op, String... values) {
        return new NodeSelectorRequirement(key, op, List.of(values));
    }

    /** A node selector term with these expressions. */
    public static NodeSelectorTerm term(NodeSelectorRequirement... expressions) {
        return new NodeSelectorTerm(List.of(expressions), List.of());
    }

    /** A node selector term with these field requirements. */
    public static NodeSelectorTerm fieldTerm(NodeSelectorRequirement... fields) {
        return new NodeSelectorTerm(List.of(), List.of(fields));
    }

    public static Taint taint(String key, String value, String effect) {
        return new Taint(effect, key, null, value);
    }

    public static Toleration toleration(String key, String op, String value, String effect) {
        return new Toleration(effect, key, op, null, value);
    }

    /** A label selector with {@code matchLabels}. */
    public static LabelSelector selector(String... keyValues) {
        return new LabelSelectorBuilder().withMatchLabels(map(keyValues)).build();
    }

    /** A pod affinity term; {@code namespaces} may be empty (the pod's own namespace). */
    public static PodAffinityTerm affinityTerm(String topologyKey, LabelSelector selector, String... namespaces) {
        PodAffinityTerm t = new PodAffinityTerm();
        t.setTopologyKey(topologyKey);
        t.setLabelSelector(selector);
        t.setNamespaces(List.of(namespaces));
        return t;
    }

    static Map<String, String> map(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** Builds a node. */
    public static final class NodeMaker {
        private final NodeBuilder b;
        private final Map<String, Quantity> allocatable = new HashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<Taint> taints = new ArrayList<>();
        private final List<ContainerImage> images = new ArrayList<>();
        private boolean unschedulable;

        NodeMaker(String name) {
            b = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
            labels.put("kubernetes.io/hostname", name);
        }

        public NodeMaker capacity(String cpu, String memory, int pods) {
            allocatable.put("cpu", new Quantity(cpu));
            allocatable.put("memory", new Quantity(memory));
            allocatable.put("pods", new Quantity(String.valueOf(pods)));
            return this;
        }

        public NodeMaker resource(String name, String amount) {
            allocatable.put(name, new Quantity(amount));
            return this;
        }

        public NodeMaker label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public NodeMaker taint(String key, String value, String effect) {
            taints.add(TestObjects.taint(key, value, effect));
            return this;
        }

        public NodeMaker unschedulable() {
            unschedulable = true;
            return this;
        }

        public NodeMaker image(long sizeBytes, String... names) {
            ContainerImage i = new ContainerImage();
            i.setNames(List.of(names));
            i.setSizeBytes(sizeBytes);
            images.add(i);
            return this;
        }

        public Node build() {
            if (allocatable.isEmpty()) {
                capacity("4", "32Gi", 110);
            }
            return b.editMetadata().withLabels(labels).endMetadata()
                    .withNewSpec().withTaints(taints).withUnschedulable(unschedulable ? true : null).endSpec()
                    .withNewStatus().withAllocatable(allocatable).withCapacity(allocatable).withImages(images)
                    .endStatus().build();
        }
    }

    /** Builds a pod with one container "c". */
    public static final class PodMaker {
        private final String name;
        private String namespace = "default";
        private String uid;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, Quantity> requests = new HashMap<>();
        private final List<Container> initContainers = new ArrayList<>();
        private final List<Container> extraContainers = new ArrayList<>();
        private final List<Toleration> tolerations = new ArrayList<>();
        private final Map<String, String> nodeSelector = new LinkedHashMap<>();
        private final List<NodeSelectorTerm> requiredTerms = new ArrayList<>();
        private final List<PreferredSchedulingTerm> preferredTerms = new ArrayList<>();
        private final List<PodAffinityTerm> podAffinity = new ArrayList<>();
        private final List<PodAffinityTerm> podAntiAffinity = new ArrayList<>();
        private final List<WeightedPodAffinityTerm> preferredPodAffinity = new ArrayList<>();
        private final List<WeightedPodAffinityTerm> preferredPodAntiAffinity = new ArrayList<>();
        private final List<TopologySpreadConstraint> spread = new ArrayList<>();
        private final List<io.fabric8.kubernetes.api.model.ContainerPort> ports = new ArrayList<>();
        private Integer priority;
        private String nodeName;
        private String nominatedNodeName;
        private String image = "registry.k8s.io/pause:3.10";
        private String schedulerName;
        private String preemptionPolicy;
        private String startTime;
        private String replicaSetOwner;
        private boolean gated;

        PodMaker(String name) {
            this.name = name;
            this.uid = name + "-uid";
        }

        public PodMaker namespace(String ns) {
            this.namespace = ns;
            return this;
        }

        public PodMaker uid(String uid) {
            this.uid = uid;
            return this;
        }

        public PodMaker label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public PodMaker req(String resource, String amount) {
            requests.put(resource, new Quantity(amount));
            return this;
        }

        public PodMaker init(String cpu, boolean sidecar) {
            Container c = new ContainerBuilder().withName("init" + initContainers.size()).withImage(image)
                    .withNewResources().withRequests(Map.of("cpu", new Quantity(cpu))).endResources().build();
            if (sidecar) {
                c.setRestartPolicy("Always");
            }
            initContainers.add(c);
            return this;
        }

        public PodMaker container(String image, String cpu) {
            extraContainers.add(new ContainerBuilder().withName("c" + (extraContainers.size() + 1)).withImage(image)
                    .withNewResources().withRequests(cpu == null ? Map.of() : Map.of("cpu", new Quantity(cpu)))
                    .endResources().build());
            return this;
        }

        public PodMaker image(String image) {
            this.image = image;
            return this;
        }

        public PodMaker toleration(String key, String op, String value, String effect) {
            tolerations.add(TestObjects.toleration(key, op, value, effect));
            return this;
        }

        public PodMaker nodeSelector(String key, String value) {
            nodeSelector.put(key, value);
            return this;
        }

        public PodMaker requiredNodeAffinity(NodeSelectorTerm... terms) {
            requiredTerms.addAll(List.of(terms));
            return this;
        }

        public PodMaker preferredNodeAffinity(int weight, NodeSelectorTerm term) {
            preferredTerms.add(new PreferredSchedulingTerm(term, weight));
            return this;
        }

        public PodMaker podAffinity(PodAffinityTerm t) {
            podAffinity.add(t);
            return this;
        }

        public PodMaker podAntiAffinity(PodAffinityTerm t) {
            podAntiAffinity.add(t);
            return this;
        }

        public PodMaker preferredPodAffinity(int weight, PodAffinityTerm t) {
            preferredPodAffinity.add(new WeightedPodAffinityTerm(t, weight));
            return this;
        }

        public PodMaker preferredPodAntiAffinity(int weight, PodAffinityTerm t) {
            preferredPodAntiAffinity.add(new WeightedPodAffinityTerm(t, weight));
            return this;
        }

        public PodMaker spread(int maxSkew, String topologyKey, String whenUnsatisfiable, LabelSelector selector) {
            TopologySpreadConstraint c = new TopologySpreadConstraint();
            c.setMaxSkew(maxSkew);
            c.setTopologyKey(topologyKey);
            c.setWhenUnsatisfiable(whenUnsatisfiable);
            c.setLabelSelector(selector);
            spread.add(c);
            return this;
        }

        public PodMaker spread(TopologySpreadConstraint c) {
            spread.add(c);
            return this;
        }

        public PodMaker hostPort(int port, String protocol, String hostIp) {
            ports.add(new ContainerPortBuilder().withContainerPort(port).withHostPort(port).withProtocol(protocol)
                    .withHostIP(hostIp).build());
            return this;
        }

        public PodMaker priority(int p) {
            this.priority = p;
            return this;
        }

        public PodMaker node(String nodeName) {
            this.nodeName = nodeName;
            return this;
        }

        public PodMaker nominated(String nodeName) {
            this.nominatedNodeName = nodeName;
            return this;
        }

        public PodMaker schedulerName(String schedulerName) {
            this.schedulerName = schedulerName;
            return this;
        }

        public PodMaker preemptionPolicy(String policy) {
            this.preemptionPolicy = policy;
            return this;
        }

        public PodMaker startTime(String rfc3339) {
            this.startTime = rfc3339;
            return this;
        }

        public PodMaker ownedByReplicaSet(String rsName) {
            this.replicaSetOwner = rsName;
            return this;
        }

        public PodMaker gated() {
            this.gated = true;
            return this;
        }

        public Pod build() {
            Container main = new ContainerBuilder().withName("c").withImage(image).withPorts(ports)
                    .withNewResources().withRequests(requests).endResources().build();
            List<Container> containers = new ArrayList<>();
            containers.add(main);
            containers.addAll(extraContainers);
            Affinity affinity = null;
            if (!requiredTerms.isEmpty() || !preferredTerms.isEmpty() || !podAffinity.isEmpty()
                    || !podAntiAffinity.isEmpty() || !preferredPodAffinity.isEmpty()
                    || !preferredPodAntiAffinity.isEmpty()) {
                affinity = new Affinity();
                if (!requiredTerms.isEmpty() || !preferredTerms.isEmpty()) {
                    NodeAffinity na = new NodeAffinity();
                    if (!requiredTerms.isEmpty()) {
                        na.setRequiredDuringSchedulingIgnoredDuringExecution(
                                new io.fabric8.kubernetes.api.model.NodeSelector(requiredTerms));
                    }
                    na.setPreferredDuringSchedulingIgnoredDuringExecution(preferredTerms);
                    affinity.setNodeAffinity(na);
                }
                if (!podAffinity.isEmpty() || !preferredPodAffinity.isEmpty()) {
                    affinity.setPodAffinity(new PodAffinity(preferredPodAffinity, podAffinity));
                }
                if (!podAntiAffinity.isEmpty() || !preferredPodAntiAffinity.isEmpty()) {
                    affinity.setPodAntiAffinity(new PodAntiAffinity(preferredPodAntiAffinity, podAntiAffinity));
                }
            }
            PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withUid(uid)
                    .withLabels(labels).endMetadata()
                    .withNewSpec().withContainers(containers).withInitContainers(initContainers)
                    .withTolerations(tolerations).withNodeSelector(nodeSelector).withAffinity(affinity)
                    .withTopologySpreadConstraints(spread).withPriority(priority).withNodeName(nodeName)
                    .withSchedulerName(schedulerName).withPreemptionPolicy(preemptionPolicy).endSpec()
                    .withNewStatus().withNominatedNodeName(nominatedNodeName).withStartTime(startTime).endStatus();
            if (replicaSetOwner != null) {
                b.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                        .withKind("ReplicaSet").withName(replicaSetOwner).withController(true).withUid("rs-uid")
                        .build()).endMetadata();
            }
            if (gated) {
                b.editSpec().addNewSchedulingGate("example.com/gate").endSpec();
            }
            return b.build();
        }
    }
}
