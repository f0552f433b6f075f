package io.kubesim.registry.batch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.GoValue;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.NameRule;
import io.kubesim.registry.meta.Names;
import io.kubesim.registry.meta.Selectors;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.pod.PodDefaults;
import io.kubesim.registry.pod.PodStrategy;
import io.kubesim.registry.pod.PodValidation;
import io.kubesim.registry.strategy.Strategy;

/**
 * Jobs (pkg/registry/batch/job/strategy.go, {@code SetDefaults_Job} of pkg/apis/batch/v1/defaults.go,
 * {@code ValidateJob*} of pkg/apis/batch/validation/validation.go): completions and parallelism 1 when both are
 * unset, backoffLimit 6, NonIndexed, not suspended, pods replaced when terminating or failed; a generated selector
 * {@code batch.kubernetes.io/controller-uid=<uid>} and matching template labels unless {@code manualSelector};
 * template restartPolicy OnFailure or Never; selector, completion mode and template immutable.
 */
public final class JobStrategy implements Strategy {

    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String JOB_NAME = "batch.kubernetes.io/job-name";
    static final String LEGACY_CONTROLLER_UID = "controller-uid";
    static final String LEGACY_JOB_NAME = "job-name";

    @Override
    public ResourceType type() {
        return Resources.JOBS;
    }

    @Override
    public void defaults(ObjectNode job) {
        ObjectNode spec = Tree.ensureObj(job, "spec");
        if (!Tree.has(spec, "completions") && !Tree.has(spec, "parallelism")) {
            spec.put("completions", 1);
            spec.put("parallelism", 1);
        }
        if (!Tree.has(spec, "parallelism")) {
            spec.put("parallelism", 1);
        }
        if (!Tree.has(spec, "backoffLimit")) {
            spec.put("backoffLimit", Tree.has(spec, "backoffLimitPerIndex") ? Integer.MAX_VALUE : 6);
        }
        ObjectNode template = Tree.ensureObj(spec, "template");
        ObjectNode templateLabels = Tree.obj(Tree.obj(template, "metadata"), "labels");
        if (templateLabels != null && Tree.stringMap(Tree.metadata(job), "labels").isEmpty()) {
            Tree.ensureObj(job, "metadata").set("labels", templateLabels.deepCopy());
        }
        if (!Tree.has(spec, "completionMode")) {
            spec.put("completionMode", "NonIndexed");
        }
        if (!Tree.has(spec, "suspend")) {
            spec.put("suspend", false);
        }
        if (!Tree.has(spec, "podReplacementPolicy")) {
            spec.put("podReplacementPolicy", Tree.has(spec, "podFailurePolicy") ? "Failed" : "TerminatingOrFailed");
        }
        if (!Tree.has(spec, "manualSelector")) {
            spec.put("manualSelector", false);
        }
        PodDefaults.podTemplate(template);
    }

    @Override
    public void prepareForCreate(ObjectNode job) {
        ObjectNode spec = Tree.ensureObj(job, "spec");
        if (!Tree.isTrue(spec, "manualSelector")) {
            generateSelector(job, spec);
        }
        job.putObject("status");
        Tree.ensureObj(job, "metadata").put("generation", 1);
    }

    /** {@code generateSelector}: job-name and controller-uid labels (new and legacy) and a uid selector. */
    private static void generateSelector(ObjectNode job, ObjectNode spec) {
        String name = Tree.name(job);
        String uid = Tree.str(Tree.metadata(job), "uid");
        ObjectNode labels = Tree.ensureObj(Tree.ensureObj(Tree.ensureObj(spec, "template"), "metadata"), "labels");
        for (String key : List.of(LEGACY_JOB_NAME, JOB_NAME)) {
            if (!labels.has(key)) {
                labels.put(key, name);
            }
        }
        for (String key : List.of(LEGACY_CONTROLLER_UID, CONTROLLER_UID)) {
            if (!labels.has(key)) {
                labels.put(key, uid);
            }
        }
        ObjectNode matchLabels = Tree.ensureObj(Tree.ensureObj(spec, "selector"), "matchLabels");
        if (!matchLabels.has(CONTROLLER_UID)) {
            matchLabels.put(CONTROLLER_UID, uid);
        }
    }

    @Override
    public ErrorList validate(ObjectNode job) {
        ErrorList errs = MetaValidation.validateCreate(job, true, NameRule.DNS_SUBDOMAIN);
        errs.addAll(generatedSelector(job));
        ObjectNode spec = Tree.ensureObj(job, "spec");
        errs.addAll(spec(spec, Path.of("spec")));
        String mode = Tree.str(spec, "completionMode");
        Long completions = Tree.lng(spec, "completions");
        if (mode.equals("Indexed") && completions != null && completions > 0) {
            String hostname = Tree.name(job) + "-" + (completions - 1);
            if (!Names.dns1123Label(hostname).isEmpty()) {
                errs.invalid(Path.of("metadata", "name"), Tree.name(job),
                        "will not able to create pod with invalid DNS label: " + hostname);
            }
        }
        return errs;
    }

