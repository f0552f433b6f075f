package io.kubesim.state.log;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.command.Actors;
import io.kubesim.model.command.CommandEnvelope;
import io.kubesim.model.command.CreateObject;
import io.kubesim.model.command.WriteOptions;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;

/**
 * The objects every cluster has from the start, written by state-service into an empty log as ordinary commands
 * with fixed ids (so they are applied once): the namespaces default, kube-system, kube-public and kube-node-lease,
 * and the two system PriorityClasses kube-apiserver creates (pkg/registry/scheduling/rest/storage_scheduling.go).
 */
final class Bootstrap {

    private Bootstrap() {
    }

    static List<CommandEnvelope> commands() {
        List<CommandEnvelope> out = new ArrayList<>();
        for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            ObjectNode o = KubeJson.json().createObjectNode();
            o.put("apiVersion", "v1");
            o.put("kind", "Namespace");
            o.putObject("metadata").put("name", ns).putObject("labels").put("kubernetes.io/metadata.name", ns);
            out.add(envelope("namespace-" + ns, new CreateObject(Resources.NAMESPACES.ref(null, ns), o,
                    WriteOptions.DEFAULT)));
        }
        out.add(priorityClass("system-node-critical", 2000001000,
                "Used for system critical pods that must not be moved from their current node."));
        out.add(priorityClass("system-cluster-critical", 2000000000,
                "Used for system critical pods that must run in the cluster, but can be moved to another node "
                        + "if necessary."));
        return out;
    }

    private static CommandEnvelope priorityClass(String name, int value, String description) {
        ObjectNode o = KubeJson.json().createObjectNode();
        o.put("apiVersion", "scheduling.k8s.io/v1");
        o.put("kind", "PriorityClass");
        o.putObject("metadata").put("name", name);
        o.put("value", value);
        o.put("description", description);
        o.put("preemptionPolicy", "PreemptLowerPriority");
        return envelope("priorityclass-" + name, new CreateObject(Resources.PRIORITY_CLASSES.ref(null, name), o,
                WriteOptions.DEFAULT));
    }

    private static CommandEnvelope envelope(String id, io.kubesim.model.command.Command c) {
        return new CommandEnvelope(LogRepository.BOOTSTRAP_COMMAND_PREFIX + id, Actors.STATE_SERVICE, Instant.EPOCH, c);
    }
}
