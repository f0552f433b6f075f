package io.kubesim.agent.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.json.KubeJson;

/**
 * The image store of one node and its image puller. Pulls are serialised, as with the kubelet's default
 * {@code serializeImagePulls: true} (pkg/kubelet/images/puller.go): a pull starts when the previous one has finished,
 * and takes {@link #RESOLVE_TIME} to resolve the manifest plus size / bandwidth to download the layers the node does
 * not have yet. What is stored is reported as {@code status.images} (pkg/kubelet/nodestatus/setters.go Images: names
 * are the repo digest, then the tags; largest first; at most 50).
 *
 * <p>Not thread-safe: used on the agent loop only.
 */
public final class NodeImages {

    /** Time to resolve a reference to a manifest on the registry, paid by every pull. */
    public static final Duration RESOLVE_TIME = Duration.ofMillis(500);
    /** kubelet's {@code --node-status-max-images} default. */
    public static final int MAX_REPORTED = 50;

    /**
     * One pull as scheduled on the node.
     *
     * @param requested when the kubelet asked for it
     * @param started   when the puller started it (later than {@code requested} when other pulls were queued)
     * @param finished  when it completes
     */
    public record Pull(Instant requested, Instant started, Instant finished) {

        /** Time spent pulling ({@code Successfully pulled image "x" in <this>}). */
        public Duration pulling() {
            return Duration.between(started, finished);
        }

        /** Time from the request ({@code (<this> including waiting)}). */
        public Duration includingWaiting() {
            return Duration.between(requested, finished);
        }
    }

    private record Stored(String imageId, Set<String> tags, long sizeBytes) {
    }

    private final double bytesPerSecond;
    private final Map<String, Stored> byImageId = new LinkedHashMap<>();
    private final Map<String, String> imageIdByReference = new LinkedHashMap<>();
    private Instant busyUntil = Instant.EPOCH;
    private long version;

    /** @param bandwidthMegabytesPerSecond pull bandwidth in MB/s (10^6 bytes) of virtual time */
    public NodeImages(double bandwidthMegabytesPerSecond) {
        if (!(bandwidthMegabytesPerSecond > 0)) {
            throw new IllegalArgumentException("pull bandwidth must be positive, was " + bandwidthMegabytesPerSecond);
        }
        this.bytesPerSecond = bandwidthMegabytesPerSecond * 1_000_000d;
    }

    /** Whether the node has {@code name} (by its reference, as a tag or digest the runtime can resolve locally). */
    public boolean has(ImageName name) {
        return imageIdByReference.containsKey(name.reference());
    }

    /** The image id ({@code repo@sha256:...}) of a present image, or null. */
    public String imageId(ImageName name) {
        return imageIdByReference.get(name.reference());
    }

    /** Schedules a pull of {@code image} requested at {@code now}; its layers download only if not stored yet. */
    public Pull schedule(PullOutcome.Available image, Instant now) {
        Instant start = now.isAfter(busyUntil) ? now : busyUntil;
        Duration took = RESOLVE_TIME;
        if (!byImageId.containsKey(image.imageId())) {
            took = took.plusNanos(Math.round(image.sizeBytes() / bytesPerSecond * 1e9));
        }
        Instant end = start.plus(took);
        busyUntil = end;
        return new Pull(now, start, end);
    }

    /** Schedules a pull that fails after resolving the reference. */
    public Pull scheduleFailing(Instant now) {
        Instant start = now.isAfter(busyUntil) ? now : busyUntil;
        Instant end = start.plus(RESOLVE_TIME);
        busyUntil = end;
        return new Pull(now, start, end);
    }

    /** Stores a pulled image. */
    public void store(PullOutcome.Available image) {
        Stored s = byImageId.computeIfAbsent(image.imageId(),
                id -> new Stored(id, new LinkedHashSet<>(), image.sizeBytes()));
        boolean changed = false;
        if (image.name().digest() == null) {
            changed = s.tags().add(image.name().reference());
        }
        if (!image.imageId().equals(imageIdByReference.put(image.name().reference(), image.imageId()))) {
            changed = true;
        }
        imageIdByReference.put(image.imageId(), image.imageId());
        if (changed) {
            version++;
        }
    }

    /** Changes whenever the stored images change; the node status is reported again when it does. */
    public long version() {
        return version;
    }

    public int count() {
        return byImageId.size();
    }

    /** {@code status.images} of the node. */
    public ArrayNode toStatus() {
        ArrayNode out = KubeJson.json().createArrayNode();
        List<Stored> all = new ArrayList<>(byImageId.values());
        all.sort(Comparator.comparingLong(Stored::sizeBytes).reversed());
        for (Stored s : all.subList(0, Math.min(MAX_REPORTED, all.size()))) {
            ObjectNode i = out.addObject();
            ArrayNode names = i.putArray("names");
            names.add(s.imageId());
            s.tags().forEach(names::add);
            i.put("sizeBytes", s.sizeBytes());
        }
        return out;
    }

    /** Takes over the images a node reported before (an agent restarted on a node that already had images). */
    public void restore(JsonNode statusImages) {
        for (JsonNode i : statusImages) {
            String imageId = null;
            List<String> tags = new ArrayList<>();
            for (JsonNode n : i.path("names")) {
                String name = n.asString("");
                if (name.contains("@sha256:")) {
                    imageId = name;
                } else if (!name.isEmpty()) {
                    tags.add(name);
                }
            }
            if (imageId == null) {
                continue;
            }
            Stored s = byImageId.computeIfAbsent(imageId,
                    id -> new Stored(id, new LinkedHashSet<>(), i.path("sizeBytes").asLong(0)));
            s.tags().addAll(tags);
            imageIdByReference.put(imageId, imageId);
            for (String t : tags) {
                imageIdByReference.put(t, imageId);
            }
        }
        version++;
    }
}
