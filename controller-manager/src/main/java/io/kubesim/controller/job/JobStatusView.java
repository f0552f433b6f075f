package io.kubesim.controller.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;

import io.kubesim.controller.framework.Json;
import io.kubesim.model.clock.KubeTime;
import io.kubesim.model.json.KubeJson;

/** A Job's status while the controller works on it (batch/v1 JobStatus, written with its omitempty rules). */
final class JobStatusView {

    int active;
    int ready;
    int succeeded;
    int failed;
    Integer terminating;
    String startTime;
    String completionTime;
    final List<JobCondition> conditions = new ArrayList<>();
    final Set<String> uncountedSucceeded = new LinkedHashSet<>();
    final Set<String> uncountedFailed = new LinkedHashSet<>();

    static JobStatusView of(Job job) {
        JobStatusView v = new JobStatusView();
        JobStatus s = job.getStatus();
        if (s == null) {
            return v;
        }
        v.active = Json.intOr(s.getActive(), 0);
        v.ready = Json.intOr(s.getReady(), 0);
        v.succeeded = Json.intOr(s.getSucceeded(), 0);
        v.failed = Json.intOr(s.getFailed(), 0);
        v.terminating = s.getTerminating();
        v.startTime = s.getStartTime();
        v.completionTime = s.getCompletionTime();
        if (s.getConditions() != null) {
            for (JobCondition c : s.getConditions()) {
                v.conditions.add(KubeJson.convert(KubeJson.tree(c), JobCondition.class));
            }
        }
        if (s.getUncountedTerminatedPods() != null) {
            if (s.getUncountedTerminatedPods().getSucceeded() != null) {
                v.uncountedSucceeded.addAll(s.getUncountedTerminatedPods().getSucceeded());
            }
            if (s.getUncountedTerminatedPods().getFailed() != null) {
                v.uncountedFailed.addAll(s.getUncountedTerminatedPods().getFailed());
            }
        }
        return v;
    }

    JobCondition find(String type) {
        for (JobCondition c : conditions) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    static JobCondition condition(String type, String status, String reason, String message, Instant now) {
        JobCondition c = new JobCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastProbeTime(KubeTime.time(now));
        c.setLastTransitionTime(KubeTime.time(now));
        return c;
    }

    /**
     * {@code ensureJobConditionStatus}: replaces a condition of the type whose status, reason or message differ;
     * adds a missing one unless its status is False; whether anything changed.
     */
    boolean ensureCondition(String type, String status, String reason, String message, Instant now) {
        JobCondition c = find(type);
        if (c != null) {
            if (!Objects.equals(c.getStatus(), status) || !Objects.equals(c.getReason(), reason)
                    || !Objects.equals(c.getMessage(), message)) {
                conditions.set(conditions.indexOf(c), condition(type, status, reason, message, now));
                return true;
            }
            return false;
        }
        if (!"False".equals(status)) {
            conditions.add(condition(type, status, reason, message, now));
            return true;
        }
        return false;
    }

    ObjectNode toJson() {
        ObjectNode s = Json.object();
        if (!conditions.isEmpty()) {
            ArrayNode list = s.putArray("conditions");
            for (JobCondition c : conditions) {
                list.add(KubeJson.tree(c));
            }
        }
        if (startTime != null) {
            s.put("startTime", startTime);
        }
        if (completionTime != null) {
            s.put("completionTime", completionTime);
        }
        Json.putNonZero(s, "active", active);
        Json.putNonZero(s, "succeeded", succeeded);
        Json.putNonZero(s, "failed", failed);
        if (terminating != null) {
            s.put("terminating", terminating);
        }
        ObjectNode uncounted = s.putObject("uncountedTerminatedPods");
        if (!uncountedSucceeded.isEmpty()) {
            ArrayNode a = uncounted.putArray("succeeded");
            uncountedSucceeded.forEach(a::add);
        }
        if (!uncountedFailed.isEmpty()) {
            ArrayNode a = uncounted.putArray("failed");
            uncountedFailed.forEach(a::add);
        }
        s.put("ready", ready);
        return s;
    }
}
