package io.kubesim.registry.pod;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.quantity.Quantity;
import io.kubesim.registry.quantity.QuantityException;

/**
 * The v1 defaults of pods and pod templates (pkg/apis/core/v1/defaults.go and the generated
 * zz_generated.defaults.go): {@code SetDefaults_Pod} only for pods, {@code SetDefaults_PodSpec} and the container,
 * port, probe, volume and resource-list defaults for every pod spec.
 */
public final class PodDefaults {

    private static final List<String> VOLUME_SOURCES = List.of("hostPath", "emptyDir", "gcePersistentDisk",
            "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd",
            "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
            "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume",
            "scaleIO", "storageos", "csi", "ephemeral", "image");

    private PodDefaults() {
    }

    /** Defaults of a Pod object ({@code SetObjectDefaults_Pod}). */
    public static void pod(ObjectNode pod) {
        ObjectNode spec = Tree.ensureObj(pod, "spec");
        for (String list : List.of("containers", "initContainers")) {
            for (ObjectNode c : Tree.objects(spec, list)) {
                requestsFromLimits(c);
            }
        }
        if (!Tree.has(spec, "enableServiceLinks")) {
            spec.put("enableServiceLinks", true);
        }
        if (Tree.isTrue(spec, "hostNetwork")) {
            for (String list : List.of("containers", "initContainers")) {
                for (ObjectNode c : Tree.objects(spec, list)) {
                    for (ObjectNode port : Tree.objects(c, "ports")) {
                        if (Tree.lng0(port, "hostPort") == 0 && Tree.has(port, "containerPort")) {
                            port.set("hostPort", port.get("containerPort"));
                        }
                    }
                }
            }
        }
        podSpec(spec);
        if (Tree.has(spec, "overhead")) {
            resourceList(Tree.obj(spec, "overhead"));
        }
    }

    /** Defaults of a pod template's spec ({@code SetDefaults_PodSpec} and nested defaults). */
    public static void podTemplate(ObjectNode template) {
        podSpec(Tree.ensureObj(template, "spec"));
    }

