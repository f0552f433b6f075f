package io.kubesim.registry.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.GoValue;
import io.kubesim.registry.field.Path;

/**
 * ObjectMeta, label, annotation, finalizer and owner-reference validation
 * (staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go,
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go and the finalizer rule of
 * pkg/apis/core/validation/validation.go).
 */
public final class MetaValidation {

    public static final String FIELD_IMMUTABLE = "field is immutable";
    public static final String IS_NEGATIVE = "must be greater than or equal to 0";
    public static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

    private static final Set<String> STANDARD_FINALIZERS = Set.of("kubernetes", "orphan", "foregroundDeletion");

    private MetaValidation() {
    }

    /** {@code ValidateObjectMeta} for a new object whose name has been generated already. */
    public static ErrorList validateCreate(JsonNode object, boolean namespaced, NameRule nameRule) {
        ObjectNode meta = Tree.metadata(object);
        Path fld = Path.of("metadata");
        ErrorList errs = new ErrorList();
        String generateName = Tree.str(meta, "generateName");
        if (!generateName.isEmpty()) {
            errs.invalidEach(fld.child("generateName"), generateName, nameRule.check(generateName, true));
        }
        String name = Tree.str(meta, "name");
        if (name.isEmpty()) {
            errs.required(fld.child("name"), "name or generateName is required");
        } else {
            errs.invalidEach(fld.child("name"), name, nameRule.check(name, false));
        }
        String namespace = Tree.str(meta, "namespace");
        if (namespaced) {
            if (namespace.isEmpty()) {
                errs.required(fld.child("namespace"), "");
            } else {
                errs.invalidEach(fld.child("namespace"), namespace, Names.nameIsDnsLabel(namespace, false));
            }
        } else if (!namespace.isEmpty()) {
            errs.forbidden(fld.child("namespace"), "not allowed on this type");
        }
        errs.addAll(nonNegative(Tree.lng0(meta, "generation"), fld.child("generation")));
        errs.addAll(common(meta, fld));
        return errs;
    }

    /** {@code ValidateObjectMetaUpdate}. */
    public static ErrorList validateUpdate(JsonNode object, JsonNode old) {
        ObjectNode meta = Tree.metadata(object);
        ObjectNode oldMeta = Tree.metadata(old);
        Path fld = Path.of("metadata");
        ErrorList errs = new ErrorList();
        if (Tree.has(oldMeta, "deletionTimestamp")) {
            List<String> extra = new ArrayList<>(new TreeSet<>(Tree.strings(meta, "finalizers")));
            extra.removeAll(Tree.strings(oldMeta, "finalizers"));
            if (!extra.isEmpty()) {
                errs.forbidden(fld.child("finalizers"), "no new finalizers can be added if the object is being "
                        + "deleted, found new finalizers " + GoValue.stringSlice(Tree.NODES.arrayNode()
                                .addAll(extra.stream().map(Tree.NODES::stringNode).toList())));
            }
        }
        long generation = Tree.lng0(meta, "generation");
        if (generation < Tree.lng0(oldMeta, "generation")) {
            errs.invalid(fld.child("generation"), generation, "must not be decremented");
        }
        immutable(errs, fld.child("name"), Tree.str(meta, "name"), Tree.str(oldMeta, "name"));
        immutable(errs, fld.child("namespace"), Tree.str(meta, "namespace"), Tree.str(oldMeta, "namespace"));
        immutable(errs, fld.child("uid"), Tree.str(meta, "uid"), Tree.str(oldMeta, "uid"));
        immutable(errs, fld.child("creationTimestamp"), Tree.str(meta, "creationTimestamp"),
                Tree.str(oldMeta, "creationTimestamp"));
        immutable(errs, fld.child("deletionTimestamp"), Tree.str(meta, "deletionTimestamp"),
                Tree.str(oldMeta, "deletionTimestamp"));
        Long grace = Tree.lng(meta, "deletionGracePeriodSeconds");
        Long oldGrace = Tree.lng(oldMeta, "deletionGracePeriodSeconds");
        if (!Objects.equals(grace, oldGrace)) {
            errs.invalid(fld.child("deletionGracePeriodSeconds"), grace, FIELD_IMMUTABLE);
        }
        errs.addAll(common(meta, fld));
        return errs;
    }

    private static void immutable(ErrorList errs, Path path, String value, String old) {
        if (!value.equals(old)) {
            errs.invalid(path, value, FIELD_IMMUTABLE);
        }
    }

