package io.kubesim.scheduler.framework;

import java.util.List;

/**
 * Pods nominated to run on a node after preemption made room for them. Filtering a node counts the nominated pods of
 * equal or higher priority as if they were running there, so lower-priority pods do not take the room
 * (pkg/scheduler/framework/runtime/framework.go {@code RunFilterPluginsWithNominatedPods}).
 */
public interface Nominator {

    Nominator NONE = nodeName -> List.of();

    List<PodInfo> nominatedPodsForNode(String nodeName);
}
