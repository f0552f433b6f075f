package io.kubesim.scheduler.framework;

/** A pod by namespace, name and uid. */
public record PodRef(String namespace, String name, String uid) {

    public static PodRef of(PodInfo pod) {
        return new PodRef(pod.namespace(), pod.name(), pod.uid());
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
