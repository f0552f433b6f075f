package io.kubesim.agent.node;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.fabric8.kubernetes.api.model.Quantity;

import io.kubesim.agent.registry.NodeImages;
import io.kubesim.agent.registry.Platform;

/**
 * One node this agent simulates: what it is (name, platform, resources, labels, taints, addresses, machine identity)
 * and what its kubelet currently does (registered, heartbeating, stopped, partitioned). Identity is fixed at
 * creation; the mutable part is touched on the agent loop only.
 */
public final class SimulatedNode {

    /** The kubelet version imitated. */
    public static final String KUBELET_VERSION = "v1.32.2";
    /** The container runtime reported in {@code nodeInfo.containerRuntimeVersion}. */
    public static final String CONTAINER_RUNTIME_VERSION = "containerd://1.7.22";
    /** The kubelet's port ({@code daemonEndpoints.kubeletEndpoint.Port}). */
    public static final int KUBELET_PORT = 10250;
    /** Windows Server 2022's build, the one simulated Windows nodes run. */
    public static final String WINDOWS_BUILD = "10.0.20348";

    /** What the node's kubelet does about its heartbeats (admin failure injection). */
    public enum Heartbeat {
        /** Lease renewed, node status posted, pods synced. */
        RUNNING,
        /** No Lease renewals and no node status: the node looks dead to the control plane; pods keep syncing. */
        STOPPED,
        /** Cut off from the API: no heartbeats, no status writes, no new pod specs; pods keep running locally. */
        PARTITIONED
    }

    private final String name;
    private final String os;
    private final String architecture;
    private final Platform platform;
    private final String zone;
    private final Map<String, String> extraLabels;
    private final List<String> taints;
    private final Map<String, Quantity> resources;
    private final Map<String, Quantity> reserved;
    private final Map<String, Quantity> allocatable;
    private final double pullBandwidth;
    private final boolean configured;
    private final int slot;
    private final String internalIp;
    private final String podCidr;
    private final NodeImages images;
    private final PodAddresses podAddresses;

    private String uid;
    private boolean registered;
    private Heartbeat heartbeat = Heartbeat.RUNNING;
    private boolean statusDirty = true;
    private boolean statusInFlight;
    private long reportedImagesVersion = -1;
    private Instant lastStatusReport;
    private Instant lastLeaseRenewal;

    /** A node that reserves nothing: allocatable = capacity. */
    public SimulatedNode(String name, String os, String architecture, String zone, Map<String, String> extraLabels,
            List<String> taints, Map<String, Quantity> resources, double pullBandwidth, boolean configured, int slot,
            String internalIp, String podCidr) {
        this(name, os, architecture, zone, extraLabels, taints, resources, Map.of(), pullBandwidth, configured, slot,
                internalIp, podCidr);
    }

    /**
     * @param resources  capacity by resource name, in the order they are reported
     * @param reserved   what the node holds back from pods (kube-reserved + system-reserved): allocatable is
     *                   capacity minus this, never below zero
     * @param configured whether the node comes from the nodes file (else it was created through the API and adopted)
     * @param slot       the heartbeat slot the node renews its lease in
     */
    public SimulatedNode(String name, String os, String architecture, String zone, Map<String, String> extraLabels,
            List<String> taints, Map<String, Quantity> resources, Map<String, Quantity> reserved,
            double pullBandwidth, boolean configured, int slot, String internalIp, String podCidr) {
        this.name = name;
        this.os = os;
        this.architecture = architecture;
        this.platform = Platform.ofNode(os, architecture, "windows".equals(os) ? WINDOWS_BUILD : null);
        this.zone = zone;
        this.extraLabels = Map.copyOf(extraLabels);
        this.taints = List.copyOf(taints);
        this.resources = new LinkedHashMap<>(resources);
        this.reserved = Map.copyOf(reserved);
        this.allocatable = allocatable(name, this.resources, this.reserved);
        this.pullBandwidth = pullBandwidth;
        this.configured = configured;
        this.slot = slot;
        this.internalIp = internalIp;
        this.podCidr = podCidr;
        this.images = new NodeImages(pullBandwidth);
        this.podAddresses = new PodAddresses(podCidr);
    }

    public String name() {
        return name;
    }

    public String os() {
        return os;
    }

    public String architecture() {
        return architecture;
    }

    /** The platform images are pulled for. */
    public Platform platform() {
        return platform;
    }

    public String zone() {
        return zone;
    }

    public Map<String, String> extraLabels() {
        return extraLabels;
    }

    public List<String> taints() {
        return taints;
    }

    /** Capacity by resource name ({@code cpu}, {@code memory}, {@code pods}, ...). */
    public Map<String, Quantity> capacity() {
        return resources;
    }

    /** What the node holds back from pods, by resource name (empty: nothing). */
    public Map<String, Quantity> reserved() {
        return reserved;
    }

