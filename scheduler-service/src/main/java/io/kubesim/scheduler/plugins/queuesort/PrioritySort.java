package io.kubesim.scheduler.plugins.queuesort;

import io.kubesim.scheduler.framework.PluginNames;
import io.kubesim.scheduler.framework.QueueSortPlugin;
import io.kubesim.scheduler.framework.QueuedPodInfo;

/**
 * Higher {@code spec.priority} first, then the earlier queue timestamp. Follows
 * pkg/scheduler/framework/plugins/queuesort/priority_sort.go (Kubernetes 1.32).
 */
public final class PrioritySort implements QueueSortPlugin {

    public static final String NAME = PluginNames.PRIORITY_SORT;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean less(QueuedPodInfo a, QueuedPodInfo b) {
        int p1 = a.podInfo().priority();
        int p2 = b.podInfo().priority();
        return p1 > p2 || p1 == p2 && a.timestamp().isBefore(b.timestamp());
    }
}
