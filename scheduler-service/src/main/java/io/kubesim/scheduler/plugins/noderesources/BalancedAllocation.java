package io.kubesim.scheduler.plugins.noderesources;

import io.kubesim.scheduler.framework.CycleState;
import io.kubesim.scheduler.framework.NodeInfo;
import io.kubesim.scheduler.framework.PluginNames;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.Resource;
import io.kubesim.scheduler.framework.ScorePlugin;

/**
 * Prefers nodes whose cpu and memory would be used in similar proportions: with {@code f} = requested/allocatable
 * (actual requests, node plus pod, capped at 1) the score is {@code (1 - |f_cpu - f_mem| / 2) * 100}. Follows
 * pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go (Kubernetes 1.32).
 */
public final class BalancedAllocation implements ScorePlugin {

    public static final String NAME = PluginNames.NODE_RESOURCES_BALANCED_ALLOCATION;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        Resource alloc = nodeInfo.allocatable();
        if (alloc.milliCpu() <= 0 || alloc.memory() <= 0) {
            // With fewer than two resources the standard deviation is 0.
            return MAX_NODE_SCORE;
        }
        Resource req = nodeInfo.requested();
        double cpu = Math.min(1, (double) (req.milliCpu() + pod.requests().milliCpu()) / alloc.milliCpu());
        double memory = Math.min(1, (double) (req.memory() + pod.requests().memory()) / alloc.memory());
        double std = Math.abs((cpu - memory) / 2);
        return (long) ((1 - std) * MAX_NODE_SCORE);
    }
}
