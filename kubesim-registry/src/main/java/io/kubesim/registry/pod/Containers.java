package io.kubesim.registry.pod;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.Names;
import io.kubesim.registry.meta.Tree;

/**
 * Container validation of pkg/apis/core/validation/validation.go: {@code validateContainers},
 * {@code validateInitContainers}, {@code validateContainerCommon} (name, image, termination message policy, ports,
 * env, volume mounts, pull policy, resources, security context), probes and lifecycle handlers, host-port conflicts.
 */
final class Containers {

    private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    private static final List<String> ENV_FIELD_PATHS = List.of("metadata.name", "metadata.namespace",
            "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs",
            "status.podIP", "status.podIPs");
    private static final List<String> ENV_RESOURCE_FIELDS = List.of("limits.cpu", "limits.ephemeral-storage",
            "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory");
    private static final String NOT_FOR_INIT = "may not be set for init containers without restartPolicy=Always";

    private Containers() {
    }

    /** {@code validateContainers}: at least one, names unique among them, probes, no container restartPolicy. */
    static ErrorList regular(List<ObjectNode> containers, Set<String> volumes, Path fld) {
        ErrorList errs = new ErrorList();
        if (containers.isEmpty()) {
            return errs.required(fld, "");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < containers.size(); i++) {
            ObjectNode c = containers.get(i);
            Path path = fld.index(i);
            errs.addAll(common(c, volumes, path));
            String name = Tree.str(c, "name");
            if (!names.add(name)) {
                errs.duplicate(path.child("name"), name);
            }
            errs.addAll(lifecycle(Tree.obj(c, "lifecycle"), path.child("lifecycle")));
            errs.addAll(probe(Tree.obj(c, "livenessProbe"), path.child("livenessProbe"), true, false));
            errs.addAll(probe(Tree.obj(c, "readinessProbe"), path.child("readinessProbe"), false, true));
            errs.addAll(probe(Tree.obj(c, "startupProbe"), path.child("startupProbe"), true, false));
            if (Tree.has(c, "restartPolicy")) {
                errs.forbidden(path.child("restartPolicy"), "may not be set for non-init containers");
            }
        }
        errs.addAll(hostPortConflicts(containers, fld));
        return errs;
    }

    /** {@code validateInitContainers}: names unique across init and app containers. */
    static ErrorList init(List<ObjectNode> inits, List<ObjectNode> regular, Set<String> volumes, Path fld) {
        ErrorList errs = new ErrorList();
        Set<String> names = new HashSet<>();
        regular.forEach(c -> names.add(Tree.str(c, "name")));
        for (int i = 0; i < inits.size(); i++) {
            ObjectNode c = inits.get(i);
            Path path = fld.index(i);
            errs.addAll(common(c, volumes, path));
            boolean restartAlways = false;
            if (Tree.has(c, "restartPolicy")) {
                String policy = Tree.str(c, "restartPolicy");
                if (!policy.equals("Always")) {
                    errs.notSupported(path.child("restartPolicy"), policy, List.of("Always"));
                }
                restartAlways = policy.equals("Always");
            }
            String name = Tree.str(c, "name");
            if (names.contains(name)) {
                errs.duplicate(path.child("name"), name);
            } else if (!name.isEmpty()) {
                names.add(name);
            }
            errs.addAll(hostPortConflicts(List.of(c), fld));
            if (restartAlways) {
                errs.addAll(lifecycle(Tree.obj(c, "lifecycle"), path.child("lifecycle")));
                errs.addAll(probe(Tree.obj(c, "livenessProbe"), path.child("livenessProbe"), true, false));
                errs.addAll(probe(Tree.obj(c, "readinessProbe"), path.child("readinessProbe"), false, true));
                errs.addAll(probe(Tree.obj(c, "startupProbe"), path.child("startupProbe"), true, false));
            } else {
                for (String f : List.of("lifecycle", "livenessProbe", "readinessProbe", "startupProbe")) {
                    if (Tree.has(c, f)) {
                        errs.forbidden(path.child(f), NOT_FOR_INIT);
                    }
                }
            }
        }
        return errs;
    }