    /** {@code ValidateGeneratedSelector}. */
    private static ErrorList generatedSelector(ObjectNode job) {
        ErrorList errs = new ErrorList();
        ObjectNode spec = Tree.obj(job, "spec");
        if (Tree.isTrue(spec, "manualSelector") || !Tree.has(spec, "selector")) {
            return errs;
        }
        String uid = Tree.str(Tree.metadata(job), "uid");
        if (uid.isEmpty()) {
            errs.required(Path.of("metadata", "uid"), "");
        }
        ObjectNode templateMeta = Tree.obj(Tree.obj(spec, "template"), "metadata");
        Path tp = Path.of("spec", "template", "metadata");
        errs.addAll(hasLabel(templateMeta, tp, CONTROLLER_UID, uid));
        errs.addAll(hasLabel(templateMeta, tp, JOB_NAME, Tree.name(job)));
        Map<String, String> expected = new HashMap<>();
        expected.put(CONTROLLER_UID, uid);
        expected.put(LEGACY_CONTROLLER_UID, uid);
        JsonNode selector = spec.get("selector");
        if (Selectors.parseable(selector) && !Selectors.matches(selector, expected)) {
            errs.invalid(Path.of("spec", "selector"), GoValue.labelSelector(selector), "`selector` not auto-generated");
        }
        return errs;
    }

    /** {@code ValidateHasLabel}. */
    private static ErrorList hasLabel(ObjectNode meta, Path fld, String key, String expected) {
        ErrorList errs = new ErrorList();
        ObjectNode labels = Tree.obj(meta, "labels");
        if (labels == null || !labels.has(key)) {
            return errs.required(fld.child("labels").key(key), "must be '" + expected + "'");
        }
        if (!Tree.str(labels, key).equals(expected)) {
            errs.invalid(fld.child("labels").key(key), GoValue.stringMap(labels), "must be '" + expected + "'");
        }
        return errs;
    }

    /** {@code ValidateJobSpec}. */
    private static ErrorList spec(ObjectNode spec, Path fld) {
        ErrorList errs = new ErrorList();
        for (String f : List.of("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
                "ttlSecondsAfterFinished")) {
            Long v = Tree.lng(spec, f);
            if (v != null) {
                errs.addAll(MetaValidation.nonNegative(v, fld.child(f)));
            }
        }
        String mode = Tree.str(spec, "completionMode");
        if (Tree.has(spec, "completionMode")) {
            if (!mode.equals("NonIndexed") && !mode.equals("Indexed")) {
                errs.notSupported(fld.child("completionMode"), mode, List.of("NonIndexed", "Indexed"));
            }
            if (mode.equals("Indexed") && !Tree.has(spec, "completions")) {
                errs.required(fld.child("completions"), "when completion mode is Indexed");
            }
        }
        if (Tree.has(spec, "podReplacementPolicy")) {
            String policy = Tree.str(spec, "podReplacementPolicy");
            if (Tree.has(spec, "podFailurePolicy")) {
                if (!policy.equals("Failed")) {
                    errs.notSupported(fld.child("podReplacementPolicy"), policy, List.of("Failed"));
                }
            } else if (!policy.equals("Failed") && !policy.equals("TerminatingOrFailed")) {
                errs.notSupported(fld.child("podReplacementPolicy"), policy, List.of("Failed", "TerminatingOrFailed"));
            }
        }
        ObjectNode template = Tree.ensureObj(spec, "template");
        errs.addAll(PodValidation.templateSpec(template, fld.child("template")));
        String restart = Tree.str(Tree.obj(template, "spec"), "restartPolicy");
        Path rp = fld.child("template", "spec", "restartPolicy");
        if (restart.isEmpty() || restart.equals("Always")) {
            errs.required(rp, "valid values: \"OnFailure\", \"Never\"");
        } else if (!restart.equals("OnFailure") && !restart.equals("Never")) {
            errs.notSupported(rp, restart, List.of("OnFailure", "Never"));
        } else if (Tree.has(spec, "podFailurePolicy") && !restart.equals("Never")) {
            errs.invalid(rp, restart, "only \"Never\" is supported when podFailurePolicy is specified");
        }
        JsonNode selector = spec.get("selector");
        if (!Tree.present(selector)) {
            errs.required(fld.child("selector"), "");
        } else {
            errs.addAll(Selectors.validate(selector, fld.child("selector")));
        }
        if (Selectors.parseable(selector)
                && !Selectors.matches(selector, Tree.stringMap(Tree.obj(template, "metadata"), "labels"))) {
            errs.invalid(fld.child("template", "metadata", "labels"),
                    GoValue.stringMap(Tree.obj(Tree.obj(template, "metadata"), "labels")),
                    "`selector` does not match template `labels`");
        }
        return errs;
    }

