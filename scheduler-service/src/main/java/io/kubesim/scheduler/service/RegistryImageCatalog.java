package io.kubesim.scheduler.service;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.kubesim.agent.registry.ImageCatalog;
import io.kubesim.agent.registry.ImageName;
import io.kubesim.scheduler.plugins.imagearchitecture.ImagePlatformCatalog;

/**
 * The simulated registry's catalog (node-agent-sim's {@code registry/catalog.yaml} plus extra files), as the
 * ImageArchitecture filter reads it: an image reference is normalised the way the container runtime does
 * ({@code nginx} is {@code docker.io/library/nginx:latest}), and its platforms are those of the build publishing its
 * tag (a digest reference gets the repository's wildcard build). References the registry does not know, or cannot
 * parse, are unknown: the filter lets them pass, and the agent decides at pull time. Lookups are memoised.
 */
public final class RegistryImageCatalog implements ImagePlatformCatalog {

    private final ImageCatalog catalog;
    private final Map<String, Optional<Set<ImagePlatformCatalog.Platform>>> memo = new ConcurrentHashMap<>();

    public RegistryImageCatalog(ImageCatalog catalog) {
        this.catalog = catalog;
    }

    /** The built-in catalog plus {@code extraFiles}. */
    public static RegistryImageCatalog load(List<Path> extraFiles) {
        return new RegistryImageCatalog(ImageCatalog.load(extraFiles));
    }

    @Override
    public Optional<Set<ImagePlatformCatalog.Platform>> platformsOf(String image) {
        return memo.computeIfAbsent(image, this::lookup);
    }

    private Optional<Set<ImagePlatformCatalog.Platform>> lookup(String image) {
        ImageName name;
        try {
            name = ImageName.parse(image);
        } catch (ImageName.InvalidImageName e) {
            return Optional.empty();
        }
        // a digest reference has no tag: the repository's wildcard build stands for it
        String tag = name.tag() == null ? "*" : name.tag();
        return catalog.repository(name)
                .flatMap(repo -> repo.build(tag))
                .map(build -> {
                    Set<ImagePlatformCatalog.Platform> out = new LinkedHashSet<>();
                    for (io.kubesim.agent.registry.Platform p : build.platforms()) {
                        out.add(new ImagePlatformCatalog.Platform(p.os(), p.architecture(),
                                p.variant() == null ? "" : p.variant()));
                    }
                    return Set.copyOf(out);
                });
    }
}