    private static ErrorList common(ObjectNode c, Set<String> volumes, Path path) {
        ErrorList errs = new ErrorList();
        String name = Tree.str(c, "name");
        if (name.isEmpty()) {
            errs.required(path.child("name"), "");
        } else {
            errs.invalidEach(path.child("name"), name, Names.dns1123Label(name));
        }
        if (Tree.str(c, "image").isEmpty()) {
            errs.required(path.child("image"), "");
        }
        String tmp = Tree.str(c, "terminationMessagePolicy");
        switch (tmp) {
            case "File", "FallbackToLogsOnError" -> {
            }
            case "" -> errs.required(path.child("terminationMessagePolicy"), "");
            default -> errs.notSupported(path.child("terminationMessagePolicy"), tmp,
                    List.of("File", "FallbackToLogsOnError"));
        }
        errs.addAll(ports(Tree.objects(c, "ports"), path.child("ports")));
        errs.addAll(env(Tree.objects(c, "env"), path.child("env")));
        errs.addAll(envFrom(Tree.objects(c, "envFrom"), path.child("envFrom")));
        errs.addAll(volumeMounts(Tree.objects(c, "volumeMounts"), volumes, path.child("volumeMounts")));
        String pull = Tree.str(c, "imagePullPolicy");
        switch (pull) {
            case "Always", "IfNotPresent", "Never" -> {
            }
            case "" -> errs.required(path.child("imagePullPolicy"), "");
            default -> errs.notSupported(path.child("imagePullPolicy"), pull, PULL_POLICIES);
        }
        errs.addAll(ResourceRules.requirements(Tree.obj(c, "resources"), path.child("resources")));
        errs.addAll(securityContext(Tree.obj(c, "securityContext"), path.child("securityContext")));
        return errs;
    }

