package io.kubesim.registry.core;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.NameRule;
import io.kubesim.registry.meta.Names;
import io.kubesim.registry.meta.Tree;
import io.kubesim.registry.strategy.Strategy;

/**
 * ConfigMaps ({@code ValidateConfigMap}/{@code ValidateConfigMapUpdate} of pkg/apis/core/validation/validation.go):
 * valid keys, no key in both data and binaryData, at most 1 MiB, nothing changes once {@code immutable} is set.
 */
public final class ConfigMapStrategy implements Strategy {

    static final int MAX_SIZE = 1024 * 1024;

    @Override
    public ResourceType type() {
        return Resources.CONFIGMAPS;
    }

    @Override
    public void defaults(ObjectNode cm) {
        // ConfigMaps have no defaults beyond the empty data map, which is not serialized.
    }

    @Override
    public ErrorList validate(ObjectNode cm) {
        ErrorList errs = MetaValidation.validateCreate(cm, true, NameRule.DNS_SUBDOMAIN);
        long total = 0;
        ObjectNode binary = Tree.obj(cm, "binaryData");
        for (Map.Entry<String, String> e : Tree.stringMap(cm, "data").entrySet()) {
            Path p = Path.of("data").key(e.getKey());
            errs.invalidEach(p, e.getKey(), Names.configMapKey(e.getKey()));
            if (binary != null && binary.has(e.getKey())) {
                errs.invalid(p, e.getKey(), "duplicate of key present in binaryData");
            }
            total += e.getValue().length();
        }
        for (Map.Entry<String, String> e : Tree.stringMap(cm, "binaryData").entrySet()) {
            errs.invalidEach(Path.of("binaryData").key(e.getKey()), e.getKey(), Names.configMapKey(e.getKey()));
            total += e.getValue().length() * 3L / 4;
        }
        if (total > MAX_SIZE) {
            errs.tooLong(Path.of(""), MAX_SIZE);
        }
        return errs;
    }

    @Override
    public ErrorList validateUpdate(ObjectNode cm, ObjectNode old) {
        ErrorList errs = MetaValidation.validateUpdate(cm, old);
        errs.addAll(immutable(cm, old, "data", "binaryData"));
        return errs.addAll(validate(cm));
    }

    /** The rule of ConfigMaps and Secrets marked {@code immutable: true}. */
    static ErrorList immutable(ObjectNode now, ObjectNode old, String... fields) {
        ErrorList errs = new ErrorList();
        if (!Tree.isTrue(old, "immutable")) {
            return errs;
        }
        if (!Tree.isTrue(now, "immutable")) {
            errs.forbidden(Path.of("immutable"), "field is immutable when `immutable` is set");
        }
        for (String f : fields) {
            JsonNode a = now.get(f);
            JsonNode b = old.get(f);
            if (!Tree.semanticEqual(a, b)) {
                errs.forbidden(Path.of(f), "field is immutable when `immutable` is set");
            }
        }
        return errs;
    }
}
