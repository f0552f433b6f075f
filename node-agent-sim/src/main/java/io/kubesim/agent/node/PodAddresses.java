package io.kubesim.agent.node;

import java.util.BitSet;

/**
 * The pod IPs of one node's /24, handed out like the host-local IPAM plugin does: the next free address after the
 * last one given, .2 to .254 (.1 is the bridge), released when the pod's sandbox goes away.
 */
public final class PodAddresses {

    private static final int FIRST = 2;
    private static final int LAST = 254;

    private final String prefix;
    private final BitSet used = new BitSet(256);
    private int last = FIRST - 1;

    /** @param cidr {@code a.b.c.0/24} */
    public PodAddresses(String cidr) {
        if (cidr == null || !cidr.endsWith(".0/24")) {
            throw new IllegalArgumentException("pod CIDR must be a /24, was " + cidr);
        }
        this.prefix = cidr.substring(0, cidr.length() - "0/24".length());
    }

    /** A free address; when all are taken the range is exhausted and null is returned. */
    public String allocate() {
        for (int k = 0; k <= LAST - FIRST; k++) {
            int candidate = FIRST + (last - FIRST + 1 + k) % (LAST - FIRST + 1);
            if (!used.get(candidate)) {
                used.set(candidate);
                last = candidate;
                return prefix + candidate;
            }
        }
        return null;
    }

    /** Marks {@code ip} as taken (a pod that already had it). */
    public void reserve(String ip) {
        int host = host(ip);
        if (host >= 0) {
            used.set(host);
        }
    }

    public void release(String ip) {
        int host = host(ip);
        if (host >= 0) {
            used.clear(host);
        }
    }

    private int host(String ip) {
        if (ip == null || !ip.startsWith(prefix)) {
            return -1;
        }
        try {
            int h = Integer.parseInt(ip.substring(prefix.length()));
            return h >= FIRST && h <= LAST ? h : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
