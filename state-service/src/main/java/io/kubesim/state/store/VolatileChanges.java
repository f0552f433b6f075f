package io.kubesim.state.store;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;

/**
 * Which changes are volatile: Lease renewals and Node status updates that change nothing but heartbeat times
 * (500/s at 5,000 nodes). They are logged and published like every change, but marked, and the compactor deletes
 * such a row once a newer row of the same key exists and the row is older than the retention window — the first row
 * of every key is never deleted, so what a node did (registered, became NotReady, was tainted) stays in the
 * history; only the heartbeats in between go.
 */
final class VolatileChanges {

    private VolatileChanges() {
    }

    static boolean isVolatile(ResourceType type, ObjectNode before, ObjectNode after) {
        if (type == Resources.LEASES) {
            return true;
        }
        if (type == Resources.NODES) {
            return withoutHeartbeats(before).equals(withoutHeartbeats(after));
        }
        return false;
    }

    private static JsonNode withoutHeartbeats(ObjectNode node) {
        ObjectNode copy = node.deepCopy();
        ((ObjectNode) copy.withObjectProperty("metadata")).remove("resourceVersion");
        JsonNode conditions = copy.path("status").path("conditions");
        if (conditions.isArray()) {
            for (JsonNode c : conditions) {
                if (c instanceof ObjectNode o) {
                    o.remove("lastHeartbeatTime");
                }
            }
        }
        return copy;
    }
}
