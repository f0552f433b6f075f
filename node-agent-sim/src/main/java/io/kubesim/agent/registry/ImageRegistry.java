package io.kubesim.agent.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The simulated registry every node pulls from: answers, for an image and a node's platform, whether a build exists
 * and how big it is, and fails like containerd fails (the messages kubelet wraps into {@code ErrImagePull}).
 *
 * <p>Error texts follow containerd 1.7's CRI image service (pkg/cri/server/image_pull.go): "failed to pull and unpack
 * image %q: ...", with "no match for platform in manifest: not found" when the manifest list has no entry for the
 * node, "failed to resolve reference %q: %q: not found" for a missing tag, and Docker Hub's "pull access denied"
 * answer for a missing repository; the kubelet receives them as gRPC status strings.
 */
public final class ImageRegistry {

    /** Size of an image the catalog does not know, under {@link UnknownImages#ALL_PLATFORMS}. */
    public static final long UNKNOWN_IMAGE_SIZE = 50_000_000L;

    private final ImageCatalog catalog;
    private final UnknownImages unknownImages;

    public ImageRegistry(ImageCatalog catalog, UnknownImages unknownImages) {
        this.catalog = catalog;
        this.unknownImages = unknownImages;
    }

    /** Whether and how {@code node} can pull {@code name}. */
    public PullOutcome pull(ImageName name, Platform node) {
        String ref = name.reference();
        Optional<ImageCatalog.Repository> repo = catalog.repository(name);
        if (repo.isEmpty()) {
            if (unknownImages == UnknownImages.ALL_PLATFORMS) {
                return new PullOutcome.Available(name, digest(name), UNKNOWN_IMAGE_SIZE, ImageCatalog.RunKind.SERVER);
            }
            if (name.domain().equals(ImageName.DOCKER_HUB)) {
                return new PullOutcome.Failed("rpc error: code = Unknown desc = failed to pull and unpack image \""
                        + ref + "\": failed to resolve reference \"" + ref + "\": pull access denied, repository does "
                        + "not exist or may require authorization: server message: insufficient_scope: authorization "
                        + "failed");
            }
            return notFound(ref);
        }
        Optional<ImageCatalog.Build> build = name.digest() != null
                ? repo.get().builds().stream().findFirst()
                : repo.get().build(name.tag());
        if (build.isEmpty()) {
            return notFound(ref);
        }
        boolean matches = build.get().platforms().stream().anyMatch(p -> p.runsOn(node));
        if (!matches) {
            return new PullOutcome.Failed("rpc error: code = NotFound desc = failed to pull and unpack image \"" + ref
                    + "\": no match for platform in manifest: not found");
        }
        return new PullOutcome.Available(name, digest(name), build.get().sizeBytes(), repo.get().run());
    }

    /** The platforms {@code name} is published for; empty for an unknown image or tag. */
    public List<Platform> platforms(ImageName name) {
        return catalog.repository(name)
                .flatMap(r -> name.digest() != null ? r.builds().stream().findFirst() : r.build(name.tag()))
                .map(ImageCatalog.Build::platforms)
                .orElse(List.of());
    }

    /** Whether the catalog knows the repository of {@code name}. */
    public boolean knows(ImageName name) {
        return catalog.repository(name).isPresent();
    }

    /** What {@code name} does without a command: the catalog's word, servers for unknown images. */
    public ImageCatalog.RunKind runKind(ImageName name) {
        return catalog.repository(name).map(ImageCatalog.Repository::run).orElse(ImageCatalog.RunKind.SERVER);
    }

    public UnknownImages unknownImages() {
        return unknownImages;
    }

    private static PullOutcome notFound(String ref) {
        return new PullOutcome.Failed("rpc error: code = NotFound desc = failed to pull and unpack image \"" + ref
                + "\": failed to resolve reference \"" + ref + "\": " + ref + ": not found");
    }

    /** A stable made-up digest of the image index: the same name always has the same digest. */
    static String digest(ImageName name) {
        if (name.digest() != null) {
            return name.digest();
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(("kubesim-image:" + name.reference()).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
