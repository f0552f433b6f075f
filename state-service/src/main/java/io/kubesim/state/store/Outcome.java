package io.kubesim.state.store;

import java.util.List;

import io.kubesim.model.command.CommandReply;

/** What applying one command produced. */
public sealed interface Outcome {

    CommandReply reply();

    /** Rows to append to the log (the first one is the command's own object) and the reply. */
    record Written(List<LogRow> rows, CommandReply reply) implements Outcome {
    }

    /** Refused: nothing written; the reply (a Status) is remembered for redeliveries. */
    record Refused(CommandReply reply) implements Outcome {
    }

    /** Answered without a write (a no-op update or a dry run); nothing to remember. */
    record Answered(CommandReply reply) implements Outcome {
    }
}
