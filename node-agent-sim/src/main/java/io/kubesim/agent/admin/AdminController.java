package io.kubesim.agent.admin;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.kubesim.agent.node.NodeControl;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;
import io.kubesim.model.status.Statuses;

/**
 * Failure injection and inspection of this agent's nodes:
 * <pre>
 * GET  /kubesim/v1/nodes                          this agent's nodes and their state
 * GET  /kubesim/v1/nodes/{name}
 * POST /kubesim/v1/nodes/{name}/stop-heartbeats   no Lease renewals, no node status (pods keep syncing)
 * POST /kubesim/v1/nodes/{name}/partition         cut off from the API: no heartbeats, no status writes, no new
 *                                                 pod specs; pods keep running locally
 * POST /kubesim/v1/nodes/{name}/resume            heartbeats again at once; held statuses are written
 * </pre>
 * A stopped or partitioned node's Lease expires; the node lifecycle controller then marks it NotReady (Unknown)
 * after its grace period (50 s in 1.32) and taints it.
 */
@RestController
class AdminController {

    private final NodeControl nodes;

    AdminController(NodeControl nodes) {
        this.nodes = nodes;
    }

    @GetMapping(path = "/kubesim/v1/nodes", produces = MediaType.APPLICATION_JSON_VALUE)
    String list() {
        List<NodeControl.NodeView> all = nodes.list();
        return KubeJson.write(java.util.Map.of("items", all));
    }

    @GetMapping(path = "/kubesim/v1/nodes/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> get(@PathVariable String name) {
        return answer(name, nodes::get);
    }

    @PostMapping(path = "/kubesim/v1/nodes/{name}/stop-heartbeats", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> stopHeartbeats(@PathVariable String name) {
        return answer(name, nodes::stopHeartbeats);
    }

    @PostMapping(path = "/kubesim/v1/nodes/{name}/partition", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> partition(@PathVariable String name) {
        return answer(name, nodes::partition);
    }

    @PostMapping(path = "/kubesim/v1/nodes/{name}/resume", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> resume(@PathVariable String name) {
        return answer(name, nodes::resume);
    }

    private static ResponseEntity<String> answer(String name,
            Function<String, Optional<NodeControl.NodeView>> action) {
        return action.apply(name)
                .map(v -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(KubeJson.write(v)))
                .orElseGet(() -> ResponseEntity.status(404).contentType(MediaType.APPLICATION_JSON)
                        .body(KubeJson.write(Statuses.notFound(Resources.NODES, name))));
    }
}
