package io.kubesim.registry.core;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.GoValue;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.NameRule;
import io.kubesim.registry.meta.Names;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.pod.PodStrategy;
import io.kubesim.registry.strategy.Strategy;

/**
 * Services, stored only (pkg/registry/core/service/strategy.go, {@code SetDefaults_Service},
 * {@code ValidateService}): type {@code ClusterIP} by default, ports defaulted to TCP with targetPort = port.
 * No cluster IP or node port is allocated: {@code clusterIP} stays empty or {@code None} unless the client sets a
 * valid address, and an update without one keeps the stored address.
 */
public final class ServiceStrategy implements Strategy {

    private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");

    @Override
    public ResourceType type() {
        return Resources.SERVICES;
    }

    @Override
    public void defaults(ObjectNode svc) {
        ObjectNode spec = Tree.ensureObj(svc, "spec");
        if (Tree.str(spec, "sessionAffinity").isEmpty()) {
            spec.put("sessionAffinity", "None");
        }
        if (Tree.str(spec, "sessionAffinity").equals("None")) {
            spec.remove("sessionAffinityConfig");
        }
        if (Tree.str(spec, "sessionAffinity").equals("ClientIP")) {
            ObjectNode clientIp = Tree.obj(Tree.obj(spec, "sessionAffinityConfig"), "clientIP");
            if (clientIp == null || !Tree.has(clientIp, "timeoutSeconds")) {
                spec.putObject("sessionAffinityConfig").putObject("clientIP").put("timeoutSeconds", 10800);
            }
        }
        if (Tree.str(spec, "type").isEmpty()) {
            spec.put("type", "ClusterIP");
        }
        for (ObjectNode port : Tree.objects(spec, "ports")) {
            if (Tree.str(port, "protocol").isEmpty()) {
                port.put("protocol", "TCP");
            }
            JsonNode target = port.get("targetPort");
            boolean unset = !Tree.present(target) || (target.isNumber() && target.asLong() == 0)
                    || (target.isString() && target.stringValue().isEmpty());
            if (unset && port.has("port")) {
                port.set("targetPort", port.get("port"));
            }
        }
        String type = Tree.str(spec, "type");
        boolean external = type.equals("NodePort") || type.equals("LoadBalancer");
        if (external && Tree.str(spec, "externalTrafficPolicy").isEmpty()) {
            spec.put("externalTrafficPolicy", "Cluster");
        }
        if (!Tree.has(spec, "internalTrafficPolicy") && (external || type.equals("ClusterIP"))) {
            spec.put("internalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer") && !Tree.has(spec, "allocateLoadBalancerNodePorts")) {
            spec.put("allocateLoadBalancerNodePorts", true);
        }
    }

    @Override
    public void prepareForCreate(ObjectNode svc) {
        svc.putObject("status").putObject("loadBalancer");
        normalizeClusterIps(Tree.ensureObj(svc, "spec"));
    }

    private static void normalizeClusterIps(ObjectNode spec) {
        String clusterIp = Tree.str(spec, "clusterIP");
        if (!clusterIp.isEmpty() && Tree.strings(spec, "clusterIPs").isEmpty()) {
            spec.putArray("clusterIPs").add(clusterIp);
        }
    }

