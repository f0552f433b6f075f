package io.kubesim.registry.admission;

/**
 * Admission plugin settings, as kube-apiserver's flags.
 *
 * @param defaultNotReadyTolerationSeconds    {@code --default-not-ready-toleration-seconds}
 * @param defaultUnreachableTolerationSeconds {@code --default-unreachable-toleration-seconds}
 */
public record AdmissionSettings(long defaultNotReadyTolerationSeconds, long defaultUnreachableTolerationSeconds) {

    /** kube-apiserver's defaults: 300 s each. */
    public static final AdmissionSettings DEFAULTS = new AdmissionSettings(300, 300);
}
