package io.kubesim.controller.deployment;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

import io.kubesim.controller.framework.Json;
import io.kubesim.model.json.KubeJson;

/**
 * A Deployment's status as the controller computes it, written with apps/v1's {@code omitempty} fields.
 *
 * @param conditions mutable: the controller sets and removes conditions in place
 */
record DeploymentStatusView(long observedGeneration, int replicas, int updatedReplicas, int readyReplicas,
        int availableReplicas, int unavailableReplicas, Integer collisionCount, List<DeploymentCondition> conditions) {

    /** The status a Deployment carries now. */
    static DeploymentStatusView of(Deployment d) {
        DeploymentStatus s = d.getStatus();
        if (s == null) {
            return new DeploymentStatusView(0, 0, 0, 0, 0, 0, null, new ArrayList<>());
        }
        List<DeploymentCondition> conditions = new ArrayList<>();
        if (s.getConditions() != null) {
            for (DeploymentCondition c : s.getConditions()) {
                conditions.add(DeploymentUtil.copy(c));
            }
        }
        return new DeploymentStatusView(Json.longOr(s.getObservedGeneration(), 0), Json.intOr(s.getReplicas(), 0),
                Json.intOr(s.getUpdatedReplicas(), 0), Json.intOr(s.getReadyReplicas(), 0),
                Json.intOr(s.getAvailableReplicas(), 0), Json.intOr(s.getUnavailableReplicas(), 0),
                s.getCollisionCount(), conditions);
    }

    DeploymentStatusView withCollisionCount(Integer count) {
        return new DeploymentStatusView(observedGeneration, replicas, updatedReplicas, readyReplicas,
                availableReplicas, unavailableReplicas, count, conditions);
    }

    ObjectNode toJson() {
        ObjectNode s = Json.object();
        Json.putNonZero(s, "observedGeneration", observedGeneration);
        Json.putNonZero(s, "replicas", replicas);
        Json.putNonZero(s, "updatedReplicas", updatedReplicas);
        Json.putNonZero(s, "readyReplicas", readyReplicas);
        Json.putNonZero(s, "availableReplicas", availableReplicas);
        Json.putNonZero(s, "unavailableReplicas", unavailableReplicas);
        if (!conditions.isEmpty()) {
            ArrayNode list = s.putArray("conditions");
            for (DeploymentCondition c : conditions) {
                list.add(KubeJson.tree(c));
            }
        }
        if (collisionCount != null) {
            s.put("collisionCount", collisionCount);
        }
        return s;
    }
}
