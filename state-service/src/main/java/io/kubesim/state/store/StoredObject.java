package io.kubesim.state.store;

import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.json.KubeJson;

/**
 * An object as stored: its revision (the resourceVersion) and its JSON text, the exact text that was logged, published
 * and served. Never modified once stored.
 *
 * <p>The projection keeps the text, not a parsed tree: a parsed pod is dozens of small objects (a map per JSON object,
 * a node per value), and every stored object outlives the young generation, so the collector had to copy all of
 * them; the text is one array. {@link #json()} parses a fresh tree on every call, so a caller may change what it
 * gets.
 *
 * <p>A bound pod also carries what the binding capacity check needs (its node and requests), read once when it is
 * stored, so that a binding does not parse every pod already on the node.
 */
public final class StoredObject {

    private final long revision;
    private final String text;
    private final PodResources.Usage usage;
    /** A parsed tree for readers that only look (see {@link #view()}); made on first use. */
    private volatile ObjectNode view;

    private StoredObject(long revision, String text, PodResources.Usage usage) {
        this.revision = revision;
        this.text = Objects.requireNonNull(text);
        this.usage = usage;
    }

    /** An object being stored: {@code text} must be {@code json} written out. */
    static StoredObject of(long revision, ObjectNode json, String text) {
        return new StoredObject(revision, text, PodResources.usage(json));
    }

    /** An object read back from the database under {@code key}; only pods are parsed (for their node and requests). */
    public static StoredObject read(String key, long revision, String text) {
        return new StoredObject(revision, text,
                Keys.isPod(key) ? PodResources.usage((ObjectNode) KubeJson.parse(text)) : null);
    }

    public long revision() {
        return revision;
    }

    /** The JSON text as logged. */
    public String text() {
        return text;
    }

    /** A freshly parsed tree of the object, the caller's to change. */
    public ObjectNode json() {
        JsonNode node = KubeJson.parse(text);
        return (ObjectNode) node;
    }

    /**
     * A parsed tree shared by every caller, made on first use: for readers that only look, never change, such as
     * admission reading a namespace's phase or the priority classes on every pod create. Only the objects looked at
     * this way keep a tree.
     */
    public ObjectNode view() {
        ObjectNode v = view;
        if (v == null) {
            v = json();
            view = v;
        }
        return v;
    }

    /** The node a pod is bound to, or null (not a pod, or not bound). */
    String nodeName() {
        return usage == null ? null : usage.nodeName();
    }

    /** What a bound pod takes of its node, or null (not a pod, or not bound). */
    PodResources.Usage usage() {
        return usage;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredObject s && s.revision == revision && s.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(revision) * 31 + text.hashCode();
    }

    @Override
    public String toString() {
        return "StoredObject[revision=" + revision + ", text=" + text + "]";
    }
}