    private static ErrorList common(ObjectNode meta, Path fld) {
        ErrorList errs = new ErrorList();
        errs.addAll(labels(Tree.obj(meta, "labels"), fld.child("labels")));
        errs.addAll(annotations(Tree.obj(meta, "annotations"), fld.child("annotations")));
        errs.addAll(ownerReferences(meta, fld.child("ownerReferences")));
        List<String> finalizers = Tree.strings(meta, "finalizers");
        Path fin = fld.child("finalizers");
        for (String f : finalizers) {
            errs.invalidEach(fin, f, Names.qualifiedName(f));
        }
        if (finalizers.contains("orphan") && finalizers.contains("foregroundDeletion")) {
            errs.invalid(fin, GoValue.stringSlice(meta.get("finalizers")),
                    "finalizer orphan and foregroundDeletion cannot be both set");
        }
        for (int i = 0; i < finalizers.size(); i++) {
            errs.addAll(kubeFinalizerName(finalizers.get(i), fin.index(i)));
        }
        return errs;
    }

    /** The core finalizer rule: a qualified name that is either standard or carries a domain prefix. */
    public static ErrorList kubeFinalizerName(String value, Path path) {
        ErrorList errs = new ErrorList();
        errs.invalidEach(path, value, Names.qualifiedName(value));
        if (value.split("/", -1).length == 1 && !STANDARD_FINALIZERS.contains(value)) {
            errs.invalid(path, value, "name is neither a standard finalizer name nor is it fully qualified");
        }
        return errs;
    }

    /** {@code ValidateLabels}: every key a qualified name, every value a label value; errors carry the map path. */
    public static ErrorList labels(ObjectNode labels, Path path) {
        ErrorList errs = new ErrorList();
        if (labels == null) {
            return errs;
        }
        for (Map.Entry<String, String> e : sorted(labels).entrySet()) {
            errs.invalidEach(path, e.getKey(), Names.qualifiedName(e.getKey()));
            errs.invalidEach(path, e.getValue(), Names.labelValue(e.getValue()));
        }
        return errs;
    }

    /** {@code ValidateAnnotations}: keys are case-insensitive qualified names; total size at most 256 KiB. */
    public static ErrorList annotations(ObjectNode annotations, Path path) {
        ErrorList errs = new ErrorList();
        if (annotations == null) {
            return errs;
        }
        long total = 0;
        for (Map.Entry<String, String> e : sorted(annotations).entrySet()) {
            errs.invalidEach(path, e.getKey(), Names.qualifiedName(e.getKey().toLowerCase(Locale.ROOT)));
            total += e.getKey().length() + e.getValue().length();
        }
        if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
            errs.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT);
        }
        return errs;
    }

    private static ErrorList ownerReferences(ObjectNode meta, Path path) {
        ErrorList errs = new ErrorList();
        String firstController = "";
        for (ObjectNode ref : Tree.objects(meta, "ownerReferences")) {
            String apiVersion = Tree.str(ref, "apiVersion");
            String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
            if (version.isEmpty()) {
                errs.invalid(path.child("apiVersion"), apiVersion, "version must not be empty");
            }
            if (Tree.str(ref, "kind").isEmpty()) {
                errs.invalid(path.child("kind"), "", "must not be empty");
            }
            if (Tree.str(ref, "name").isEmpty()) {
                errs.invalid(path.child("name"), "", "must not be empty");
            }
            if (Tree.str(ref, "uid").isEmpty()) {
                errs.invalid(path.child("uid"), "", "must not be empty");
            }
            if (apiVersion.equals("v1") && Tree.str(ref, "kind").equals("Event")) {
                errs.invalid(path, GoValue.literal("v1.OwnerReference{APIVersion:\"v1\", Kind:\"Event\", Name:"
                        + GoValue.quote(Tree.str(ref, "name")) + ", UID:" + GoValue.quote(Tree.str(ref, "uid"))
                        + ", Controller:(*bool)(nil), BlockOwnerDeletion:(*bool)(nil)}"),
                        "/v1, Kind=Event is disallowed from being an owner");
            }
            if (Tree.isTrue(ref, "controller")) {
                String current = Tree.str(ref, "kind") + "/" + Tree.str(ref, "name");
                if (!firstController.isEmpty()) {
                    errs.invalid(path, GoValue.literal("[]v1.OwnerReference{...}"),
                            "Only one reference can have Controller set to true. Found \"true\" in references for "
                                    + firstController + " and " + current);
                } else {
                    firstController = current;
                }
            }
        }
        return errs;
    }

    /** {@code ValidateNonnegativeField}. */
    public static ErrorList nonNegative(long value, Path path) {
        ErrorList errs = new ErrorList();
        if (value < 0) {
            errs.invalid(path, value, IS_NEGATIVE);
        }
        return errs;
    }

    private static Map<String, String> sorted(ObjectNode map) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            out.put(e.getKey(), e.getValue().isString() ? e.getValue().stringValue() : "");
        }
        return out;
    }
}
