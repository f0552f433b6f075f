package io.kubesim.registry.apps;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.GoValue;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.NameRule;
import io.kubesim.registry.meta.Selectors;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.pod.PodDefaults;
import io.kubesim.registry.pod.PodStrategy;
import io.kubesim.registry.pod.PodValidation;
import io.kubesim.registry.strategy.Strategy;

/**
 * DaemonSets (pkg/registry/apps/daemonset/strategy.go, {@code SetDefaults_DaemonSet},
 * {@code ValidateDaemonSet*}): RollingUpdate with maxUnavailable 1 and maxSurge 0, 10 revisions; the template
 * generation lives in the {@code deprecated.daemonset.template.generation} annotation (apps/v1 has no field for it)
 * and grows with every template change; immutable selector.
 */
public final class DaemonSetStrategy implements Strategy {

    static final String TEMPLATE_GENERATION = "deprecated.daemonset.template.generation";

    @Override
    public ResourceType type() {
        return Resources.DAEMON_SETS;
    }

    @Override
    public void defaults(ObjectNode ds) {
        ObjectNode spec = Tree.ensureObj(ds, "spec");
        ObjectNode strategy = Tree.ensureObj(spec, "updateStrategy");
        if (Tree.str(strategy, "type").isEmpty()) {
            strategy.put("type", "RollingUpdate");
        }
        if (Tree.str(strategy, "type").equals("RollingUpdate")) {
            ObjectNode ru = Tree.ensureObj(strategy, "rollingUpdate");
            if (!Tree.has(ru, "maxUnavailable")) {
                ru.put("maxUnavailable", 1);
            }
            if (!Tree.has(ru, "maxSurge")) {
                ru.put("maxSurge", 0);
            }
        }
        if (!Tree.has(spec, "revisionHistoryLimit")) {
            spec.put("revisionHistoryLimit", 10);
        }
        PodDefaults.podTemplate(Tree.ensureObj(spec, "template"));
    }

    @Override
    public void prepareForCreate(ObjectNode ds) {
        Workloads.resetForCreate(ds);
        ObjectNode annotations = Tree.ensureObj(Tree.ensureObj(ds, "metadata"), "annotations");
        String given = Tree.str(annotations, TEMPLATE_GENERATION);
        if (!given.matches("[1-9][0-9]*")) {
            annotations.put(TEMPLATE_GENERATION, "1");
        }
    }

    @Override
    public ErrorList validate(ObjectNode ds) {
        ErrorList errs = MetaValidation.validateCreate(ds, true, NameRule.DNS_SUBDOMAIN);
        return errs.addAll(spec(Tree.ensureObj(ds, "spec"), Path.of("spec")));
    }

    private static ErrorList spec(ObjectNode spec, Path fld) {
        ErrorList errs = new ErrorList();
        JsonNode selector = spec.get("selector");
        Path selPath = fld.child("selector");
        if (!Tree.present(selector)) {
            errs.required(selPath, "");
        }
        errs.addAll(Selectors.validate(selector, selPath));
        ObjectNode template = Tree.ensureObj(spec, "template");
        if (Selectors.parseable(selector)) {
            errs.addAll(Workloads.labelsMatch(template, selector, fld.child("template")));
        }
        if (Selectors.isEmpty(selector)) {
            errs.invalid(selPath, GoValue.labelSelector(selector), "empty selector is invalid for daemonset");
        }
        errs.addAll(PodValidation.templateSpec(template, fld.child("template")));
        errs.addAll(Workloads.restartAlways(template, fld.child("template")));
        Long deadline = Tree.lng(Tree.obj(template, "spec"), "activeDeadlineSeconds");
        if (deadline != null) {
            errs.invalid(fld.child("template", "spec", "activeDeadlineSeconds"), deadline,
                    "activeDeadlineSeconds in DaemonSet is not Supported");
        }
        errs.addAll(MetaValidation.nonNegative(Tree.lng0(spec, "minReadySeconds"), fld.child("minReadySeconds")));
        errs.addAll(updateStrategy(Tree.obj(spec, "updateStrategy"), fld.child("updateStrategy")));
        Long history = Tree.lng(spec, "revisionHistoryLimit");
        if (history != null) {
            errs.addAll(MetaValidation.nonNegative(history, fld.child("revisionHistoryLimit")));
        }
        return errs;
    }

