package io.kubesim.infra.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.kubesim.infra.Infra;
import io.kubesim.model.cluster.ClusterSpec;
import io.kubesim.model.json.KubeJson;

/**
 * Everything that defines one local cluster; saved as {@code <home>/cluster.json} by the first {@code up}, so that
 * later commands (status, restart, down) find the same ports, clock and shape.
 *
 * @param home          the cluster's folder (default {@code .kubesim})
 * @param ports         its ports
 * @param spec          its nodes
 * @param extraAgents   agent groups to run even without nodes, so nodes created through the API are adopted
 * @param clockOrigin   epoch milliseconds at which virtual and wall time agree (shared by every process)
 * @param clockSpeed    virtual seconds per wall-clock second
 * @param topicPrefix   Kafka topic prefix (empty for a normal cluster)
 * @param tls           serve HTTPS with bearer tokens (false: plain HTTP on loopback, unauthenticated = admin)
 * @param externalInfra use an already running broker and database instead of starting Kafka and PostgreSQL
 * @param brokerLibs    the Kafka broker's jars (when Kafka is started here)
 */
public record ClusterConfig(Path home, Ports ports, ClusterSpec spec, List<String> extraAgents, long clockOrigin,
        double clockSpeed, String topicPrefix, boolean tls, ExternalInfra externalInfra, Path brokerLibs) {

    /** A broker and a database that someone else runs (the test build's shared ones). */
    public record ExternalInfra(String bootstrapServers, String jdbcUrl, String user, String password) {
    }

    public static final List<String> DEFAULT_AGENTS = List.of("amd64", "arm64", "ppc64le");

    public ClusterConfig {
        home = home.toAbsolutePath().normalize();
        extraAgents = extraAgents == null ? List.of() : List.copyOf(extraAgents);
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        if (!(clockSpeed > 0)) {
            throw new IllegalArgumentException("clock speed must be positive");
        }
    }

    /** One agent per agent group of the spec, plus the extra ones. */
    public List<String> agentGroups() {
        Set<String> groups = new LinkedHashSet<>(spec.byAgent().keySet());
        groups.addAll(extraAgents);
        return List.copyOf(groups);
    }

    public Infra infra() {
        return new Infra(home, ports.kafka(), ports.kafkaController(), ports.postgres(), brokerLibs);
    }

    public String bootstrapServers() {
        return externalInfra != null ? externalInfra.bootstrapServers() : infra().bootstrapServers();
    }

    public String jdbcUrl() {
        return externalInfra != null ? externalInfra.jdbcUrl() : infra().jdbcUrl();
    }

    public String jdbcUser() {
        return externalInfra != null ? externalInfra.user() : "postgres";
    }

    public String jdbcPassword() {
        return externalInfra != null && externalInfra.password() != null ? externalInfra.password() : "";
    }

    public static Path file(Path home) {
        return home.resolve("cluster.json");
    }

    public void save() {
        try {
            Files.createDirectories(home);
            Files.writeString(file(home), KubeJson.json().writerWithDefaultPrettyPrinter().writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ClusterConfig load(Path home) {
        try {
            return KubeJson.read(Files.readString(file(home)), ClusterConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException("no cluster in " + home + " (" + e.getMessage() + ")", e);
        }
    }

    public static boolean exists(Path home) {
        return Files.exists(file(home));
    }
}