    @Override
    public void prepareForUpdate(ObjectNode job, ObjectNode old) {
        PodStrategy.keepStatus(job, old);
        if (!Tree.semanticEqual(job.get("spec"), old.get("spec"))) {
            Tree.ensureObj(job, "metadata").put("generation", Tree.lng0(Tree.metadata(old), "generation") + 1);
        }
    }

    @Override
    public ErrorList validateUpdate(ObjectNode job, ObjectNode old) {
        ErrorList errs = MetaValidation.validateUpdate(job, old);
        errs.addAll(generatedSelector(job));
        ObjectNode spec = Tree.ensureObj(job, "spec");
        ObjectNode oldSpec = Tree.ensureObj(old.deepCopy(), "spec");
        Path fld = Path.of("spec");
        errs.addAll(spec(spec, fld));
        boolean elastic = Tree.str(spec, "completionMode").equals("Indexed")
                && Objects.equals(Tree.lng(spec, "completions"), Tree.lng(spec, "parallelism"))
                && Objects.equals(Tree.lng(oldSpec, "completions"), Tree.lng(oldSpec, "parallelism"));
        if (!elastic) {
            immutable(errs, spec, oldSpec, fld, "completions");
        }
        if (!Tree.semanticEqual(spec.get("selector"), oldSpec.get("selector"))) {
            errs.invalid(fld.child("selector"), GoValue.labelSelector(spec.get("selector")),
                    MetaValidation.FIELD_IMMUTABLE);
        }
        errs.addAll(templateUpdate(spec, oldSpec, old, fld));
        for (String f : List.of("completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy",
                "successPolicy")) {
            immutable(errs, spec, oldSpec, fld, f);
        }
        return errs;
    }

    /**
     * The template is immutable, except that a suspended job that never started may change its scheduling
     * directives (node affinity, node selector, tolerations, scheduling gates, labels, annotations).
     */
    private static ErrorList templateUpdate(ObjectNode spec, ObjectNode oldSpec, ObjectNode old, Path fld) {
        ErrorList errs = new ErrorList();
        JsonNode template = spec.get("template");
        JsonNode oldTemplate = oldSpec.get("template");
        if (Tree.semanticEqual(template, oldTemplate)) {
            return errs;
        }
        boolean mutable = template instanceof ObjectNode && oldTemplate instanceof ObjectNode
                && Tree.isTrue(oldSpec, "suspend") && !Tree.has(Tree.obj(old, "status"), "startTime");
        if (mutable) {
            ObjectNode a = (ObjectNode) template.deepCopy();
            ObjectNode b = (ObjectNode) oldTemplate.deepCopy();
            for (ObjectNode t : List.of(a, b)) {
                ObjectNode meta = Tree.obj(t, "metadata");
                if (meta != null) {
                    meta.remove(List.of("labels", "annotations"));
                }
                ObjectNode podSpec = Tree.obj(t, "spec");
                if (podSpec != null) {
                    podSpec.remove(List.of("nodeSelector", "tolerations", "schedulingGates"));
                    ObjectNode affinity = Tree.obj(podSpec, "affinity");
                    if (affinity != null) {
                        affinity.remove("nodeAffinity");
                    }
                }
            }
            if (Tree.semanticEqual(a, b)) {
                return errs;
            }
        }
        return errs.invalid(fld.child("template"), GoValue.literal("core.PodTemplateSpec{...}"),
                MetaValidation.FIELD_IMMUTABLE);
    }

    private static void immutable(ErrorList errs, ObjectNode spec, ObjectNode oldSpec, Path fld, String field) {
        JsonNode v = spec.get(field);
        if (!Tree.semanticEqual(v, oldSpec.get(field))) {
            Object bad = v == null || v.isNull() ? null
                    : v.isString() ? v.stringValue() : v.isNumber() ? (Object) v.asLong() : GoValue.literal(v.toString());
            errs.invalid(fld.child(field), bad, MetaValidation.FIELD_IMMUTABLE);
        }
    }

    /**
     * A stored job is decoded with defaults again when read, so {@code SetDefaults_Job} copies the generated template
     * labels onto a job that has none; doing it here returns the object as a read would.
     */
    @Override
    public void canonicalize(ObjectNode job) {
        ObjectNode templateLabels = Tree.obj(Tree.obj(Tree.obj(Tree.obj(job, "spec"), "template"), "metadata"),
                "labels");
        if (templateLabels != null && Tree.stringMap(Tree.metadata(job), "labels").isEmpty()) {
            Tree.ensureObj(job, "metadata").set("labels", templateLabels.deepCopy());
        }
    }

    @Override
    public ErrorList validateStatusUpdate(ObjectNode job, ObjectNode old) {
        ErrorList errs = MetaValidation.validateUpdate(job, old);
        ObjectNode status = Tree.obj(job, "status");
        for (String f : List.of("active", "succeeded", "failed")) {
            errs.addAll(MetaValidation.nonNegative(Tree.lng0(status, f), Path.of("status", f)));
        }
        return errs;
    }
}
