package io.kubesim.registry.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

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
 * Secrets ({@code ValidateSecret}/{@code ValidateSecretUpdate} of pkg/apis/core/validation/validation.go,
 * {@code SetDefaults_Secret}, and the v1 conversion that folds {@code stringData} into base64 {@code data}):
 * type {@code Opaque} by default, valid keys, at most 1 MiB, the keys each well-known type requires, immutable type.
 */
public final class SecretStrategy implements Strategy {

    @Override
    public ResourceType type() {
        return Resources.SECRETS;
    }

    @Override
    public void defaults(ObjectNode secret) {
        if (Tree.str(secret, "type").isEmpty()) {
            secret.put("type", "Opaque");
        }
        ObjectNode stringData = Tree.obj(secret, "stringData");
        if (stringData != null) {
            ObjectNode data = Tree.ensureObj(secret, "data");
            for (Map.Entry<String, String> e : Tree.stringMap(secret, "stringData").entrySet()) {
                data.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)));
            }
            secret.remove("stringData");
        }
    }

    @Override
    public ErrorList validate(ObjectNode secret) {
        ErrorList errs = MetaValidation.validateCreate(secret, true, NameRule.DNS_SUBDOMAIN);
        Path dataPath = Path.of("data");
        long total = 0;
        Map<String, String> data = Tree.stringMap(secret, "data");
        for (Map.Entry<String, String> e : data.entrySet()) {
            errs.invalidEach(dataPath.key(e.getKey()), e.getKey(), Names.configMapKey(e.getKey()));
            total += e.getValue().length() * 3L / 4;
        }
        if (total > ConfigMapStrategy.MAX_SIZE) {
            errs.tooLong(dataPath, ConfigMapStrategy.MAX_SIZE);
        }
        switch (Tree.str(secret, "type")) {
            case "kubernetes.io/service-account-token" -> {
                if (Tree.str(Tree.obj(Tree.metadata(secret), "annotations"), "kubernetes.io/service-account.name")
                        .isEmpty()) {
                    errs.required(Path.of("metadata", "annotations").key("kubernetes.io/service-account.name"), "");
                }
            }
            case "kubernetes.io/dockercfg" -> required(errs, data, dataPath, ".dockercfg");
            case "kubernetes.io/dockerconfigjson" -> required(errs, data, dataPath, ".dockerconfigjson");
            case "kubernetes.io/basic-auth" -> {
                if (!data.containsKey("username") && !data.containsKey("password")) {
                    errs.required(dataPath.key("username"), "");
                    errs.required(dataPath.key("password"), "");
                }
            }
            case "kubernetes.io/ssh-auth" -> {
                if (data.getOrDefault("ssh-privatekey", "").isEmpty()) {
                    errs.required(dataPath.key("ssh-privatekey"), "");
                }
            }
            case "kubernetes.io/tls" -> {
                required(errs, data, dataPath, "tls.crt");
                required(errs, data, dataPath, "tls.key");
            }
            default -> {
            }
        }
        return errs;
    }

    private static void required(ErrorList errs, Map<String, String> data, Path dataPath, String key) {
        if (!data.containsKey(key)) {
            errs.required(dataPath.key(key), "");
        }
    }

    @Override
    public ErrorList validateUpdate(ObjectNode secret, ObjectNode old) {
        ErrorList errs = MetaValidation.validateUpdate(secret, old);
        String type = Tree.str(secret, "type");
        if (!type.equals(Tree.str(old, "type"))) {
            errs.invalid(Path.of("type"), type, MetaValidation.FIELD_IMMUTABLE);
        }
        errs.addAll(ConfigMapStrategy.immutable(secret, old, "data"));
        return errs.addAll(validate(secret));
    }
}
