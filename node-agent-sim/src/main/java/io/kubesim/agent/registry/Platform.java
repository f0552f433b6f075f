package io.kubesim.agent.registry;

import java.util.Locale;

/**
 * An OCI platform: the {@code os}, {@code architecture}, {@code variant} and, for Windows, {@code os.version} of one
 * entry of a manifest list, or of a node.
 *
 * <p>Matching follows containerd's platform matcher (github.com/containerd/platforms): os and architecture must be
 * equal; an arm64 node (variant v8) takes images without a variant or with v8; a Windows image that names an
 * {@code os.version} needs a node with the same build (major.minor.build), since process-isolated Windows containers
 * only run on the build they were made for.
 */
public record Platform(String os, String architecture, String variant, String osVersion) {

    public Platform {
        os = os.toLowerCase(Locale.ROOT);
        architecture = normaliseArchitecture(architecture.toLowerCase(Locale.ROOT));
        variant = variant == null || variant.isEmpty() ? null : variant;
        osVersion = osVersion == null || osVersion.isEmpty() ? null : osVersion;
    }

    /** Parses {@code os/architecture[/variant]}, e.g. {@code linux/arm64/v8}. */
    public static Platform parse(String text, String osVersion) {
        String[] parts = text.trim().split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("a platform is os/architecture[/variant], was " + text);
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null, osVersion);
    }

    /** The platform of a node of this os and architecture (arm64 nodes are v8, as containerd reports them). */
    public static Platform ofNode(String os, String architecture, String osVersion) {
        String arch = normaliseArchitecture(architecture);
        return new Platform(os, arch, arch.equals("arm64") ? "v8" : null, osVersion);
    }

    /** Whether an image published for this platform runs on {@code node}. */
    public boolean runsOn(Platform node) {
        if (!os.equals(node.os) || !architecture.equals(node.architecture)) {
            return false;
        }
        if (variant != null && node.variant != null && !variant.equals(node.variant)
                && !architecture.equals("amd64")) {
            return false;
        }
        if (variant != null && node.variant == null && !architecture.equals("amd64")) {
            return false;
        }
        if (os.equals("windows") && osVersion != null && node.osVersion != null) {
            return build(osVersion).equals(build(node.osVersion));
        }
        return true;
    }

    private static String build(String version) {
        String[] parts = version.split("\\.");
        return parts.length >= 3 ? parts[0] + "." + parts[1] + "." + parts[2] : version;
    }

    private static String normaliseArchitecture(String arch) {
        return switch (arch) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            case "i386" -> "386";
            default -> arch;
        };
    }

    @Override
    public String toString() {
        String s = os + "/" + architecture + (variant == null ? "" : "/" + variant);
        return osVersion == null ? s : s + " (" + osVersion + ")";
    }
}
