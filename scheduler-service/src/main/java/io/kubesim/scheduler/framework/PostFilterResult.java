package io.kubesim.scheduler.framework;

import java.util.List;

/**
 * What a PostFilter plugin returns.
 *
 * @param status             success when the pod can fit after the victims are gone; otherwise its message becomes
 *                           the tail of the FailedScheduling message
 * @param nomination         the node to nominate (or to clear)
 * @param victims            pods to delete so the pod fits on the nominated node
 * @param nominationsToClear lower-priority pods nominated to that node, whose nomination must be cleared
 */
public record PostFilterResult(Status status, Nomination nomination, List<PodRef> victims,
                               List<PodRef> nominationsToClear) {

    public PostFilterResult {
        victims = List.copyOf(victims);
        nominationsToClear = List.copyOf(nominationsToClear);
    }

    public static PostFilterResult of(Status status, Nomination nomination) {
        return new PostFilterResult(status, nomination, List.of(), List.of());
    }
}
