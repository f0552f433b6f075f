package io.kubesim.agent.node;

/** Lets tests of other packages mark a node registered, as {@link NodeRegistrar} does. */
public final class NodeTesting {

    private NodeTesting() {
    }

    public static void registered(NodeDirectory directory, SimulatedNode node, String uid) {
        node.registered(uid);
        directory.ready(node);
    }
}
