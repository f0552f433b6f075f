package io.kubesim.agent.registry;

/** What the registry answers to a pull of one image for one node's platform. */
public sealed interface PullOutcome {

    /**
     * The node can pull the image.
     *
     * @param name      the normalised reference
     * @param digest    the digest of the image index ({@code sha256:...}), the same on every platform
     * @param sizeBytes the size of the platform's image
     * @param run       what the image does without a command
     */
    record Available(ImageName name, String digest, long sizeBytes, ImageCatalog.RunKind run) implements PullOutcome {

        /** {@code docker.io/library/nginx@sha256:...}, the {@code imageID} of container statuses. */
        public String imageId() {
            return name.repository() + "@" + digest;
        }
    }

    /**
     * The pull fails.
     *
     * @param error the runtime's error as the kubelet receives it over CRI ({@code rpc error: code = NotFound desc =
     *              failed to pull and unpack image ...})
     */
    record Failed(String error) implements PullOutcome {
    }
}
