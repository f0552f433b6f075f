package io.kubesim.agent.registry;

import java.util.regex.Pattern;

/**
 * An image reference normalised the way the container runtime does it (containerd's docker reference parsing:
 * github.com/distribution/reference normalize.go): {@code nginx} is {@code docker.io/library/nginx:latest},
 * {@code kongru/dockerize:base} is {@code docker.io/kongru/dockerize:base}, a first component with a dot, a colon or
 * {@code localhost} is a registry host.
 *
 * @param domain the registry host, e.g. {@code docker.io}, {@code registry.k8s.io}, {@code localhost:5000}
 * @param path   the repository path inside the registry, e.g. {@code library/nginx}
 * @param tag    the tag; {@code latest} when neither a tag nor a digest was given
 * @param digest {@code sha256:...} when the reference names a digest, else null
 */
public record ImageName(String domain, String path, String tag, String digest) {

    public static final String DOCKER_HUB = "docker.io";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

    /** Why a reference cannot be parsed, with the runtime's wording. */
    public static final class InvalidImageName extends Exception {
        public InvalidImageName(String message) {
            super(message);
        }
    }

    /** Parses and normalises {@code reference}. */
    public static ImageName parse(String reference) throws InvalidImageName {
        if (reference == null || reference.isEmpty() || !reference.equals(reference.strip())) {
            throw new InvalidImageName("invalid reference format");
        }
        String rest = reference;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new InvalidImageName("invalid reference format");
            }
        }
        String domain;
        String remainder;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? null : rest.substring(0, slash);
        if (first != null && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
            domain = first;
            remainder = rest.substring(slash + 1);
        } else {
            domain = DOCKER_HUB;
            remainder = rest;
        }
        if (domain.equals("index.docker.io")) {
            domain = DOCKER_HUB;
        }
        if (domain.equals(DOCKER_HUB) && !remainder.contains("/")) {
            remainder = "library/" + remainder;
        }
        String tag = null;
        int lastSlash = remainder.lastIndexOf('/');
        int colon = remainder.indexOf(':', lastSlash + 1);
        String path = remainder;
        if (colon >= 0) {
            tag = remainder.substring(colon + 1);
            path = remainder.substring(0, colon);
        }
        if (!path.toLowerCase(java.util.Locale.ROOT).equals(path)) {
            throw new InvalidImageName("invalid reference format: repository name (" + path + ") must be lowercase");
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new InvalidImageName("invalid reference format");
            }
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new InvalidImageName("invalid reference format");
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageName(domain, path, tag, digest);
    }

    /** {@code docker.io/library/nginx}. */
    public String repository() {
        return domain + "/" + path;
    }

    /** The full reference the runtime pulls: {@code docker.io/library/nginx:latest} (or {@code ...@sha256:...}). */
    public String reference() {
        return digest != null ? repository() + "@" + digest : repository() + ":" + tag;
    }

    /** Whether the tag is {@code latest} (given or defaulted) and no digest pins the image. */
    public boolean isLatest() {
        return digest == null && "latest".equals(tag);
    }

    @Override
    public String toString() {
        return reference();
    }
}