    static void podSpec(ObjectNode spec) {
        if (Tree.str(spec, "dnsPolicy").isEmpty()) {
            spec.put("dnsPolicy", "ClusterFirst");
        }
        if (Tree.str(spec, "restartPolicy").isEmpty()) {
            spec.put("restartPolicy", "Always");
        }
        if (!Tree.has(spec, "securityContext")) {
            spec.putObject("securityContext");
        }
        if (!Tree.has(spec, "terminationGracePeriodSeconds")) {
            spec.put("terminationGracePeriodSeconds", 30L);
        }
        if (Tree.str(spec, "schedulerName").isEmpty()) {
            spec.put("schedulerName", "default-scheduler");
        }
        if (Tree.str(spec, "serviceAccountName").isEmpty() && !Tree.str(spec, "serviceAccount").isEmpty()) {
            spec.put("serviceAccountName", Tree.str(spec, "serviceAccount"));
        }
        syncServiceAccount(spec);
        for (ObjectNode volume : Tree.objects(spec, "volumes")) {
            volume(volume);
        }
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            for (ObjectNode c : Tree.objects(spec, list)) {
                container(c);
            }
        }
    }

    /** The v1 conversion writes the deprecated {@code serviceAccount} as a copy of {@code serviceAccountName}. */
    public static void syncServiceAccount(ObjectNode spec) {
        String name = Tree.str(spec, "serviceAccountName");
        if (!name.isEmpty()) {
            spec.put("serviceAccount", name);
        }
    }

    private static void requestsFromLimits(ObjectNode container) {
        ObjectNode resources = Tree.obj(container, "resources");
        ObjectNode limits = Tree.obj(resources, "limits");
        if (limits == null) {
            return;
        }
        ObjectNode requests = Tree.ensureObj(resources, "requests");
        for (Map.Entry<String, JsonNode> e : limits.properties()) {
            if (!requests.has(e.getKey())) {
                requests.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    private static void container(ObjectNode c) {
        if (Tree.str(c, "imagePullPolicy").isEmpty()) {
            c.put("imagePullPolicy", "latest".equals(imageTag(Tree.str(c, "image"))) ? "Always" : "IfNotPresent");
        }
        if (Tree.str(c, "terminationMessagePath").isEmpty()) {
            c.put("terminationMessagePath", "/dev/termination-log");
        }
        if (Tree.str(c, "terminationMessagePolicy").isEmpty()) {
            c.put("terminationMessagePolicy", "File");
        }
        for (ObjectNode port : Tree.objects(c, "ports")) {
            if (Tree.str(port, "protocol").isEmpty()) {
                port.put("protocol", "TCP");
            }
        }
        for (ObjectNode env : Tree.objects(c, "env")) {
            ObjectNode fieldRef = Tree.obj(Tree.obj(env, "valueFrom"), "fieldRef");
            if (fieldRef != null && Tree.str(fieldRef, "apiVersion").isEmpty()) {
                fieldRef.put("apiVersion", "v1");
            }
        }
        ObjectNode resources = Tree.ensureObj(c, "resources");
        resourceList(Tree.obj(resources, "limits"));
        resourceList(Tree.obj(resources, "requests"));
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            ObjectNode p = Tree.obj(c, probe);
            if (p != null) {
                probe(p);
            }
        }
        ObjectNode lifecycle = Tree.obj(c, "lifecycle");
        for (String hook : List.of("postStart", "preStop")) {
            httpGet(Tree.obj(Tree.obj(lifecycle, hook), "httpGet"));
        }
    }

    private static void probe(ObjectNode p) {
        if (Tree.lng0(p, "timeoutSeconds") == 0) {
            p.put("timeoutSeconds", 1);
        }
        if (Tree.lng0(p, "periodSeconds") == 0) {
            p.put("periodSeconds", 10);
        }
        if (Tree.lng0(p, "successThreshold") == 0) {
            p.put("successThreshold", 1);
        }
        if (Tree.lng0(p, "failureThreshold") == 0) {
            p.put("failureThreshold", 3);
        }
        httpGet(Tree.obj(p, "httpGet"));
    }

    private static void httpGet(ObjectNode get) {
        if (get == null) {
            return;
        }
        if (Tree.str(get, "path").isEmpty()) {
            get.put("path", "/");
        }
        if (Tree.str(get, "scheme").isEmpty()) {
            get.put("scheme", "HTTP");
        }
    }

    private static void volume(ObjectNode volume) {
        if (VOLUME_SOURCES.stream().noneMatch(s -> Tree.has(volume, s))) {
            volume.putObject("emptyDir");
        }
        for (String source : List.of("secret", "configMap", "downwardAPI", "projected")) {
            ObjectNode s = Tree.obj(volume, source);
            if (s != null && !Tree.has(s, "defaultMode")) {
                s.put("defaultMode", 420);
            }
        }
        ObjectNode hostPath = Tree.obj(volume, "hostPath");
        if (hostPath != null && !Tree.has(hostPath, "type")) {
            hostPath.put("type", "");
        }
    }

    /** Rounds every quantity up to milli units and writes it in canonical form ({@code SetDefaults_ResourceList}). */
    public static void resourceList(ObjectNode list) {
        if (list == null) {
            return;
        }
        Map<String, String> canonical = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : list.properties()) {
            JsonNode v = e.getValue();
            String text = v.isString() ? v.stringValue() : v.isNumber() ? v.toString() : null;
            if (text == null) {
                continue;
            }
            try {
                canonical.put(e.getKey(), Quantity.parse(text).roundUpToMilli().toString());
            } catch (QuantityException ignored) {
                // the decode check reports malformed quantities before defaults run
            }
        }
        canonical.forEach(list::put);
    }

    /** The tag of an image reference ({@code parsers.ParseImageName}); "latest" when none is given. */
    static String imageTag(String image) {
        String ref = image;
        int at = ref.indexOf('@');
        boolean digest = at >= 0;
        if (digest) {
            ref = ref.substring(0, at);
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) {
            return ref.substring(colon + 1);
        }
        return digest ? "" : "latest";
    }
}
