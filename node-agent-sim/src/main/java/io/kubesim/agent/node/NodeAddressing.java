package io.kubesim.agent.node;

import io.kubesim.model.cluster.NodeTemplate;

/**
 * Addresses of simulated nodes, unique across every agent of a cluster without talking to each other: each agent
 * group (os/architecture) owns a block, and node number {@code i} of the group gets
 * <ul>
 *   <li>InternalIP {@code 172.(16 + group).0.0 + i + 2} (172.16.0.2, 172.16.0.3, ... for linux/amd64), and</li>
 *   <li>pod CIDR {@code 10.(32 x group + i / 256).(i % 256).0/24} (10.0.0.0/24, 10.0.1.0/24, ... for linux/amd64;
 *       10.32.0.0/24 ... for linux/arm64), pod IPs .2 to .254 of it.</li>
 * </ul>
 * Groups: linux amd64 0, arm64 1, ppc64le 2, s390x 3; windows amd64 4, arm64 5, ppc64le 6, s390x 7. A group holds
 * up to {@link #MAX_NODES} nodes. Upstream the pod CIDRs come from kube-controller-manager's node IPAM; here the agent
 * assigns them when it registers a node, and keeps what a Node already has.
 */
final class NodeAddressing {

    static final int MAX_NODES = 8192;

    private NodeAddressing() {
    }

    static int group(String os, String architecture) {
        int arch = NodeTemplate.ARCHITECTURES.indexOf(architecture);
        if (arch < 0) {
            throw new IllegalArgumentException("unknown architecture " + architecture);
        }
        return ("windows".equals(os) ? 4 : 0) + arch;
    }

    static String internalIp(int group, int index) {
        check(index);
        int host = index + 2;
        return "172." + (16 + group) + "." + (host >> 8) + "." + (host & 0xff);
    }

    static String podCidr(int group, int index) {
        check(index);
        return "10." + (32 * group + index / 256) + "." + (index % 256) + ".0/24";
    }

    /** The node number of {@code cidr} in {@code group}, or -1 if the CIDR is not one of the group's. */
    static int indexOfCidr(int group, String cidr) {
        if (cidr == null || !cidr.endsWith(".0/24") || !cidr.startsWith("10.")) {
            return -1;
        }
        String[] o = cidr.substring(0, cidr.length() - 3).split("\\.");
        if (o.length != 4) {
            return -1;
        }
        try {
            int second = Integer.parseInt(o[1]);
            int third = Integer.parseInt(o[2]);
            if (second / 32 != group) {
                return -1;
            }
            return (second - 32 * group) * 256 + third;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void check(int index) {
        if (index < 0 || index >= MAX_NODES) {
            throw new IllegalArgumentException("an agent group holds at most " + MAX_NODES + " nodes");
        }
    }
}
