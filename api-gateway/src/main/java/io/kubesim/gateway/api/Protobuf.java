package io.kubesim.gateway.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.status.ApiException;
import io.kubesim.model.status.Statuses;

/**
 * Reads the Kubernetes protobuf bodies that kubectl's typed clients send ({@code kubectl create namespace},
 * {@code create deployment}, {@code create configmap|secret|job|serviceaccount|service|priorityclass|
 * poddisruptionbudget}) and turns them into the JSON the rest of the gateway handles
 * (staging/src/k8s.io/apimachinery/pkg/runtime/serializer/protobuf/protobuf.go: the magic {@code k8s\0}, then a
 * {@code runtime.Unknown} holding the type meta and the object; field numbers as in the generated.proto files of
 * k8s.io/api).
 *
 * <p>Only the messages and fields those generators produce are known here. The Go encoder writes every non-pointer
 * field, zero values included; those are dropped as JSON's {@code omitempty} drops them, while pointer fields (marked
 * {@code *} below: replicas, preemptionPolicy, ...) keep a zero. A field this table does not know is refused (415)
 * unless it holds a zero value, so nothing a client sent is silently lost.
 */
final class Protobuf {

    static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};

    private enum Kind { STRING, BYTES, INT, BOOL, MESSAGE, STRING_MAP, BYTES_MAP, MESSAGE_MAP, TIME, INT_OR_STRING,
        QUANTITY, DROP }

    /** One field: JSON name, type, repeated, pointer (a zero value is kept), message type for MESSAGE. */
    private record Field(String name, Kind kind, boolean repeated, boolean pointer, String message) {
    }

    private static final Map<String, Map<Integer, Field>> MESSAGES = new HashMap<>();

    /** The top-level kinds this reads, by apiVersion/kind, with their message. */
    private static final Map<String, String> KINDS = Map.of(
            "v1/Namespace", "Namespace", "v1/ConfigMap", "ConfigMap", "v1/Secret", "Secret",
            "v1/ServiceAccount", "ServiceAccount", "v1/Service", "Service", "apps/v1/Deployment", "Deployment",
            "batch/v1/Job", "Job", "policy/v1/PodDisruptionBudget", "PodDisruptionBudget",
            "scheduling.k8s.io/v1/PriorityClass", "PriorityClass");

    static {
        // name:number:type[:message], type one of s b i bool msg smap bmap mmap time ios q drop; "*" = pointer,
        // "[]" = repeated
        define("ObjectMeta", "name:1:s", "generateName:2:s", "namespace:3:s", "selfLink:4:s", "uid:5:s",
                "resourceVersion:6:s", "generation:7:i", "creationTimestamp:8:time",
                "deletionTimestamp:9:time*", "deletionGracePeriodSeconds:10:i*", "labels:11:smap",
                "annotations:12:smap", "ownerReferences:13:msg[]:OwnerReference", "finalizers:14:s[]");
        define("OwnerReference", "kind:1:s", "name:3:s", "uid:4:s", "apiVersion:5:s", "controller:6:bool*",
                "blockOwnerDeletion:7:bool*");
        define("LabelSelector", "matchLabels:1:smap", "matchExpressions:2:msg[]:LabelSelectorRequirement");
        define("LabelSelectorRequirement", "key:1:s", "operator:2:s", "values:3:s[]");
        define("Namespace", "metadata:1:msg:ObjectMeta", "spec:2:msg:NamespaceSpec", "status:3:drop");
        define("NamespaceSpec", "finalizers:1:s[]");
        define("ConfigMap", "metadata:1:msg:ObjectMeta", "data:2:smap", "binaryData:3:bmap",
                "immutable:4:bool*");
        define("Secret", "metadata:1:msg:ObjectMeta", "data:2:bmap", "type:3:s", "stringData:4:smap",
                "immutable:5:bool*");
        define("ServiceAccount", "metadata:1:msg:ObjectMeta", "imagePullSecrets:3:msg[]:LocalObjectReference",
                "automountServiceAccountToken:4:bool*");
        define("LocalObjectReference", "name:1:s");
        define("Service", "metadata:1:msg:ObjectMeta", "spec:2:msg:ServiceSpec", "status:3:drop");
        define("ServiceSpec", "ports:1:msg[]:ServicePort", "selector:2:smap", "clusterIP:3:s", "type:4:s",
                "externalIPs:5:s[]", "sessionAffinity:7:s", "loadBalancerIP:8:s", "externalName:10:s",
                "externalTrafficPolicy:11:s", "healthCheckNodePort:12:i", "publishNotReadyAddresses:13:bool",
                "clusterIPs:18:s[]", "ipFamilies:19:s[]");
        define("ServicePort", "name:1:s", "protocol:2:s", "port:3:i", "targetPort:4:ios", "nodePort:5:i",
                "appProtocol:6:s*");
        define("Deployment", "metadata:1:msg:ObjectMeta", "spec:2:msg:DeploymentSpec", "status:3:drop");
        define("DeploymentSpec", "replicas:1:i*", "selector:2:msg*:LabelSelector", "template:3:msg:PodTemplateSpec",
                "strategy:4:msg:DeploymentStrategy", "minReadySeconds:5:i", "revisionHistoryLimit:6:i*",
                "paused:7:bool", "progressDeadlineSeconds:9:i*");
        define("DeploymentStrategy", "type:1:s", "rollingUpdate:2:msg*:RollingUpdateDeployment");
        define("RollingUpdateDeployment", "maxUnavailable:1:ios*", "maxSurge:2:ios*");
        define("Job", "metadata:1:msg:ObjectMeta", "spec:2:msg:JobSpec", "status:3:drop");
        define("JobSpec", "parallelism:1:i*", "completions:2:i*", "activeDeadlineSeconds:3:i*",
                "selector:4:msg*:LabelSelector", "manualSelector:5:bool*", "template:6:msg:PodTemplateSpec",
                "backoffLimit:7:i*", "ttlSecondsAfterFinished:8:i*", "completionMode:9:s*", "suspend:10:bool*");
        define("PodTemplateSpec", "metadata:1:msg:ObjectMeta", "spec:2:msg:PodSpec");
        define("PodSpec", "containers:2:msg[]:Container", "restartPolicy:3:s",
                "terminationGracePeriodSeconds:4:i*", "activeDeadlineSeconds:5:i*", "dnsPolicy:6:s",
                "nodeSelector:7:smap", "serviceAccountName:8:s", "serviceAccount:9:s", "nodeName:10:s",
                "hostNetwork:11:bool", "hostPID:12:bool", "hostIPC:13:bool", "imagePullSecrets:15:msg[]:"
                        + "LocalObjectReference", "hostname:16:s", "subdomain:17:s", "schedulerName:19:s",
                "initContainers:20:msg[]:Container", "priorityClassName:24:s", "priority:25:i*");
        define("Container", "name:1:s", "image:2:s", "command:3:s[]", "args:4:s[]", "workingDir:5:s",
                "ports:6:msg[]:ContainerPort", "env:7:msg[]:EnvVar", "resources:8:msg:ResourceRequirements",
                "terminationMessagePath:13:s", "imagePullPolicy:14:s", "stdin:16:bool", "stdinOnce:17:bool",
                "tty:18:bool", "terminationMessagePolicy:20:s");
        define("ContainerPort", "name:1:s", "hostPort:2:i", "containerPort:3:i", "protocol:4:s", "hostIP:5:s");
        define("EnvVar", "name:1:s", "value:2:s");
        define("ResourceRequirements", "limits:1:mmap:Quantity", "requests:2:mmap:Quantity");
        define("PodDisruptionBudget", "metadata:1:msg:ObjectMeta", "spec:2:msg:PodDisruptionBudgetSpec",
                "status:3:drop");
        define("PodDisruptionBudgetSpec", "minAvailable:1:ios*", "selector:2:msg*:LabelSelector",
                "maxUnavailable:3:ios*", "unhealthyPodEvictionPolicy:4:s*");
        define("PriorityClass", "metadata:1:msg:ObjectMeta", "value:2:i", "globalDefault:3:bool",
                "description:4:s", "preemptionPolicy:5:s*");
    }

    private Protobuf() {
    }

    private static void define(String message, String... fields) {
        Map<Integer, Field> byNumber = new HashMap<>();
        for (String f : fields) {
            String[] p = f.split(":");
            String type = p[2];
            boolean repeated = type.endsWith("[]");
            type = repeated ? type.substring(0, type.length() - 2) : type;
            boolean pointer = type.endsWith("*");
            type = pointer ? type.substring(0, type.length() - 1) : type;
            Kind kind = switch (type) {
                case "s" -> Kind.STRING;
                case "i" -> Kind.INT;
                case "bool" -> Kind.BOOL;
                case "msg" -> Kind.MESSAGE;
                case "smap" -> Kind.STRING_MAP;
                case "bmap" -> Kind.BYTES_MAP;
                case "mmap" -> Kind.MESSAGE_MAP;
                case "time" -> Kind.TIME;
                case "ios" -> Kind.INT_OR_STRING;
                case "drop" -> Kind.DROP;
                default -> throw new IllegalArgumentException(f);
            };
            byNumber.put(Integer.parseInt(p[1]), new Field(p[0], kind, repeated, pointer, p.length > 3 ? p[3] : null));
        }
        MESSAGES.put(message, byNumber);
    }

    static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.split(";", 2)[0].trim().equalsIgnoreCase(CONTENT_TYPE);
    }

    /** The object a protobuf body holds, as JSON; 415 for kinds or fields kubesim cannot read. */
    static ObjectNode decode(byte[] body) {
        if (body.length < 4 || body[0] != MAGIC[0] || body[1] != MAGIC[1] || body[2] != MAGIC[2]
                || body[3] != MAGIC[3]) {
            throw new ApiException(Statuses.badRequest("provided data does not appear to be a protobuf message, "
                    + "expected prefix [107 56 115 0]"));
        }
        try {
            Reader unknown = new Reader(body, 4, body.length);
            String apiVersion = "";
            String kind = "";
            byte[] raw = null;
            while (unknown.more()) {
                int tag = (int) unknown.varint();
                int number = tag >>> 3;
                if (number == 1 && (tag & 7) == 2) {
                    Reader meta = unknown.sub();
                    while (meta.more()) {
                        int t = (int) meta.varint();
                        String v = meta.string();
                        if ((t >>> 3) == 1) {
                            apiVersion = v;
                        } else if ((t >>> 3) == 2) {
                            kind = v;
                        }
                    }
                } else if (number == 2 && (tag & 7) == 2) {
                    raw = unknown.bytes();
                } else {
                    unknown.skip(tag & 7);
                }
            }
            String message = KINDS.get(apiVersion + "/" + kind);
            if (message == null || raw == null) {
                throw unsupported("kind " + (apiVersion.isEmpty() ? "" : apiVersion + "/") + kind);
            }
            ObjectNode obj = JsonNodeFactory.instance.objectNode();
            obj.put("apiVersion", apiVersion);
            obj.put("kind", kind);
            obj.setAll(message(new Reader(raw, 0, raw.length), message));
            return obj;
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            throw new ApiException(Statuses.badRequest("the protobuf body could not be decoded: "
                    + (e.getMessage() == null ? "truncated" : e.getMessage())));
        }
    }

    private static ApiException unsupported(String what) {
        return new ApiException(Statuses.unsupportedMediaType(CONTENT_TYPE, List.of("application/json",
                "application/yaml", CONTENT_TYPE + " (kubectl create's kinds only; not " + what + ")")));
    }

    private static ObjectNode message(Reader r, String message) {
        Map<Integer, Field> fields = MESSAGES.get(message);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        while (r.more()) {
            int tag = (int) r.varint();
            int number = tag >>> 3;
            int wire = tag & 7;
            Field f = fields.get(number);
            if (f == null) {
                if (!r.skipIsZero(wire)) {
                    throw unsupported("field " + number + " of " + message);
                }
                continue;
            }
            boolean lengthDelimited = switch (f.kind()) {
                case INT, BOOL -> false;
                default -> true;
            };
            if (f.kind() != Kind.DROP && lengthDelimited != (wire == 2)) {
                throw new IllegalStateException("field " + number + " of " + message + " has wire type " + wire);
            }
            JsonNode value = value(r, f, wire);
            if (value == null) {
                continue;
            }
            if (f.repeated()) {
                out.withArrayProperty(f.name()).add(value);
            } else if (f.kind() == Kind.STRING_MAP || f.kind() == Kind.BYTES_MAP || f.kind() == Kind.MESSAGE_MAP) {
                out.withObjectProperty(f.name()).setAll((ObjectNode) value);
            } else {
                out.set(f.name(), value);
            }
        }
        return out;
    }

    /** A field's value as JSON, or null when omitempty leaves it out. */
    private static JsonNode value(Reader r, Field f, int wire) {
        JsonNodeFactory n = JsonNodeFactory.instance;
        switch (f.kind()) {
            case DROP -> {
                r.skip(wire);
                return null;
            }
            case INT -> {
                long v = r.varint();
                if (v == 0 && !f.pointer() && !f.repeated()) {
                    return null;
                }
                return v == (int) v ? n.numberNode((int) v) : n.numberNode(v);
            }
            case BOOL -> {
                boolean v = r.varint() != 0;
                return !v && !f.pointer() ? null : n.booleanNode(v);
            }
            case STRING -> {
                String v = r.string();
                return v.isEmpty() && !f.pointer() && !f.repeated() ? null : n.stringNode(v);
            }
            case BYTES -> {
                return n.stringNode(Base64.getEncoder().encodeToString(r.bytes()));
            }
            case MESSAGE -> {
                ObjectNode m = message(r.sub(), f.message());
                return m.isEmpty() && !f.pointer() && !f.repeated() ? null : m;
            }
            case STRING_MAP, BYTES_MAP, MESSAGE_MAP -> {
                Reader entry = r.sub();
                String key = "";
                JsonNode v = f.kind() == Kind.STRING_MAP ? n.stringNode("") : n.stringNode("");
                while (entry.more()) {
                    int t = (int) entry.varint();
                    if ((t >>> 3) == 1) {
                        key = entry.string();
                    } else if ((t >>> 3) == 2) {
                        v = switch (f.kind()) {
                            case STRING_MAP -> n.stringNode(entry.string());
                            case BYTES_MAP -> n.stringNode(Base64.getEncoder().encodeToString(entry.bytes()));
                            default -> quantity(entry.sub());
                        };
                    } else {
                        entry.skip(t & 7);
                    }
                }
                ObjectNode pair = n.objectNode();
                pair.set(key, v);
                return pair;
            }
            case TIME -> {
                Reader t = r.sub();
                long seconds = 0;
                long nanos = 0;
                while (t.more()) {
                    int tag = (int) t.varint();
                    if ((tag >>> 3) == 1) {
                        seconds = t.varint();
                    } else if ((tag >>> 3) == 2) {
                        nanos = t.varint();
                    } else {
                        t.skip(tag & 7);
                    }
                }
                return seconds == 0 && nanos == 0 ? null
                        : n.stringNode(Instant.ofEpochSecond(seconds, nanos).toString());
            }
            case INT_OR_STRING -> {
                Reader ios = r.sub();
                long type = 0;
                long intVal = 0;
                String strVal = "";
                while (ios.more()) {
                    int tag = (int) ios.varint();
                    switch (tag >>> 3) {
                        case 1 -> type = ios.varint();
                        case 2 -> intVal = ios.varint();
                        case 3 -> strVal = ios.string();
                        default -> ios.skip(tag & 7);
                    }
                }
                return type == 1 ? n.stringNode(strVal) : n.numberNode((int) intVal);
            }
            case QUANTITY -> {
                return quantity(r.sub());
            }
            default -> throw new IllegalStateException("kind " + f.kind());
        }
    }

    /** resource.Quantity: message {optional string string = 1}. */
    private static JsonNode quantity(Reader q) {
        String s = "";
        while (q.more()) {
            int tag = (int) q.varint();
            if ((tag >>> 3) == 1) {
                s = q.string();
            } else {
                q.skip(tag & 7);
            }
        }
        return JsonNodeFactory.instance.stringNode(s);
    }

    /** The protobuf wire format, over a slice of a byte array. */
    private static final class Reader {
        private final byte[] b;
        private int i;
        private final int end;

        Reader(byte[] b, int from, int to) {
            this.b = b;
            this.i = from;
            this.end = to;
        }

        boolean more() {
            return i < end;
        }

        long varint() {
            long r = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (i >= end) {
                    throw new IllegalStateException("truncated varint");
                }
                byte x = b[i++];
                r |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    return r;
                }
            }
            throw new IllegalStateException("varint longer than 10 bytes");
        }

        private int length() {
            long l = varint();
            if (l < 0 || l > end - i) {
                throw new IllegalStateException("length " + l + " beyond the message");
            }
            return (int) l;
        }

        Reader sub() {
            int l = length();
            Reader r = new Reader(b, i, i + l);
            i += l;
            return r;
        }

        byte[] bytes() {
            int l = length();
            ByteArrayOutputStream out = new ByteArrayOutputStream(l);
            out.write(b, i, l);
            i += l;
            return out.toByteArray();
        }

        String string() {
            int l = length();
            String s = new String(b, i, l, StandardCharsets.UTF_8);
            i += l;
            return s;
        }

        void skip(int wire) {
            skipIsZero(wire);
        }

        boolean skipIsZero(int wire) {
            return skipIsZero(wire, 0);
        }

        /** Skips a field of an unknown number; true if it held a zero value (0, "", an empty message). */
        boolean skipIsZero(int wire, int depth) {
            switch (wire) {
                case 0 -> {
                    return varint() == 0;
                }
                case 1 -> {
                    check(8);
                    boolean zero = true;
                    for (int k = 0; k < 8; k++) {
                        zero &= b[i + k] == 0;
                    }
                    i += 8;
                    return zero;
                }
                case 2 -> {
                    Reader r = sub();
                    return !r.more() || depth < 32 && allZero(r, depth + 1);
                }
                case 5 -> {
                    check(4);
                    boolean zero = b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 0 && b[i + 3] == 0;
                    i += 4;
                    return zero;
                }
                default -> throw new IllegalStateException("wire type " + wire);
            }
        }

        /** A nested message whose fields all hold zero values (a struct the encoder wrote out empty). */
        private static boolean allZero(Reader r, int depth) {
            int start = r.i;
            try {
                while (r.more()) {
                    int tag = (int) r.varint();
                    if ((tag >>> 3) == 0 || !r.skipIsZero(tag & 7, depth)) {
                        return false;
                    }
                }
                return true;
            } catch (IllegalStateException e) {
                r.i = start;
                return false; // not a message: non-empty bytes or a string
            }
        }

        private void check(int n) {
            if (end - i < n) {
                throw new IllegalStateException("truncated field");
            }
        }
    }

    /** For tests: the kinds this reads. */
    static List<String> kinds() {
        return new ArrayList<>(KINDS.keySet());
    }
}
