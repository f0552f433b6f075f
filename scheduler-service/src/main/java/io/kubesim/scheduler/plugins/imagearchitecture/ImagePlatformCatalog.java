package io.kubesim.scheduler.plugins.imagearchitecture;

import java.util.Optional;
import java.util.Set;

/** Which platforms an image is published for (the simulated registry). */
public interface ImagePlatformCatalog {

    /** A platform of an image manifest. */
    record Platform(String os, String architecture, String variant) {
    }

    /** The image's platforms, or empty when the registry does not know the image. */
    Optional<Set<Platform>> platformsOf(String image);
}
