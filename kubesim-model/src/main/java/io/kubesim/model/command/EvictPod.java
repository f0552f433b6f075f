package io.kubesim.model.command;

import io.kubesim.model.resource.ObjectRef;

/**
 * Evict a pod (the {@code pods/eviction} subresource): a delete that honours PodDisruptionBudgets (429 when one
 * would be violated).
 */
public record EvictPod(ObjectRef target, Long gracePeriodSeconds, WriteOptions options) implements Command {
}
