package io.kubesim.scheduler.framework;

/**
 * What to do with the pod's {@code status.nominatedNodeName} after a failed attempt (upstream
 * {@code NominatingInfo}).
 *
 * @param mode     {@link Mode#KEEP}: leave it as it is; {@link Mode#SET}: set it to {@code nodeName} (empty: clear it)
 * @param nodeName the node to nominate, empty to clear
 */
public record Nomination(Mode mode, String nodeName) {

    public enum Mode { KEEP, SET }

    public static final Nomination KEEP = new Nomination(Mode.KEEP, "");
    public static final Nomination CLEAR = new Nomination(Mode.SET, "");

    public static Nomination of(String nodeName) {
        return new Nomination(Mode.SET, nodeName);
    }
}
