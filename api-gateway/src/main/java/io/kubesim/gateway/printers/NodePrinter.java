package io.kubesim.gateway.printers;

import static io.kubesim.gateway.printers.Tree.flag;
import static io.kubesim.gateway.printers.Tree.items;
import static io.kubesim.gateway.printers.Tree.stringMap;
import static io.kubesim.gateway.printers.Tree.text;
import static io.kubesim.gateway.printers.Tree.time;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

/**
 * The node table: NAME, STATUS, ROLES, AGE, VERSION and, with {@code -o wide}, INTERNAL-IP, EXTERNAL-IP, OS-IMAGE,
 * KERNEL-VERSION, CONTAINER-RUNTIME.
 *
 * <p>Follows {@code printNode} of pkg/printers/internalversion/printers.go in Kubernetes 1.32: STATUS is {@code Ready}
 * when the Ready condition is True, {@code NotReady} when it is False or Unknown, {@code Unknown} when the node has no
 * Ready condition, with {@code ,SchedulingDisabled} appended for a cordoned node; ROLES are the sorted suffixes of
 * {@code node-role.kubernetes.io/*} labels plus the value of {@code kubernetes.io/role}, or {@code <none>}.
 */
final class NodePrinter implements ResourcePrinter {

    private static final String ROLE_LABEL_PREFIX = "node-role.kubernetes.io/";
    private static final String ROLE_LABEL = "kubernetes.io/role";
    private static final String ADDRESSES = "List of addresses reachable to the node. Queried from cloud provider, if "
            + "available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field "
            + "is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption "
            + "when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for "
            + "an example. Consumers should assume that addresses can change during the lifetime of a Node. However, "
            + "there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in "
            + "its own status or consumers of the downward API (status.hostIP).";

    private static final List<Column> COLUMNS = List.of(
            Column.NAME,
            Column.string("Status", "The status of the node"),
            Column.string("Roles", "The roles of the node"),
            Column.AGE,
            Column.string("Version", "Kubelet Version reported by the node."),
            Column.wide("Internal-IP", ADDRESSES),
            Column.wide("External-IP", ADDRESSES),
            Column.wide("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 "
                    + "(wheezy))."),
            Column.wide("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. "
                    + "3.16.0-0.bpo.4-amd64)."),
            Column.wide("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote "
                    + "API (e.g. containerd://1.4.2)."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public Row row(JsonNode node, Instant now) {
        JsonNode info = node.path("status").path("nodeInfo");
        return Row.of(
                text(node, "metadata", "name"),
                status(node),
                roles(node),
                HumanDuration.since(time(node, "metadata", "creationTimestamp"), now),
                text(info, "kubeletVersion"),
                address(node, "InternalIP"),
                address(node, "ExternalIP"),
                orUnknown(text(info, "osImage")),
                orUnknown(text(info, "kernelVersion")),
                orUnknown(text(info, "containerRuntimeVersion")));
    }

    private static String status(JsonNode node) {
        List<String> status = new ArrayList<>();
        for (JsonNode condition : items(node, "status", "conditions")) {
            if (text(condition, "type").equals("Ready")) {
                status.clear();
                status.add(text(condition, "status").equals("True") ? "Ready" : "NotReady");
            }
        }
        if (status.isEmpty()) {
            status.add("Unknown");
        }
        if (flag(node, "spec", "unschedulable")) {
            status.add("SchedulingDisabled");
        }
        return String.join(",", status);
    }

    private static String roles(JsonNode node) {
        TreeSet<String> roles = new TreeSet<>();
        for (Map.Entry<String, String> label : stringMap(node, "metadata", "labels").entrySet()) {
            String key = label.getKey();
            if (key.startsWith(ROLE_LABEL_PREFIX) && key.length() > ROLE_LABEL_PREFIX.length()) {
                roles.add(key.substring(ROLE_LABEL_PREFIX.length()));
            } else if (key.equals(ROLE_LABEL) && !label.getValue().isEmpty()) {
                roles.add(label.getValue());
            }
        }
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static String address(JsonNode node, String type) {
        for (JsonNode address : items(node, "status", "addresses")) {
            if (text(address, "type").equals(type)) {
                return text(address, "address");
            }
        }
        return "<none>";
    }

    private static String orUnknown(String value) {
        return value.isEmpty() ? "<unknown>" : value;
    }
}
