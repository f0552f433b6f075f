package io.kubesim.e2e;

import java.util.Set;

/** Seed 002's machines (m-k8s, w1-k8s, w2-k8s, w3-k8s), created once through the API and adopted by the agent. */
final class Seed002Nodes {

    static final Set<String> ALL = Set.of("m-k8s", "w1-k8s", "w2-k8s", "w3-k8s");
    private static boolean created;

    private Seed002Nodes() {
    }

    static synchronized void ensure(Scenario s) {
        if (!created) {
            s.k("apply", "-f", Scenario.example("002-scheduling/nodes.yaml").toString()).assertOk();
            created = true;
        }
        s.awaitNodesReady(ALL);
    }
}
