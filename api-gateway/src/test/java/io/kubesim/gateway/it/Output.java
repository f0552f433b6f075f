package io.kubesim.gateway.it;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * kubectl's column output in a form that can be compared as a whole: each line's cells (kubectl separates columns by
 * at least two spaces) joined by {@code " | "}, with every age-like cell ({@code 0s}, {@code 5m3s}, {@code 2d3h})
 * written {@code <age>}, since ages depend on when the test runs and their width shifts the alignment.
 */
public final class Output {

    private static final Pattern CELL_SEPARATOR = Pattern.compile(" {2,}");
    private static final Pattern AGE = Pattern.compile("\\d+(s|m|h|d|y)(\\d+(s|m|h))?");

    private Output() {
    }

    public static String table(String stdout) {
        List<String> lines = new ArrayList<>();
        for (String line : stdout.split("\n", -1)) {
            String trimmed = line.stripTrailing();
            if (trimmed.isEmpty()) {
                lines.add("");
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : CELL_SEPARATOR.split(trimmed)) {
                cells.add(AGE.matcher(cell).matches() ? "<age>" : cell);
            }
            lines.add(String.join(" | ", cells));
        }
        while (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return String.join("\n", lines) + "\n";
    }

    /** Like {@link #table} but every age written {@code <age>} anywhere in the line (describe output, events). */
    public static String ages(String text) {
        return Pattern.compile("(?<=\\s|^)\\d+(s|m|h|d|y)(\\d+(s|m|h))?(?=\\s|$)", Pattern.MULTILINE)
                .matcher(text).replaceAll("<age>");
    }
}
