package io.kubesim.model;

import java.util.List;

/**
 * The concrete topic names of one cluster: the {@link Topics} constants behind an optional prefix.
 *
 * @param prefix empty for a normal cluster; tests give each cluster its own prefix on a shared broker
 */
public record TopicNames(String prefix) {

    public TopicNames {
        prefix = prefix == null ? "" : prefix;
        if (!prefix.isEmpty() && !prefix.matches("[a-zA-Z0-9._-]+")) {
            throw new IllegalArgumentException("topic prefix may only contain letters, digits, '.', '_' and '-': " + prefix);
        }
    }

    public static TopicNames standard() {
        return new TopicNames("");
    }

    public String commands() {
        return prefix + Topics.COMMANDS;
    }

    public String events() {
        return prefix + Topics.EVENTS;
    }

    public String replies() {
        return prefix + Topics.REPLIES;
    }

    public String decisions() {
        return prefix + Topics.DECISIONS;
    }

    public List<String> all() {
        return List.of(commands(), events(), replies(), decisions());
    }
}
