package io.kubesim.gateway.printers;

import static io.kubesim.gateway.printers.Tree.at;
import static io.kubesim.gateway.printers.Tree.flag;
import static io.kubesim.gateway.printers.Tree.intOrString;
import static io.kubesim.gateway.printers.Tree.items;
import static io.kubesim.gateway.printers.Tree.number;
import static io.kubesim.gateway.printers.Tree.present;
import static io.kubesim.gateway.printers.Tree.size;
import static io.kubesim.gateway.printers.Tree.stringMap;
import static io.kubesim.gateway.printers.Tree.text;
import static io.kubesim.gateway.printers.Tree.time;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/**
 * Namespaces, events, services, config maps, secrets, service accounts, leases, pod disruption budgets and priority
 * classes, as their print functions in pkg/printers/internalversion/printers.go of Kubernetes 1.32.
 *
 * <p>Fields kube-apiserver defaults on write (Service {@code type} and port {@code protocol}, Secret {@code type}) read
 * as their defaults when absent.
 */
final class CorePrinters {

    static final ResourcePrinter NAMESPACES = new TablePrinterSpec(List.of(
            Column.NAME,
            Column.string("Status", "The status of the namespace"),
            Column.AGE),
            (namespace, now) -> Row.of(name(namespace), text(namespace, "status", "phase"), age(namespace, now)));

