package io.kubesim.registry.pod;

import java.time.Clock;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.strategy.Strategy;

/**
 * Pods (pkg/registry/core/pod/strategy.go): status reset to {@code Pending} with the computed QoS class on create
 * (plus the {@code SchedulingGated} condition for gated pods), status kept on update of the main resource, spec
 * kept on status updates.
 */
public final class PodStrategy implements Strategy {

    private final Clock clock;

    public PodStrategy(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ResourceType type() {
        return Resources.PODS;
    }

    @Override
    public void defaults(ObjectNode pod) {
        PodDefaults.pod(pod);
    }

    @Override
    public void prepareForCreate(ObjectNode pod) {
        ObjectNode spec = Tree.ensureObj(pod, "spec");
        PodDefaults.syncServiceAccount(spec);
        ObjectNode status = pod.putObject("status");
        status.put("phase", "Pending");
        if (!Tree.objects(spec, "schedulingGates").isEmpty()) {
            ObjectNode condition = status.putArray("conditions").addObject();
            condition.put("type", "PodScheduled");
            condition.put("status", "False");
            condition.put("lastTransitionTime", KubeTime.time(clock.instant()));
            condition.put("reason", "SchedulingGated");
            condition.put("message", "Scheduling is blocked due to non-empty scheduling gates");
        }
        status.put("qosClass", PodValidation.qosClass(spec));
    }

    @Override
    public ErrorList validate(ObjectNode pod) {
        return PodValidation.create(pod);
    }

    @Override
    public void prepareForUpdate(ObjectNode pod, ObjectNode old) {
        keepStatus(pod, old);
    }

    @Override
    public ErrorList validateUpdate(ObjectNode pod, ObjectNode old) {
        return PodValidation.update(pod, old);
    }

    @Override
    public void prepareForStatusUpdate(ObjectNode pod, ObjectNode old) {
        ObjectNode status = Tree.ensureObj(pod, "status");
        String oldQos = Tree.str(Tree.obj(old, "status"), "qosClass");
        if (Tree.str(status, "qosClass").isEmpty() && !oldQos.isEmpty()) {
            status.put("qosClass", oldQos);
        }
    }

    @Override
    public ErrorList validateStatusUpdate(ObjectNode pod, ObjectNode old) {
        return PodValidation.statusUpdate(pod, old);
    }

    /** The old object's status replaces the new one's ({@code PrepareForUpdate} of status-bearing kinds). */
    public static void keepStatus(ObjectNode object, ObjectNode old) {
        if (old.has("status")) {
            object.set("status", old.get("status").deepCopy());
        } else {
            object.remove("status");
        }
    }
}
