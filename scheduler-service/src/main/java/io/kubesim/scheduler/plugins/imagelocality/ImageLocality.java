package io.kubesim.scheduler.plugins.imagelocality;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.kubesim.scheduler.framework.CycleState;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.PluginNames;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.PreScorePlugin;
import io.kubesim.scheduler.framework.ScorePlugin;
import io.kubesim.scheduler.framework.Snapshot;
import io.kubesim.scheduler.framework.Status;

/**
 * Prefers nodes that already have the pod's images ({@code node.status.images}), each image counting its size times
 * the share of nodes that have it, clamped to [23 MiB, 1000 MiB x containers] and scaled to 0..100. Follows
 * pkg/scheduler/framework/plugins/imagelocality/image_locality.go (Kubernetes 1.32; init containers count). The image
 * names and the node count are computed once per cycle in PreScore instead of per node.
 */
public final class ImageLocality implements PreScorePlugin, ScorePlugin {

    public static final String NAME = PluginNames.IMAGE_LOCALITY;

    static final long MB = 1024L * 1024;
    static final long MIN_THRESHOLD = 23 * MB;
    static final long MAX_CONTAINER_THRESHOLD = 1000 * MB;

    private static final CycleState.Key<PreScoreState> PRE_SCORE_KEY = new CycleState.Key<>("PreScore" + NAME);

    private record PreScoreState(List<String> images, int totalNumNodes) implements CycleState.StateData {
        @Override
        public PreScoreState copy() {
            return this;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes, Snapshot snapshot) {
        List<String> images = new ArrayList<>();
        PodSpec spec = pod.pod().getSpec();
        for (List<Container> containers : List.of(list(spec.getInitContainers()), list(spec.getContainers()))) {
            for (Container c : containers) {
                images.add(normalizedImageName(c.getImage() == null ? "" : c.getImage()));
            }
        }
        state.write(PRE_SCORE_KEY, new PreScoreState(List.copyOf(images), snapshot.numNodes()));
        return Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        PreScoreState s = state.read(PRE_SCORE_KEY);
        long sum = 0;
        if (!nodeInfo.imageStates().isEmpty()) {
            for (String image : s.images()) {
                NodeInfo.ImageStateSummary st = nodeInfo.imageStates().get(image);
                if (st != null) {
                    sum += (long) (st.size() * ((double) st.numNodes() / s.totalNumNodes()));
                }
            }
        }
        return calculatePriority(sum, s.images().size());
    }

    static long calculatePriority(long sumScores, int numContainers) {
        long maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
        long sum = sumScores;
        if (sum < MIN_THRESHOLD) {
            sum = MIN_THRESHOLD;
        } else if (sum > maxThreshold) {
            sum = maxThreshold;
        }
        return MAX_NODE_SCORE * (sum - MIN_THRESHOLD) / (maxThreshold - MIN_THRESHOLD);
    }

    /** Appends {@code :latest} to a name without a tag (a digest reference is left alone). */
    static String normalizedImageName(String name) {
        if (name.lastIndexOf(':') <= name.lastIndexOf('/')) {
            return name + ":latest";
        }
        return name;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