    /** All ten columns: kube-apiserver prints wide rows and kubectl hides the priority 1 ones. */
    static final ResourcePrinter EVENTS = new TablePrinterSpec(List.of(
            Column.string("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
            Column.string("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
            Column.string("Reason", "This should be a short, machine understandable string that gives the reason for "
                    + "the transition into the object's current status."),
            Column.string("Object", "The object that this event is about."),
            Column.wide("Subobject", "If referring to a piece of an object instead of an entire object, this string "
                    + "should contain a valid JSON/Go field access statement, such as "
                    + "desiredState.manifest.containers[2]. "
                    + "For example, if the object reference is to a container within a pod, this would take on a value "
                    + "like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that "
                    + "triggered "
                    + "the event) or if no container name is specified \"spec.containers[2]\" (container with index "
                    + "2 in "
                    + "this pod). This syntax is chosen only to have some well-defined way of referencing a part of an "
                    + "object."),
            Column.wide("Source", "The component reporting this event. Should be a short machine understandable "
                    + "string."),
            Column.string("Message", "A human-readable description of the status of this operation."),
            Column.wide("First Seen", "The time at which the event was first recorded. (Time of server receipt is in "
                    + "TypeMeta.)"),
            Column.wide("Count", "The number of times this event has occurred."),
            new Column("Name", "string", "name", Column.NAME_DESCRIPTION, 1)),
            CorePrinters::eventRow);

    static final ResourcePrinter SERVICES = new TablePrinterSpec(List.of(
            Column.NAME,
            Column.string("Type", "type determines how the Service is exposed. Defaults to ClusterIP. Valid options "
                    + "are ExternalName, ClusterIP, NodePort, and LoadBalancer. More info: https://kubernetes.io/docs/"
                    + "concepts/services-networking/service/#publishing-services-service-types"),
            Column.string("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly. "
                    + "More info: https://kubernetes.io/docs/concepts/services-networking/service/"
                    + "#virtual-ips-and-service-proxies"),
            Column.string("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will "
                    + "also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is "
                    + "responsible for ensuring that traffic arrives at a node with this IP.  A common example is "
                    + "external load-balancers that are not part of the Kubernetes system."),
            Column.string("Port(s)", "The list of ports that are exposed by this service. More info: "
                    + "https://kubernetes.io/docs/concepts/services-networking/service/"
                    + "#virtual-ips-and-service-proxies"),
            Column.AGE,
            Column.wide("Selector", "Route service traffic to pods with label keys and values matching this selector. "
                    + "If empty or not present, the service is assumed to have an external process managing its "
                    + "endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and "
                    + "LoadBalancer. Ignored if type is ExternalName. More info: "
                    + "https://kubernetes.io/docs/concepts/services-networking/service/")),
            (service, now) -> Row.of(
                    name(service),
                    serviceType(service),
                    clusterIp(service),
                    externalIp(service),
                    ports(service),
                    age(service, now),
                    Selectors.formatLabels(stringMap(service, "spec", "selector"))));

    static final ResourcePrinter CONFIG_MAPS = new TablePrinterSpec(List.of(
            Column.NAME,
            Column.string("Data", "Data contains the configuration data. Each key must consist of alphanumeric "
                    + "characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData "
                    + "field. "
                    + "The keys stored in Data must not overlap with the keys in the BinaryData field, this is "
                    + "enforced "
                    + "during validation process."),
            Column.AGE),
            (configMap, now) -> Row.of(name(configMap),
                    (long) size(configMap, "data") + size(configMap, "binaryData"), age(configMap, now)));

    static final ResourcePrinter SECRETS = new TablePrinterSpec(List.of(
            Column.NAME,
            Column.string("Type", "Used to facilitate programmatic handling of secret data. More info: "
                    + "https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
            Column.string("Data", "Data contains the secret data. Each key must consist of alphanumeric characters, "
                    + "'-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, "
                    + "representing "
                    + "the arbitrary (possibly non-string) data value here. Described in "
                    + "https://tools.ietf.org/html/rfc4648#section-4"),
            Column.AGE),
            (secret, now) -> Row.of(name(secret), orDefault(text(secret, "type"), "Opaque"),
                    (long) secretKeys(secret), age(secret, now)));

    static final ResourcePrinter SERVICE_ACCOUNTS = new TablePrinterSpec(List.of(
            Column.NAME,
            Column.string("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using "
                    + "this ServiceAccount are allowed to use. More info: "
                    + "https://kubernetes.io/docs/concepts/configuration/secret"),
            Column.AGE),
            (account, now) -> Row.of(name(account), (long) items(account, "secrets").size(), age(account, now)));

    static final ResourcePrinter LEASES = new TablePrinterSpec(List.of(
            Column.NAME,
            Column.string("Holder", "holderIdentity contains the identity of the holder of a current lease. If "
                    + "Coordinated Leader Election is used, the holder identity must be equal to the elected "
                    + "LeaseCandidate.metadata.name field."),
            Column.AGE),
            (lease, now) -> Row.of(name(lease), text(lease, "spec", "holderIdentity"), age(lease, now)));

    static final ResourcePrinter POD_DISRUPTION_BUDGETS = new TablePrinterSpec(List.of(
            Column.NAME,
            Column.string("Min Available", "The minimum number of pods that must be available."),
            Column.string("Max Unavailable", "The maximum number of pods that may be unavailable."),
            Column.integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
            Column.AGE),
            (budget, now) -> Row.of(
                    name(budget),
                    orDefault(intOrString(budget, "spec", "minAvailable"), "N/A"),
                    orDefault(intOrString(budget, "spec", "maxUnavailable"), "N/A"),
                    number(budget, "status", "disruptionsAllowed"),
                    age(budget, now)));

    static final ResourcePrinter PRIORITY_CLASSES = new TablePrinterSpec(List.of(
            Column.NAME,
            Column.integer("Value", "value represents the integer value of this priority class. This is the actual "
                    + "priority that pods receive when they have the name of this class in their pod spec."),
            Column.bool("Global-Default", "globalDefault specifies whether this PriorityClass should be considered as "
                    + "the default priority for pods that do not have any priority class. Only one PriorityClass "
                    + "can be "
                    + "marked as `globalDefault`. However, if more than one PriorityClasses exists with their "
                    + "`globalDefault` field set to true, the smallest value of such global default PriorityClasses "
                    + "will "
                    + "be used as the default priority."),
            Column.AGE,
            Column.wide("PreemptionPolicy", "preemptionPolicy is the Policy for preempting pods with lower priority. "
                    + "One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.")),
            (priorityClass, now) -> Row.of(
                    name(priorityClass),
                    number(priorityClass, "value"),
                    flag(priorityClass, "globalDefault"),
                    age(priorityClass, now),
                    orDefault(text(priorityClass, "preemptionPolicy"), "<none>")));

    private CorePrinters() {
    }

    private static Row eventRow(JsonNode event, Instant now) {
        Instant firstTime = time(event, "firstTimestamp");
        String firstSeen = HumanDuration.since(firstTime != null ? firstTime : time(event, "eventTime"), now);
        Instant lastTime = time(event, "lastTimestamp");
        String lastSeen = lastTime != null ? HumanDuration.since(lastTime, now) : firstSeen;
        long count = number(event, "count");
        if (present(event, "series")) {
            lastSeen = HumanDuration.since(time(event, "series", "lastObservedTime"), now);
            count = number(event, "series", "count");
        } else if (count == 0) {
            count = 1;
        }
        JsonNode involved = event.path("involvedObject");
        String kind = text(involved, "kind").toLowerCase(Locale.ROOT);
        String target = text(involved, "name").isEmpty() ? kind : kind + "/" + text(involved, "name");
        return Row.of(
                lastSeen,
                text(event, "type"),
                text(event, "reason"),
                target,
                text(involved, "fieldPath"),
                eventSource(event),
                text(event, "message").strip(),
                firstSeen,
                count,
                name(event));
    }

    /** {@code component, host} from {@code source}, falling back to the reporting controller and instance. */
    private static String eventSource(JsonNode event) {
        String component = orDefault(text(event, "source", "component"), text(event, "reportingComponent"));
        String instance = orDefault(text(event, "source", "host"), text(event, "reportingInstance"));
        if (instance.isEmpty()) {
            return component;
        }
        return component + ", " + instance;
    }

    private static String serviceType(JsonNode service) {
        return orDefault(text(service, "spec", "type"), "ClusterIP");
    }

    private static String clusterIp(JsonNode service) {
        String clusterIp = text(service, "spec", "clusterIP");
        if (!clusterIp.isEmpty()) {
            return clusterIp;
        }
        List<JsonNode> clusterIps = items(service, "spec", "clusterIPs");
        return clusterIps.isEmpty() ? "<none>" : orDefault(clusterIps.getFirst().isString()
                ? clusterIps.getFirst().stringValue() : "", "<none>");
    }

    private static String externalIp(JsonNode service) {
        List<String> externalIps = items(service, "spec", "externalIPs").stream()
                .map(ip -> ip.isString() ? ip.stringValue() : "").toList();
        return switch (serviceType(service)) {
            case "ClusterIP", "NodePort" -> externalIps.isEmpty() ? "<none>" : String.join(",", externalIps);
            case "LoadBalancer" -> {
                List<String> addresses = new ArrayList<>(loadBalancerAddresses(service));
                addresses.addAll(externalIps);
                yield addresses.isEmpty() ? "<pending>" : String.join(",", addresses);
            }
            case "ExternalName" -> text(service, "spec", "externalName");
            default -> "<unknown>";
        };
    }

    /** The sorted, distinct IPs (or host names) of the load balancer's ingress points. */
    private static Set<String> loadBalancerAddresses(JsonNode service) {
        Set<String> addresses = new TreeSet<>();
        for (JsonNode ingress : items(at(service, "status", "loadBalancer"), "ingress")) {
            String address = orDefault(text(ingress, "ip"), text(ingress, "hostname"));
            if (!address.isEmpty()) {
                addresses.add(address);
            }
        }
        return addresses;
    }

    private static String ports(JsonNode service) {
        String ports = items(service, "spec", "ports").stream().map(port -> {
            String protocol = orDefault(text(port, "protocol"), "TCP");
            long nodePort = number(port, "nodePort");
            return nodePort > 0
                    ? number(port, "port") + ":" + nodePort + "/" + protocol
                    : number(port, "port") + "/" + protocol;
        }).collect(Collectors.joining(","));
        return orDefault(ports, "<none>");
    }

    /** The keys of {@code data} and of the write-only {@code stringData} that is merged into it. */
    private static int secretKeys(JsonNode secret) {
        Set<String> keys = new TreeSet<>(stringMap(secret, "data").keySet());
        keys.addAll(stringMap(secret, "stringData").keySet());
        return keys.size();
    }

    private static String name(JsonNode object) {
        return text(object, "metadata", "name");
    }

    private static String age(JsonNode object, Instant now) {
        return HumanDuration.since(time(object, "metadata", "creationTimestamp"), now);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
