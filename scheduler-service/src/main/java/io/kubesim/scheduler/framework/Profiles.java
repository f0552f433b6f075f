package io.kubesim.scheduler.framework;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Pod;

/** The frameworks of the configured profiles by scheduler name (pkg/scheduler/profile, Kubernetes 1.32). */
public final class Profiles {

    private final Map<String, Framework> byName = new LinkedHashMap<>();

    public Profiles(List<Framework> frameworks) {
        for (Framework f : frameworks) {
            if (byName.put(f.profileName(), f) != null) {
                throw new IllegalArgumentException("duplicate profile " + f.profileName());
            }
        }
    }

    /** The pod's {@code spec.schedulerName}, {@code default-scheduler} when unset. */
    public static String schedulerName(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
        return name == null || name.isEmpty() ? ProfileConfig.DEFAULT_SCHEDULER_NAME : name;
    }

    public Optional<Framework> forPod(Pod pod) {
        return Optional.ofNullable(byName.get(schedulerName(pod)));
    }

    /** Whether some profile schedules this pod (pods for other schedulers are ignored). */
    public boolean responsibleFor(Pod pod) {
        return byName.containsKey(schedulerName(pod));
    }

    public Collection<Framework> all() {
        return byName.values();
    }
}
