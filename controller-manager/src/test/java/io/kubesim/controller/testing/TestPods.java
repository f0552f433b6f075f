package io.kubesim.controller.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Pod;

import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.json.KubeJson;

/** Builds pods for tests, fluent: {@code TestPods.pod("a").on("n1").running().ready(since).build()}. */
public final class TestPods {

    private final ObjectNode pod = KubeJson.json().createObjectNode();

    private TestPods(String name) {
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        meta.put("name", name);
        meta.put("namespace", "default");
        meta.put("uid", name + "-" + UUID.nameUUIDFromBytes(name.getBytes()).toString().substring(0, 8));
        meta.put("creationTimestamp", KubeTime.time(Instant.parse("2026-01-01T00:00:00Z")));
        pod.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "nginx");
        pod.putObject("status").put("phase", "Pending");
    }

    public static TestPods pod(String name) {
        return new TestPods(name);
    }

    public TestPods namespace(String ns) {
        ((ObjectNode) pod.get("metadata")).put("namespace", ns);
        return this;
    }

    public TestPods uid(String uid) {
        ((ObjectNode) pod.get("metadata")).put("uid", uid);
        return this;
    }

    public TestPods label(String key, String value) {
        pod.withObjectProperty("metadata").withObjectProperty("labels").put(key, value);
        return this;
    }

    public TestPods annotation(String key, String value) {
        pod.withObjectProperty("metadata").withObjectProperty("annotations").put(key, value);
        return this;
    }

    public TestPods created(Instant t) {
        ((ObjectNode) pod.get("metadata")).put("creationTimestamp", KubeTime.time(t));
        return this;
    }

    public TestPods on(String node) {
        ((ObjectNode) pod.get("spec")).put("nodeName", node);
        return this;
    }

    public TestPods phase(String phase) {
        ((ObjectNode) pod.get("status")).put("phase", phase);
        return this;
    }

    public TestPods running() {
        return phase("Running");
    }

    /** Ready=True since {@code since}. */
    public TestPods ready(Instant since) {
        return condition("Ready", "True", since);
    }

    public TestPods notReady(Instant since) {
        return condition("Ready", "False", since);
    }

    public TestPods condition(String type, String status, Instant since) {
        ObjectNode c = pod.withObjectProperty("status").withArrayProperty("conditions").addObject();
        c.put("type", type);
        c.put("status", status);
        c.put("lastTransitionTime", KubeTime.time(since));
        return this;
    }

    public TestPods restarts(int n) {
        ObjectNode s = pod.withObjectProperty("status").withArrayProperty("containerStatuses").addObject();
        s.put("name", "c");
        s.put("restartCount", n);
        s.put("ready", true);
        s.put("image", "nginx");
        s.put("imageID", "");
        return this;
    }

    public TestPods deleting(Instant at) {
        ((ObjectNode) pod.get("metadata")).put("deletionTimestamp", KubeTime.time(at));
        return this;
    }

    public TestPods finalizer(String f) {
        pod.withObjectProperty("metadata").withArrayProperty("finalizers").add(f);
        return this;
    }

    public TestPods ownedBy(String apiVersion, String kind, String name, String uid) {
        ObjectNode ref = pod.withObjectProperty("metadata").withArrayProperty("ownerReferences").addObject();
        ref.put("apiVersion", apiVersion);
        ref.put("kind", kind);
        ref.put("name", name);
        ref.put("uid", uid);
        ref.put("controller", true);
        ref.put("blockOwnerDeletion", true);
        return this;
    }

    public TestPods toleration(String key, String effect, Long seconds) {
        ObjectNode t = pod.withObjectProperty("spec").withArrayProperty("tolerations").addObject();
        t.put("key", key);
        t.put("operator", "Exists");
        t.put("effect", effect);
        if (seconds != null) {
            t.put("tolerationSeconds", seconds);
        }
        return this;
    }

    public ObjectNode json() {
        return pod.deepCopy();
    }

    public Pod build() {
        return KubeJson.convert(pod, Pod.class);
    }

    /** {@code t0 + minutes}. */
    public static Instant at(double minutes) {
        return Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofMillis((long) (minutes * 60_000)));
    }
}