    private static ErrorList updateStrategy(ObjectNode strategy, Path fld) {
        ErrorList errs = new ErrorList();
        String type = Tree.str(strategy, "type");
        switch (type) {
            case "OnDelete" -> {
            }
            case "RollingUpdate" -> {
                ObjectNode ru = Tree.obj(strategy, "rollingUpdate");
                if (ru == null) {
                    return errs.required(fld.child("rollingUpdate"), "");
                }
                Path rp = fld.child("rollingUpdate");
                JsonNode maxUnavailable = ru.get("maxUnavailable");
                JsonNode maxSurge = ru.get("maxSurge");
                errs.addAll(IntOrPercent.positiveIntOrPercent(maxUnavailable, rp.child("maxUnavailable")));
                errs.addAll(IntOrPercent.positiveIntOrPercent(maxSurge, rp.child("maxSurge")));
                errs.addAll(IntOrPercent.notMoreThan100Percent(maxUnavailable, rp.child("maxUnavailable")));
                errs.addAll(IntOrPercent.notMoreThan100Percent(maxSurge, rp.child("maxSurge")));
                boolean hasUnavailable = IntOrPercent.intOrPercentValue(maxUnavailable) != 0;
                boolean hasSurge = IntOrPercent.intOrPercentValue(maxSurge) != 0;
                if (hasUnavailable && hasSurge) {
                    errs.invalid(rp.child("maxSurge"), GoValue.intOrString(maxSurge),
                            "may not be set when maxUnavailable is non-zero");
                } else if (!hasUnavailable && !hasSurge) {
                    errs.required(rp.child("maxUnavailable"), "cannot be 0 when maxSurge is 0");
                }
            }
            default -> errs.notSupported(fld, GoValue.literal("apps.DaemonSetUpdateStrategy{Type:"
                    + GoValue.quote(type) + ", RollingUpdate:(*apps.RollingUpdateDaemonSet)("
                    + (Tree.has(strategy, "rollingUpdate") ? "0xc000000000" : "nil") + ")}"),
                    List.of("RollingUpdate", "OnDelete"));
        }
        return errs;
    }

    @Override
    public void prepareForUpdate(ObjectNode ds, ObjectNode old) {
        PodStrategy.keepStatus(ds, old);
        ObjectNode annotations = Tree.ensureObj(Tree.ensureObj(ds, "metadata"), "annotations");
        String oldGeneration = Tree.str(Tree.obj(Tree.metadata(old), "annotations"), TEMPLATE_GENERATION);
        long generation = oldGeneration.matches("[0-9]+") ? Long.parseLong(oldGeneration) : 1;
        JsonNode template = Tree.obj(ds, "spec") == null ? null : Tree.obj(ds, "spec").get("template");
        JsonNode oldTemplate = Tree.obj(old, "spec") == null ? null : Tree.obj(old, "spec").get("template");
        if (!Tree.semanticEqual(template, oldTemplate)) {
            generation++;
        }
        annotations.put(TEMPLATE_GENERATION, Long.toString(generation));
        Workloads.bumpGenerationIfSpecChanged(ds, old, false);
    }

    @Override
    public ErrorList validateUpdate(ObjectNode ds, ObjectNode old) {
        ErrorList errs = MetaValidation.validateUpdate(ds, old);
        errs.addAll(spec(Tree.ensureObj(ds, "spec"), Path.of("spec")));
        return errs.addAll(Workloads.selectorImmutable(ds, old));
    }

    @Override
    public ErrorList validateStatusUpdate(ObjectNode ds, ObjectNode old) {
        ErrorList errs = MetaValidation.validateUpdate(ds, old);
        return errs.addAll(Workloads.nonNegative(Tree.obj(ds, "status"), Path.of("status"), "currentNumberScheduled",
                "numberMisscheduled", "desiredNumberScheduled", "numberReady", "observedGeneration",
                "updatedNumberScheduled", "numberAvailable", "numberUnavailable"));
    }
}