    /** What pods may use: capacity minus {@link #reserved()}, in the kubelet's units (cpu in m, memory in Ki). */
    public Map<String, Quantity> allocatable() {
        return allocatable;
    }

    static Map<String, Quantity> allocatable(String node, Map<String, Quantity> capacity,
            Map<String, Quantity> reserved) {
        for (String name : reserved.keySet()) {
            if (!capacity.containsKey(name)) {
                throw new IllegalArgumentException("node " + node + ": cannot reserve " + name + ", the node has none");
            }
        }
        Map<String, Quantity> out = new LinkedHashMap<>();
        capacity.forEach((name, cap) -> {
            Quantity held = reserved.get(name);
            if (held == null) {
                out.put(name, cap);
                return;
            }
            BigDecimal left = cap.getNumericalAmount().subtract(held.getNumericalAmount()).max(BigDecimal.ZERO);
            String text;
            if (name.equals("cpu")) {
                text = left.movePointRight(3).setScale(0, RoundingMode.DOWN).toPlainString() + "m";
            } else if (name.equals("memory") || name.equals("ephemeral-storage") || name.startsWith("hugepages-")) {
                text = left.divide(BigDecimal.valueOf(1024), 0, RoundingMode.DOWN).toPlainString() + "Ki";
            } else {
                text = left.setScale(0, RoundingMode.DOWN).toPlainString();
            }
            out.put(name, new Quantity(text));
        });
        return out;
    }

    /** Image pull bandwidth, MB/s of virtual time. */
    public double pullBandwidth() {
        return pullBandwidth;
    }

    public boolean configured() {
        return configured;
    }

    int slot() {
        return slot;
    }

    public String internalIp() {
        return internalIp;
    }

    public String podCidr() {
        return podCidr;
    }

    public NodeImages images() {
        return images;
    }

    public PodAddresses podAddresses() {
        return podAddresses;
    }

    /** {@code Ubuntu 22.04.4 LTS}, {@code Red Hat Enterprise Linux 8.1 (Ootpa)} (ppc64le, as in seed 000), ... */
    public String osImage() {
        if ("windows".equals(os)) {
            return "Windows Server 2022 Datacenter";
        }
        return "ppc64le".equals(architecture) ? "Red Hat Enterprise Linux 8.1 (Ootpa)" : "Ubuntu 22.04.4 LTS";
    }

    public String kernelVersion() {
        if ("windows".equals(os)) {
            return WINDOWS_BUILD + ".2762";
        }
        return "ppc64le".equals(architecture) ? "4.18.0-147.el8.ppc64le" : "5.15.0-113-generic";
    }

    /** 32 hex digits, stable for the node name ({@code /etc/machine-id}). */
    public String machineId() {
        return hash("machine-id").substring(0, 32);
    }

    /** Stable for the node name (the SMBIOS product UUID). */
    public String systemUuid() {
        return UUID.nameUUIDFromBytes(("kubesim-system-uuid:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Stable for the node name: the simulated machine never reboots. */
    public String bootId() {
        return UUID.nameUUIDFromBytes(("kubesim-boot-id:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private String hash(String what) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("kubesim-" + what + ":" + name).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ kubelet state (agent loop only)

    /** The Node's uid once registered. */
    public String uid() {
        return uid;
    }

    void registered(String nodeUid) {
        this.uid = nodeUid;
        this.registered = true;
    }

    void unregistered() {
        this.registered = false;
    }

    /** Whether the Node object exists and the kubelet runs pods on it. */
    public boolean isRegistered() {
        return registered;
    }

    public Heartbeat heartbeat() {
        return heartbeat;
    }

    void heartbeat(Heartbeat state) {
        this.heartbeat = state;
    }

    /** Whether the node can talk to the API (not partitioned). */
    public boolean isConnected() {
        return heartbeat != Heartbeat.PARTITIONED;
    }

    boolean statusDue(Instant now, java.time.Duration reportFrequency) {
        return statusDirty || images.version() != reportedImagesVersion || lastStatusReport == null
                || !now.isBefore(lastStatusReport.plus(reportFrequency));
    }

    void markStatusDirty() {
        statusDirty = true;
    }

    boolean statusInFlight() {
        return statusInFlight;
    }

    void statusSent(Instant now) {
        statusInFlight = true;
        statusDirty = false;
        reportedImagesVersion = images.version();
        lastStatusReport = now;
    }

    void statusAnswered(boolean ok) {
        statusInFlight = false;
        if (!ok) {
            statusDirty = true;
        }
    }

    Instant lastStatusReport() {
        return lastStatusReport;
    }

    Instant lastLeaseRenewal() {
        return lastLeaseRenewal;
    }

    void leaseRenewed(Instant at) {
        this.lastLeaseRenewal = at;
    }
}