    @Override
    public ErrorList validate(ObjectNode svc) {
        ErrorList errs = MetaValidation.validateCreate(svc, true, NameRule.DNS1035_LABEL);
        ObjectNode spec = Tree.obj(svc, "spec");
        Path specPath = Path.of("spec");
        String type = Tree.str(spec, "type");
        List<String> clusterIps = Tree.strings(spec, "clusterIPs");
        boolean headless = !clusterIps.isEmpty() && clusterIps.getFirst().equals("None");
        List<ObjectNode> ports = Tree.objects(spec, "ports");
        if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
            errs.required(specPath.child("ports"), "");
        }
        switch (type) {
            case "LoadBalancer", "NodePort" -> {
                if (headless) {
                    errs.invalid(specPath.child("clusterIPs").index(0), "None",
                            "may not be set to 'None' for " + type + " services");
                }
            }
            case "ExternalName" -> {
                if (!clusterIps.isEmpty()) {
                    errs.forbidden(specPath.child("clusterIPs"), "may not be set for ExternalName services");
                }
                String cname = Tree.str(spec, "externalName");
                cname = cname.endsWith(".") ? cname.substring(0, cname.length() - 1) : cname;
                if (cname.isEmpty()) {
                    errs.required(specPath.child("externalName"), "");
                } else {
                    errs.invalidEach(specPath.child("externalName"), cname, Names.dns1123Subdomain(cname));
                }
            }
            default -> {
            }
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            errs.addAll(port(ports.get(i), ports.size() > 1, names, specPath.child("ports").index(i)));
        }
        errs.addAll(MetaValidation.labels(Tree.obj(spec, "selector"), specPath.child("selector")));
        String affinity = Tree.str(spec, "sessionAffinity");
        if (affinity.isEmpty()) {
            errs.required(specPath.child("sessionAffinity"), "");
        } else if (!affinity.equals("ClientIP") && !affinity.equals("None")) {
            errs.notSupported(specPath.child("sessionAffinity"), affinity, List.of("ClientIP", "None"));
        }
        if (affinity.equals("None") && Tree.has(spec, "sessionAffinityConfig")) {
            errs.forbidden(specPath.child("sessionAffinityConfig"), "must not be set when session affinity is None");
        }
        for (int i = 0; i < clusterIps.size(); i++) {
            String ip = clusterIps.get(i);
            if (i == 0 && ip.equals("None")) {
                continue;
            }
            errs.invalidEach(specPath.child("clusterIPs").index(i), ip, Names.ip(ip));
        }
        List<String> externalIps = Tree.strings(spec, "externalIPs");
        for (int i = 0; i < externalIps.size(); i++) {
            errs.invalidEach(specPath.child("externalIPs").index(i), externalIps.get(i), Names.ip(externalIps.get(i)));
        }
        if (type.isEmpty()) {
            errs.required(specPath.child("type"), "");
        } else if (!TYPES.contains(type)) {
            errs.notSupported(specPath.child("type"), type, TYPES);
        }
        if (type.equals("ClusterIP")) {
            for (int i = 0; i < ports.size(); i++) {
                if (Tree.lng0(ports.get(i), "nodePort") != 0) {
                    errs.forbidden(specPath.child("ports").index(i).child("nodePort"),
                            "may not be used when `type` is 'ClusterIP'");
                }
            }
        }
        Set<String> nodePorts = new HashSet<>();
        Set<String> portKeys = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ObjectNode p = ports.get(i);
            String protocol = Tree.str(p, "protocol");
            long nodePort = Tree.lng0(p, "nodePort");
            if (nodePort != 0 && !nodePorts.add(protocol + "/" + nodePort)) {
                errs.duplicate(specPath.child("ports").index(i).child("nodePort"), nodePort);
            }
            if (!portKeys.add(protocol + "/" + Tree.lng0(p, "port"))) {
                errs.duplicate(specPath.child("ports").index(i), GoValue.literal("core.ServicePort{Name:\"\", "
                        + "Protocol:" + GoValue.quote(protocol) + ", AppProtocol:(*string)(nil), Port:"
                        + Tree.lng0(p, "port") + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, "
                        + "NodePort:0}"));
            }
        }
        boolean external = type.equals("NodePort") || type.equals("LoadBalancer");
        String etp = Tree.str(spec, "externalTrafficPolicy");
        if (!external && !etp.isEmpty()) {
            errs.invalid(specPath.child("externalTrafficPolicy"), etp,
                    "may only be set for externally-accessible services");
        } else if (external && etp.isEmpty()) {
            errs.required(specPath.child("externalTrafficPolicy"), "");
        } else if (external && !etp.equals("Cluster") && !etp.equals("Local")) {
            errs.notSupported(specPath.child("externalTrafficPolicy"), etp, List.of("Cluster", "Local"));
        }
        if (Tree.has(spec, "internalTrafficPolicy")) {
            String itp = Tree.str(spec, "internalTrafficPolicy");
            if (!itp.equals("Cluster") && !itp.equals("Local")) {
                errs.notSupported(specPath.child("internalTrafficPolicy"), itp, List.of("Cluster", "Local"));
            }
        } else if (external || type.equals("ClusterIP")) {
            errs.required(specPath.child("internalTrafficPolicy"), "");
        }
        return errs;
    }

    private static ErrorList port(ObjectNode sp, boolean requireName, Set<String> names, Path fld) {
        ErrorList errs = new ErrorList();
        String name = Tree.str(sp, "name");
        if (requireName && name.isEmpty()) {
            errs.required(fld.child("name"), "");
        } else if (!name.isEmpty()) {
            errs.invalidEach(fld.child("name"), name, Names.dns1123Label(name));
            if (!names.add(name)) {
                errs.duplicate(fld.child("name"), name);
            }
        }
        long port = Tree.lng0(sp, "port");
        errs.invalidEach(fld.child("port"), port, Names.portNumber(port));
        String protocol = Tree.str(sp, "protocol");
        if (protocol.isEmpty()) {
            errs.required(fld.child("protocol"), "");
        } else if (!PROTOCOLS.contains(protocol)) {
            errs.notSupported(fld.child("protocol"), protocol, PROTOCOLS);
        }
        JsonNode target = sp.get("targetPort");
        if (target != null && target.isString()) {
            errs.invalidEach(fld.child("targetPort"), target.stringValue(), Names.portName(target.stringValue()));
        } else {
            long t = target == null || !target.isNumber() ? 0 : target.asLong();
            errs.invalidEach(fld.child("targetPort"), t, Names.portNumber(t));
        }
        String appProtocol = Tree.str(sp, "appProtocol");
        if (Tree.has(sp, "appProtocol")) {
            errs.invalidEach(fld.child("appProtocol"), appProtocol, Names.qualifiedName(appProtocol));
        }
        return errs;
    }

    @Override
    public void prepareForUpdate(ObjectNode svc, ObjectNode old) {
        PodStrategy.keepStatus(svc, old);
        ObjectNode spec = Tree.ensureObj(svc, "spec");
        ObjectNode oldSpec = Tree.obj(old, "spec");
        if (Tree.str(spec, "clusterIP").isEmpty() && !Tree.str(oldSpec, "clusterIP").isEmpty()
                && !Tree.str(spec, "type").equals("ExternalName")) {
            spec.put("clusterIP", Tree.str(oldSpec, "clusterIP"));
            spec.set("clusterIPs", oldSpec.get("clusterIPs") == null ? Tree.NODES.arrayNode()
                    : oldSpec.get("clusterIPs").deepCopy());
        }
        normalizeClusterIps(spec);
    }

    @Override
    public ErrorList validateUpdate(ObjectNode svc, ObjectNode old) {
        ErrorList errs = MetaValidation.validateUpdate(svc, old);
        List<String> oldIps = Tree.strings(Tree.obj(old, "spec"), "clusterIPs");
        List<String> ips = Tree.strings(Tree.obj(svc, "spec"), "clusterIPs");
        boolean externalName = Tree.str(Tree.obj(svc, "spec"), "type").equals("ExternalName")
                || Tree.str(Tree.obj(old, "spec"), "type").equals("ExternalName");
        if (!externalName && !oldIps.isEmpty() && (ips.isEmpty() || !ips.getFirst().equals(oldIps.getFirst()))) {
            errs.invalid(Path.of("spec", "clusterIPs").index(0), ips.isEmpty() ? "" : ips.getFirst(),
                    "may not change once set");
        }
        return errs.addAll(validate(svc));
    }
}
