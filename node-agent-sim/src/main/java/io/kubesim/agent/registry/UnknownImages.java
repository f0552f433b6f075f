package io.kubesim.agent.registry;

/**
 * What the simulated registry does with a repository its catalog does not know
 * ({@code kubesim.agent.registry.unknown-images}).
 */
public enum UnknownImages {
    /**
     * The default: the image exists for every platform, with a default size, and runs as a server. Users try
     * arbitrary images of their own; refusing them all would make the simulator useless for them.
     */
    ALL_PLATFORMS,
    /** The image does not exist: pulls fail as a real registry answers for a missing repository. */
    NOT_FOUND
}
