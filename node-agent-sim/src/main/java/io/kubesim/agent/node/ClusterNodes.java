package io.kubesim.agent.node;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.cluster.ClusterSpec;
import io.kubesim.model.cluster.NodeTemplate;

/**
 * The Node objects a cluster file's agents would register, without starting an agent: the same labels, taints,
 * capacity, allocatable, addresses and pod CIDRs as {@link NodeRegistrar} writes (for tools that need the cluster's
 * shape offline, such as the scheduler's replay what-if). The agent-endpoint annotation is left out: no agent serves
 * these nodes.
 */
public final class ClusterNodes {

    private ClusterNodes() {
    }

    /** The registered Node of every node of {@code spec}, agent group by agent group, in the file's order. */
    public static List<ObjectNode> registered(ClusterSpec spec, Instant now) {
        List<ObjectNode> out = new ArrayList<>();
        for (Map.Entry<String, List<NodeTemplate>> group : spec.byAgent().entrySet()) {
            NodeTemplate first = group.getValue().getFirst();
            NodeFactory factory = new NodeFactory(first.os(), first.architecture());
            for (SimulatedNode node : factory.fromTemplates(group.getValue())) {
                ObjectNode n = NodeObjects.newNode(node, "", now);
                ((ObjectNode) n.path("metadata").path("annotations")).remove(NodeObjects.AGENT_ENDPOINT);
                out.add(n);
            }
        }
        return out;
    }
}
