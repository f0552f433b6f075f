package io.kubesim.model;

/**
 * The Kafka topics every kubesim service talks through (DESIGN.md §4).
 *
 * <p>All names can carry a prefix ({@link TopicNames}) so that tests sharing one broker stay apart;
 * the running cluster uses no prefix.
 */
public final class Topics {

    /**
     * Commands to state-service. Key: storage key of the target object. One partition: state-service is the
     * single writer and applies commands in arrival order. Retention: 7 days (a redelivered command is deduplicated
     * by its id, so replaying old commands is harmless).
     */
    public static final String COMMANDS = "kubesim.commands";

    /**
     * Committed changes, in revision order. Key: storage key. One partition, so consumers see strictly increasing
     * revisions without gaps; publication is at least once and every record carries its revision, so consumers drop
     * duplicates. Retention: forever (consumers rebuild their caches by reading from the start).
     */
    public static final String EVENTS = "kubesim.events";

    /**
     * Results of commands: the stored object or a Kubernetes Status. Key: command id. One partition. Retention: 1
     * hour; requesters read it from its end and match replies to their pending command ids.
     */
    public static final String REPLIES = "kubesim.replies";

    /**
     * Scheduling decision records (one per scheduling attempt). Key: pod storage key. One partition. Retention:
     * 1 day; state-service stores them permanently in its database for the audit API.
     */
    public static final String DECISIONS = "kubesim.decisions";

    private Topics() {
    }
}
