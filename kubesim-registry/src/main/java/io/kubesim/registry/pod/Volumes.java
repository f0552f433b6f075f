package io.kubesim.registry.pod;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.Names;
import io.kubesim.registry.meta.Tree;

/**
 * Pod volume validation ({@code ValidateVolumes} and {@code validateVolumeSource} of
 * pkg/apis/core/validation/validation.go): unique DNS-label names, exactly one source, and the required fields of
 * the common sources (hostPath, secret, configMap, persistentVolumeClaim, nfs, csi).
 */
final class Volumes {

    /** The sources in upstream's checking order; the second one found is "more than 1 volume type". */
    private static final List<String> SOURCES = List.of("emptyDir", "hostPath", "gitRepo", "gcePersistentDisk",
            "awsElasticBlockStore", "secret", "nfs", "iscsi", "glusterfs", "flocker", "persistentVolumeClaim", "rbd",
            "cinder", "cephfs", "quobyte", "downwardAPI", "fc", "flexVolume", "configMap", "azureFile",
            "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk", "storageos", "projected",
            "scaleIO", "csi", "ephemeral", "image");
    private static final List<String> HOST_PATH_TYPES = List.of("", "BlockDevice", "CharDevice", "Directory",
            "DirectoryOrCreate", "File", "FileOrCreate", "Socket");

    private Volumes() {
    }

    /** The validation errors; the names of the valid volumes are added to {@code valid}. */
    static ErrorList validate(List<ObjectNode> volumes, Path fld, Set<String> valid) {
        ErrorList all = new ErrorList();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < volumes.size(); i++) {
            ObjectNode vol = volumes.get(i);
            Path idx = fld.index(i);
            String name = Tree.str(vol, "name");
            ErrorList el = source(vol, idx);
            if (name.isEmpty()) {
                el.required(idx.child("name"), "");
            } else {
                el.invalidEach(idx.child("name"), name, Names.dns1123Label(name));
            }
            if (names.contains(name)) {
                el.duplicate(idx.child("name"), name);
            }
            if (el.isEmpty()) {
                names.add(name);
            } else {
                all.addAll(el);
            }
        }
        valid.addAll(names);
        return all;
    }

    private static ErrorList source(ObjectNode vol, Path fld) {
        ErrorList errs = new ErrorList();
        int count = 0;
        for (String s : SOURCES) {
            ObjectNode src = Tree.obj(vol, s);
            if (src == null) {
                continue;
            }
            if (count > 0) {
                errs.forbidden(fld.child(s.equals("downwardAPI") ? "downwarAPI" : s),
                        "may not specify more than 1 volume type");
                continue;
            }
            count++;
            Path p = fld.child(s);
            switch (s) {
                case "hostPath" -> {
                    String path = Tree.str(src, "path");
                    if (path.isEmpty()) {
                        errs.required(p.child("path"), "");
                    } else {
                        errs.addAll(noBacksteps(path, p.child("path")));
                        String type = Tree.str(src, "type");
                        if (!HOST_PATH_TYPES.contains(type)) {
                            errs.notSupported(p.child("type"), type, HOST_PATH_TYPES);
                        }
                    }
                }
                case "secret" -> {
                    if (Tree.str(src, "secretName").isEmpty()) {
                        errs.required(p.child("secretName"), "");
                    }
                    errs.addAll(fileMode(src, p));
                }
                case "configMap" -> {
                    if (Tree.str(src, "name").isEmpty()) {
                        errs.required(p.child("name"), "");
                    }
                    errs.addAll(fileMode(src, p));
                }
                case "persistentVolumeClaim" -> {
                    if (Tree.str(src, "claimName").isEmpty()) {
                        errs.required(p.child("claimName"), "");
                    }
                }
                case "nfs" -> {
                    if (Tree.str(src, "server").isEmpty()) {
                        errs.required(p.child("server"), "");
                    }
                    if (Tree.str(src, "path").isEmpty()) {
                        errs.required(p.child("path"), "");
                    } else if (!Tree.str(src, "path").startsWith("/")) {
                        errs.invalid(p.child("path"), Tree.str(src, "path"), "must be an absolute path");
                    }
                }
                case "csi" -> {
                    if (Tree.str(src, "driver").isEmpty()) {
                        errs.required(p.child("driver"), "");
                    }
                }
                default -> {
                }
            }
        }
        if (count == 0) {
            errs.required(fld, "must specify a volume type");
        }
        return errs;
    }

    private static ErrorList fileMode(ObjectNode src, Path p) {
        ErrorList errs = new ErrorList();
        Long mode = Tree.lng(src, "defaultMode");
        if (mode != null && (mode < 0 || mode > 0777)) {
            errs.invalid(p.child("defaultMode"), mode, "must be a number between 0 and 0777 (octal), both inclusive");
        }
        return errs;
    }

    /** {@code validateLocalDescendingPath}: relative and without "..". */
    static ErrorList localDescendingPath(String target, Path fld) {
        ErrorList errs = new ErrorList();
        if (target.startsWith("/")) {
            errs.invalid(fld, target, "must be a relative path");
        }
        return errs.addAll(noBacksteps(target, fld));
    }

    private static ErrorList noBacksteps(String target, Path fld) {
        ErrorList errs = new ErrorList();
        if (Arrays.asList(target.split("/", -1)).contains("..")) {
            errs.invalid(fld, target, "must not contain '..'");
        }
        return errs;
    }
}
