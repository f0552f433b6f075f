package io.kubesim.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.kubesim.agent.registry.UnknownImages;
import io.kubesim.model.cluster.ClusterSpec;
import io.kubesim.model.cluster.NodeTemplate;
import io.kubesim.model.json.KubeJson;

/**
 * Settings of a node agent, under {@code kubesim.agent}; checked when the agent starts.
 *
 * @param os                        {@code kubernetes.io/os} of every node of this agent: linux or windows
 * @param architecture              {@code kubernetes.io/arch}: amd64, arm64, ppc64le or s390x
 * @param nodesFile                 the nodes to register: a {@link ClusterSpec} as JSON (the launcher writes it);
 *                                  null for an agent that only adopts nodes created through the API
 * @param leaseRenewInterval        how often each node renews its Lease (kubelet: 0.25 x lease duration = 10 s)
 * @param leaseDurationSeconds      {@code spec.leaseDurationSeconds} of the Leases (kubelet default 40)
 * @param nodeStatusReportFrequency how often an unchanged node status is posted (kubelet
 *                                  {@code nodeStatusReportFrequency}, 5 min); a changed one is posted at the next
 *                                  heartbeat
 * @param nodeEvents                whether registration records the kubelet's start-up events on each Node
 * @param advertiseHost             host in the {@code kubesim.io/agent-endpoint} annotation (the log endpoint)
 * @param registry                  the simulated registry
 */
@ConfigurationProperties("kubesim.agent")
public record AgentProperties(String os, String architecture, Path nodesFile, Duration leaseRenewInterval,
        Integer leaseDurationSeconds, Duration nodeStatusReportFrequency, Boolean nodeEvents, String advertiseHost,
        Registry registry) {

    /**
     * @param extraCatalog  catalog files added to the built-in one (same YAML format)
     * @param unknownImages what happens to images the catalog does not know (default {@code all-platforms})
     */
    public record Registry(List<Path> extraCatalog, UnknownImages unknownImages) {
        public Registry {
            extraCatalog = extraCatalog == null ? List.of() : List.copyOf(extraCatalog);
            unknownImages = unknownImages == null ? UnknownImages.ALL_PLATFORMS : unknownImages;
            for (Path p : extraCatalog) {
                if (!Files.isReadable(p)) {
                    throw new IllegalArgumentException("kubesim.agent.registry.extra-catalog: cannot read " + p);
                }
            }
        }
    }

    public AgentProperties {
        os = os == null ? "linux" : os;
        if (!NodeTemplate.OPERATING_SYSTEMS.contains(os)) {
            throw new IllegalArgumentException("kubesim.agent.os must be one of " + NodeTemplate.OPERATING_SYSTEMS
                    + ", was " + os);
        }
        if (architecture == null || !NodeTemplate.ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException("kubesim.agent.architecture must be one of "
                    + NodeTemplate.ARCHITECTURES + ", was " + architecture);
        }
        leaseRenewInterval = leaseRenewInterval == null ? Duration.ofSeconds(10) : leaseRenewInterval;
        if (leaseRenewInterval.isNegative() || leaseRenewInterval.isZero()) {
            throw new IllegalArgumentException("kubesim.agent.lease-renew-interval must be positive");
        }
        leaseDurationSeconds = leaseDurationSeconds == null ? 40 : leaseDurationSeconds;
        if (leaseDurationSeconds <= 0) {
            throw new IllegalArgumentException("kubesim.agent.lease-duration-seconds must be positive");
        }
        nodeStatusReportFrequency = nodeStatusReportFrequency == null ? Duration.ofMinutes(5)
                : nodeStatusReportFrequency;
        if (nodeStatusReportFrequency.compareTo(leaseRenewInterval) < 0) {
            throw new IllegalArgumentException(
                    "kubesim.agent.node-status-report-frequency must not be shorter than the lease renew interval");
        }
        nodeEvents = nodeEvents == null ? Boolean.TRUE : nodeEvents;
        advertiseHost = advertiseHost == null || advertiseHost.isBlank() ? "127.0.0.1" : advertiseHost;
        registry = registry == null ? new Registry(null, null) : registry;
        if (nodesFile != null && !Files.isReadable(nodesFile)) {
            throw new IllegalArgumentException("kubesim.agent.nodes-file: cannot read " + nodesFile);
        }
    }

    /** The node templates of the nodes file, checked against this agent's os and architecture. */
    public List<NodeTemplate> templates() {
        if (nodesFile == null) {
            return List.of();
        }
        ClusterSpec spec;
        try {
            spec = KubeJson.read(Files.readString(nodesFile), ClusterSpec.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("kubesim.agent.nodes-file " + nodesFile + ": " + e.getMessage(), e);
        }
        List<NodeTemplate> out = new ArrayList<>();
        for (NodeTemplate t : spec.nodes()) {
            if (!t.os().equals(os) || !t.architecture().equals(architecture)) {
                throw new IllegalArgumentException("kubesim.agent.nodes-file " + nodesFile + ": node " + t.name()
                        + " is " + t.os() + "/" + t.architecture() + " but this agent simulates " + os + "/"
                        + architecture);
            }
            out.add(t);
        }
        return out;
    }
}
