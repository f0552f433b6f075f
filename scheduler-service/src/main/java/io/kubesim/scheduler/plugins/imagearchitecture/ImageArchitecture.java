package io.kubesim.scheduler.plugins.imagearchitecture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.kubesim.scheduler.framework.ActionType;
import io.kubesim.scheduler.framework.ClusterEvent;
import io.kubesim.scheduler.framework.ClusterEventWithHint;
import io.kubesim.scheduler.framework.CycleState;
import io.kubesim.scheduler.framework.EnqueueExtensions;
import io.kubesim.scheduler.framework.FilterPlugin;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.PluginNames;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.PreFilterPlugin;
import io.kubesim.scheduler.framework.PreFilterResult;
import io.kubesim.scheduler.framework.QueueingHint;
import io.kubesim.scheduler.framework.Snapshot;
import io.kubesim.scheduler.framework.Status;

/**
 * kubesim's opt-in filter (not in upstream): rejects nodes whose {@code kubernetes.io/os} and
 * {@code kubernetes.io/arch} labels match no published platform of some container image of the pod (init containers
 * included), so a pod is not sent where its image pull would fail with "no match for platform in manifest". Images
 * the catalog does not know, and nodes without both labels, pass. The variant is not compared: nodes do not
 * advertise one.
 */
public final class ImageArchitecture implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {

    public static final String NAME = PluginNames.IMAGE_ARCHITECTURE;
    /** The rejection reason. */
    public static final String ERR_REASON = "node(s) didn't match the pod's image platforms";
    static final String OS_LABEL = "kubernetes.io/os";
    static final String ARCH_LABEL = "kubernetes.io/arch";

    private static final Status REJECTED = Status.unresolvable(ERR_REASON).withPlugin(NAME);
    private static final CycleState.Key<PreFilterState> PRE_FILTER_KEY = new CycleState.Key<>("PreFilter" + NAME);

    /** The known platform sets of the pod's images. */
    private record PreFilterState(List<Set<ImagePlatformCatalog.Platform>> platforms)
            implements CycleState.StateData {
        @Override
        public PreFilterState copy() {
            return this;
        }
    }

    private final ImagePlatformCatalog catalog;

    public ImageArchitecture(ImagePlatformCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Looks the images up once per cycle; skips the filter when no image is known. */
    @Override
    public PreFilterResult preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<Set<ImagePlatformCatalog.Platform>> known = knownPlatforms(pod.pod());
        if (known.isEmpty()) {
            return PreFilterResult.SKIP;
        }
        state.write(PRE_FILTER_KEY, new PreFilterState(known));
        return PreFilterResult.ALL_NODES;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        return fits(state.read(PRE_FILTER_KEY).platforms(), nodeInfo.labels()) ? Status.SUCCESS : REJECTED;
    }

    private List<Set<ImagePlatformCatalog.Platform>> knownPlatforms(Pod pod) {
        List<Set<ImagePlatformCatalog.Platform>> known = new ArrayList<>();
        PodSpec spec = pod.getSpec();
        for (List<Container> containers : List.of(list(spec.getInitContainers()), list(spec.getContainers()))) {
            for (Container c : containers) {
                if (c.getImage() != null) {
                    Optional<Set<ImagePlatformCatalog.Platform>> platforms = catalog.platformsOf(c.getImage());
                    platforms.ifPresent(known::add);
                }
            }
        }
        return known;
    }

    static boolean fits(List<Set<ImagePlatformCatalog.Platform>> images, Map<String, String> nodeLabels) {
        String os = nodeLabels.get(OS_LABEL);
        String arch = nodeLabels.get(ARCH_LABEL);
        if (os == null || arch == null) {
            return true;
        }
        for (Set<ImagePlatformCatalog.Platform> platforms : images) {
            boolean any = false;
            for (ImagePlatformCatalog.Platform p : platforms) {
                if (os.equals(p.os()) && arch.equals(p.architecture())) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(ClusterEventWithHint.of(ClusterEvent.Kind.NODE,
                ActionType.ADD | ActionType.UPDATE_NODE_LABEL, this::afterNodeChange));
    }

    /** Queue when the added or relabelled node runs a platform every known image of the pod is published for. */
    QueueingHint afterNodeChange(Pod pod, Object oldObj, Object newObj) {
        if (!(newObj instanceof Node node)) {
            return QueueingHint.QUEUE;
        }
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of()
                : node.getMetadata().getLabels();
        return fits(knownPlatforms(pod), labels) ? QueueingHint.QUEUE : QueueingHint.SKIP;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
