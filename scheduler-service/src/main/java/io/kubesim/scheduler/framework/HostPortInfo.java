package io.kubesim.scheduler.framework;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Host ports in use on a node, by host IP (pkg/scheduler/framework/types.go {@code HostPortInfo}, Kubernetes 1.32).
 * An empty IP means 0.0.0.0, an empty protocol TCP; 0.0.0.0 conflicts with every IP.
 */
public final class HostPortInfo {

    static final String BIND_ALL = "0.0.0.0";

    /** One host port of a container. */
    public record HostPort(String hostIp, String protocol, int port) {
    }

    private record ProtocolPort(String protocol, int port) {
    }

    private final Map<String, Set<ProtocolPort>> byIp = new HashMap<>();

    /** The ports of these container ports in use. */
    public static HostPortInfo of(List<HostPort> ports) {
        HostPortInfo info = new HostPortInfo();
        ports.forEach(info::add);
        return info;
    }

    HostPortInfo copy() {
        HostPortInfo c = new HostPortInfo();
        byIp.forEach((ip, ports) -> c.byIp.put(ip, new HashSet<>(ports)));
        return c;
    }

    public boolean isEmpty() {
        return byIp.isEmpty();
    }

    void add(HostPort p) {
        if (p.port() <= 0) {
            return;
        }
        byIp.computeIfAbsent(ip(p), k -> new HashSet<>()).add(new ProtocolPort(protocol(p), p.port()));
    }

    void remove(HostPort p) {
        if (p.port() <= 0) {
            return;
        }
        String ip = ip(p);
        Set<ProtocolPort> ports = byIp.get(ip);
        if (ports != null) {
            ports.remove(new ProtocolPort(protocol(p), p.port()));
            if (ports.isEmpty()) {
                byIp.remove(ip);
            }
        }
    }

    /** Whether {@code p} conflicts with a port in use. */
    public boolean conflicts(HostPort p) {
        if (p.port() <= 0) {
            return false;
        }
        String ip = ip(p);
        ProtocolPort pp = new ProtocolPort(protocol(p), p.port());
        if (BIND_ALL.equals(ip)) {
            for (Set<ProtocolPort> ports : byIp.values()) {
                if (ports.contains(pp)) {
                    return true;
                }
            }
            return false;
        }
        Set<ProtocolPort> all = byIp.get(BIND_ALL);
        if (all != null && all.contains(pp)) {
            return true;
        }
        Set<ProtocolPort> same = byIp.get(ip);
        return same != null && same.contains(pp);
    }

    private static String ip(HostPort p) {
        return p.hostIp() == null || p.hostIp().isEmpty() ? BIND_ALL : p.hostIp();
    }

    private static String protocol(HostPort p) {
        return p.protocol() == null || p.protocol().isEmpty() ? "TCP" : p.protocol();
    }
}
