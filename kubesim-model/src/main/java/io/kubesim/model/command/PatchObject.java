package io.kubesim.model.command;

import io.kubesim.model.resource.ObjectRef;

/**
 * Patch an object, or its {@code status} subresource, atomically against the stored version.
 *
 * @param subresource null for the object itself, or {@code status}
 * @param patchType   how {@code patch} is applied
 * @param patch       the patch document (JSON text; for server-side apply the applied configuration)
 * @param force       server-side apply {@code force=true}
 */
public record PatchObject(ObjectRef target, String subresource, PatchType patchType, String patch, boolean force,
        WriteOptions options) implements Command {
}
