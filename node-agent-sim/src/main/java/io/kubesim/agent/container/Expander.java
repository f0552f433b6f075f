package io.kubesim.agent.container;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Shell expansion inside a simulated container: {@code $VAR} and {@code ${VAR}} from the container's environment
 * ({@code HOSTNAME} is the pod name, as in a real pod), {@code $(hostname)}, {@code $(date)} (busybox's format, on the
 * virtual clock), {@code $(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace)}; other command
 * substitutions expand to nothing. {@code \$} is a literal dollar.
 */
public final class Expander {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss 'UTC' yyyy",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final String NAMESPACE_FILE = "cat /var/run/secrets/kubernetes.io/serviceaccount/namespace";

    private final Map<String, String> variables;
    private final String hostname;
    private final String namespace;

    public Expander(Map<String, String> variables, String hostname, String namespace) {
        this.variables = variables;
        this.hostname = hostname;
        this.namespace = namespace;
    }

    public String expand(String text, Instant at) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
                int depth = 0;
                int j = i + 1;
                for (; j < text.length(); j++) {
                    if (text.charAt(j) == '(') {
                        depth++;
                    } else if (text.charAt(j) == ')' && --depth == 0) {
                        break;
                    }
                }
                String inner = text.substring(i + 2, Math.min(j, text.length())).trim();
                out.append(switch (inner) {
                    case "hostname" -> hostname;
                    case "date" -> DATE.format(at);
                    case NAMESPACE_FILE -> namespace;
                    default -> "";
                });
                i = j + 1;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int end = text.indexOf('}', i);
                String name = end < 0 ? text.substring(i + 2) : text.substring(i + 2, end);
                out.append(variable(name));
                i = end < 0 ? text.length() : end + 1;
            } else if (c == '$' && i + 1 < text.length() && isNameStart(text.charAt(i + 1))) {
                int j = i + 1;
                while (j < text.length() && isNamePart(text.charAt(j))) {
                    j++;
                }
                out.append(variable(text.substring(i + 1, j)));
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String variable(String name) {
        String v = variables.get(name);
        if (v != null) {
            return v;
        }
        return name.equals("HOSTNAME") ? hostname : "";
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
