package io.kubesim.model.event;

/** The type of a committed change, as in a Kubernetes watch event. */
public enum ChangeType {
    ADDED, MODIFIED, DELETED
}