    private static ErrorList ports(List<ObjectNode> ports, Path fld) {
        ErrorList errs = new ErrorList();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ObjectNode port = ports.get(i);
            Path p = fld.index(i);
            String name = Tree.str(port, "name");
            if (!name.isEmpty()) {
                List<String> msgs = Names.portName(name);
                if (!msgs.isEmpty()) {
                    errs.invalidEach(p.child("name"), name, msgs);
                } else if (!names.add(name)) {
                    errs.duplicate(p.child("name"), name);
                }
            }
            long containerPort = Tree.lng0(port, "containerPort");
            if (containerPort == 0) {
                errs.required(p.child("containerPort"), "");
            } else {
                errs.invalidEach(p.child("containerPort"), containerPort, Names.portNumber(containerPort));
            }
            long hostPort = Tree.lng0(port, "hostPort");
            if (hostPort != 0) {
                errs.invalidEach(p.child("hostPort"), hostPort, Names.portNumber(hostPort));
            }
            String protocol = Tree.str(port, "protocol");
            if (protocol.isEmpty()) {
                errs.required(p.child("protocol"), "");
            } else if (!PROTOCOLS.contains(protocol)) {
                errs.notSupported(p.child("protocol"), protocol, PROTOCOLS);
            }
        }
        return errs;
    }

    /** {@code AccumulateUniqueHostPorts}: protocol/hostIP/hostPort must be unique across the containers. */
    private static ErrorList hostPortConflicts(List<ObjectNode> containers, Path fld) {
        ErrorList errs = new ErrorList();
        Set<String> seen = new HashSet<>();
        for (int ci = 0; ci < containers.size(); ci++) {
            List<ObjectNode> ports = Tree.objects(containers.get(ci), "ports");
            for (int pi = 0; pi < ports.size(); pi++) {
                ObjectNode port = ports.get(pi);
                long hostPort = Tree.lng0(port, "hostPort");
                if (hostPort == 0) {
                    continue;
                }
                String key = Tree.str(port, "protocol") + "/" + Tree.str(port, "hostIP") + "/" + hostPort;
                if (!seen.add(key)) {
                    errs.duplicate(fld.index(ci).child("ports").index(pi).child("hostPort"), key);
                }
            }
        }
        return errs;
    }

    private static ErrorList env(List<ObjectNode> vars, Path fld) {
        ErrorList errs = new ErrorList();
        for (int i = 0; i < vars.size(); i++) {
            ObjectNode ev = vars.get(i);
            Path p = fld.index(i);
            String name = Tree.str(ev, "name");
            if (name.isEmpty()) {
                errs.required(p.child("name"), "");
            } else {
                errs.invalidEach(p.child("name"), name, Names.envVarName(name));
            }
            ObjectNode from = Tree.obj(ev, "valueFrom");
            if (from == null) {
                continue;
            }
            Path fp = p.child("valueFrom");
            int sources = 0;
            ObjectNode fieldRef = Tree.obj(from, "fieldRef");
            if (fieldRef != null) {
                sources++;
                errs.addAll(fieldRef(fieldRef, fp.child("fieldRef")));
            }
            ObjectNode resourceRef = Tree.obj(from, "resourceFieldRef");
            if (resourceRef != null) {
                sources++;
                String resource = Tree.str(resourceRef, "resource");
                if (resource.isEmpty()) {
                    errs.required(fp.child("resourceFieldRef").child("resource"), "");
                } else if (!ENV_RESOURCE_FIELDS.contains(resource) && !resource.startsWith("requests.hugepages-")
                        && !resource.startsWith("limits.hugepages-")) {
                    errs.notSupported(fp.child("resourceFieldRef").child("resource"), resource, ENV_RESOURCE_FIELDS);
                }
            }
            for (String ref : List.of("configMapKeyRef", "secretKeyRef")) {
                ObjectNode r = Tree.obj(from, ref);
                if (r != null) {
                    sources++;
                    errs.addAll(keySelector(r, fp.child(ref)));
                }
            }
            if (sources == 0) {
                errs.invalid(fp, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or "
                        + "`secretKeyRef`");
            } else if (!Tree.str(ev, "value").isEmpty()) {
                errs.invalid(fp, "", "may not be specified when `value` is not empty");
            } else if (sources > 1) {
                errs.invalid(fp, "", "may not have more than one field specified at a time");
            }
        }
        return errs;
    }

    /** Field paths {@code ConvertDownwardAPIFieldLabel} (pkg/apis/core/pods/helpers.go) accepts. */
    private static final List<String> CONVERTIBLE_FIELD_PATHS = List.of("metadata.annotations", "metadata.labels",
            "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.restartPolicy",
            "spec.serviceAccountName", "spec.schedulerName", "status.phase", "status.hostIP", "status.hostIPs",
            "status.podIP", "status.podIPs", "spec.host");

    /** {@code validateObjectFieldSelector} for environment variables. */
    private static ErrorList fieldRef(ObjectNode ref, Path p) {
        ErrorList errs = new ErrorList();
        String apiVersion = Tree.str(ref, "apiVersion");
        if (apiVersion.isEmpty()) {
            return errs.required(p.child("apiVersion"), "");
        }
        String path = Tree.str(ref, "fieldPath");
        if (path.isEmpty()) {
            return errs.required(p.child("fieldPath"), "");
        }
        String conversionError = null;
        String base = path;
        String subscript = null;
        int bracket = path.indexOf("['");
        if (bracket > 0 && path.endsWith("']")) {
            base = path.substring(0, bracket);
            subscript = path.substring(bracket + 2, path.length() - 2);
        }
        if (!apiVersion.equals("v1")) {
            conversionError = "unsupported pod version: " + apiVersion;
        } else if (subscript != null && !base.equals("metadata.annotations") && !base.equals("metadata.labels")) {
            conversionError = "field label does not support subscript: " + path;
        } else if (subscript == null && !CONVERTIBLE_FIELD_PATHS.contains(path)) {
            conversionError = "field label not supported: " + path;
        }
        if (conversionError != null) {
            return errs.invalid(p.child("fieldPath"), path, "error converting fieldPath: " + conversionError);
        }
        if (subscript != null) {
            String key = base.equals("metadata.annotations") ? subscript.toLowerCase(Locale.ROOT) : subscript;
            return errs.invalidEach(p, key, Names.qualifiedName(key));
        }
        String internal = path.equals("spec.host") ? "spec.nodeName" : path;
        if (!ENV_FIELD_PATHS.contains(internal)) {
            errs.notSupported(p.child("fieldPath"), internal, ENV_FIELD_PATHS);
        }
        return errs;
    }

    private static ErrorList keySelector(ObjectNode ref, Path p) {
        ErrorList errs = new ErrorList();
        String name = Tree.str(ref, "name");
        errs.invalidEach(p.child("name"), name, Names.nameIsDnsSubdomain(name, false));
        String key = Tree.str(ref, "key");
        if (key.isEmpty()) {
            errs.required(p.child("key"), "");
        } else {
            errs.invalidEach(p.child("key"), key, Names.configMapKey(key));
        }
        return errs;
    }

    private static ErrorList envFrom(List<ObjectNode> sources, Path fld) {
        ErrorList errs = new ErrorList();
        for (int i = 0; i < sources.size(); i++) {
            ObjectNode ev = sources.get(i);
            Path p = fld.index(i);
            String prefix = Tree.str(ev, "prefix");
            if (!prefix.isEmpty()) {
                errs.invalidEach(p.child("prefix"), prefix, Names.envVarName(prefix));
            }
            int count = 0;
            for (String ref : List.of("configMapRef", "secretRef")) {
                ObjectNode r = Tree.obj(ev, ref);
                if (r == null) {
                    continue;
                }
                count++;
                String name = Tree.str(r, "name");
                if (name.isEmpty()) {
                    errs.required(p.child(ref).child("name"), "");
                } else {
                    errs.invalidEach(p.child(ref).child("name"), name, Names.nameIsDnsSubdomain(name, true));
                }
            }
            if (count == 0) {
                errs.invalid(fld, "", "must specify one of: `configMapRef` or `secretRef`");
            } else if (count > 1) {
                errs.invalid(fld, "", "may not have more than one field specified at a time");
            }
        }
        return errs;
    }

    private static ErrorList volumeMounts(List<ObjectNode> mounts, Set<String> volumes, Path fld) {
        ErrorList errs = new ErrorList();
        Set<String> mountPoints = new HashSet<>();
        for (int i = 0; i < mounts.size(); i++) {
            ObjectNode m = mounts.get(i);
            Path p = fld.index(i);
            String name = Tree.str(m, "name");
            if (name.isEmpty()) {
                errs.required(p.child("name"), "");
            }
            if (!volumes.contains(name)) {
                errs.notFound(p.child("name"), name);
            }
            String mountPath = Tree.str(m, "mountPath");
            if (mountPath.isEmpty()) {
                errs.required(p.child("mountPath"), "");
            }
            if (!mountPoints.add(mountPath)) {
                errs.invalid(p.child("mountPath"), mountPath, "must be unique");
            }
            String subPath = Tree.str(m, "subPath");
            if (!subPath.isEmpty()) {
                errs.addAll(Volumes.localDescendingPath(subPath, fld.child("subPath")));
            }
        }
        return errs;
    }

    private static ErrorList lifecycle(ObjectNode lifecycle, Path fld) {
        ErrorList errs = new ErrorList();
        if (lifecycle == null) {
            return errs;
        }
        for (String hook : List.of("postStart", "preStop")) {
            ObjectNode h = Tree.obj(lifecycle, hook);
            if (h != null) {
                errs.addAll(handler(h, fld.child(hook), true));
            }
        }
        return errs;
    }

    private static ErrorList probe(ObjectNode probe, Path fld, boolean successMustBeOne, boolean readiness) {
        ErrorList errs = new ErrorList();
        if (probe == null) {
            return errs;
        }
        errs.addAll(handler(probe, fld, false));
        for (String f : List.of("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
                "failureThreshold")) {
            errs.addAll(MetaValidation.nonNegative(Tree.lng0(probe, f), fld.child(f)));
        }
        Long grace = Tree.lng(probe, "terminationGracePeriodSeconds");
        if (grace != null && grace <= 0) {
            errs.invalid(fld.child("terminationGracePeriodSeconds"), grace, "must be greater than 0");
        }
        if (successMustBeOne && Tree.lng0(probe, "successThreshold") != 1) {
            errs.invalid(fld.child("successThreshold"), Tree.lng0(probe, "successThreshold"), "must be 1");
        }
        if (readiness && grace != null) {
            errs.invalid(fld.child("terminationGracePeriodSeconds"), grace, "must not be set for readinessProbes");
        }
        return errs;
    }

    private static ErrorList handler(ObjectNode h, Path fld, boolean lifecycle) {
        ErrorList errs = new ErrorList();
        int handlers = 0;
        List<String> kinds = lifecycle ? List.of("exec", "httpGet", "tcpSocket", "sleep")
                : List.of("exec", "httpGet", "tcpSocket", "grpc");
        for (String kind : kinds) {
            ObjectNode a = Tree.obj(h, kind);
            if (a == null) {
                continue;
            }
            if (handlers > 0) {
                errs.forbidden(fld.child(kind), "may not specify more than 1 handler type");
                continue;
            }
            handlers++;
            Path p = fld.child(kind);
            switch (kind) {
                case "exec" -> {
                    if (Tree.strings(a, "command").isEmpty()) {
                        errs.required(p.child("command"), "");
                    }
                }
                case "httpGet" -> {
                    if (Tree.str(a, "path").isEmpty()) {
                        errs.required(p.child("path"), "");
                    }
                    errs.addAll(portNumOrName(a.get("port"), p.child("port")));
                    String scheme = Tree.str(a, "scheme");
                    if (!scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
                        errs.notSupported(p.child("scheme"), scheme, List.of("HTTP", "HTTPS"));
                    }
                }
                case "tcpSocket" -> errs.addAll(portNumOrName(a.get("port"), p.child("port")));
                case "grpc" -> errs.invalidEach(p.child("port"), Tree.lng0(a, "port"),
                        Names.portNumber(Tree.lng0(a, "port")));
                default -> {
                }
            }
        }
        if (handlers == 0) {
            errs.required(fld, "must specify a handler type");
        }
        return errs;
    }

    /** {@code ValidatePortNumOrName}. */
    static ErrorList portNumOrName(JsonNode port, Path p) {
        ErrorList errs = new ErrorList();
        if (port != null && port.isString()) {
            errs.invalidEach(p, port.stringValue(), Names.portName(port.stringValue()));
        } else {
            long n = port != null && port.isNumber() ? port.asLong() : 0;
            errs.invalidEach(p, n, Names.portNumber(n));
        }
        return errs;
    }

    private static ErrorList securityContext(ObjectNode sc, Path fld) {
        ErrorList errs = new ErrorList();
        if (sc == null) {
            return errs;
        }
        for (String id : List.of("runAsUser", "runAsGroup")) {
            Long v = Tree.lng(sc, id);
            if (v != null && (v < 0 || v > Integer.MAX_VALUE)) {
                errs.invalid(fld.child(id), v, Names.inclusiveRangeError(0, Integer.MAX_VALUE));
            }
        }
        return errs;
    }
}
