package io.kubesim.registry.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * String format rules with kube-apiserver 1.32's wording: DNS-1123 labels and subdomains, DNS-1035 labels,
 * qualified names (label keys), label values, config-map keys, port names, percentages, IPs and CIDRs
 * (staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go, .../api/validation/generic.go). Each check
 * returns the upstream messages, empty when the value is valid.
 *
 * <p>{@link io.kubesim.model.labels.LabelValidation} differs from 1.32 in small ways (length messages say "bytes",
 * no "must not contain dots", empty qualified-name parts skip the regex message), so the registry uses these.
 */
public final class Names {

    static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    private static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
    static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
    private static final String CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+";
    private static final String PERCENT_FMT = "[0-9]+%";

    private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FMT);
    private static final Pattern CONFIG_MAP_KEY = Pattern.compile(CONFIG_MAP_KEY_FMT);
    private static final Pattern PERCENT = Pattern.compile(PERCENT_FMT);
    private static final Pattern PORT_NAME_CHARSET = Pattern.compile("[-a-z0-9]+");
    private static final Pattern ONE_LETTER = Pattern.compile(".*[a-z].*");

    private static final String QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and "
            + "must start and end with an alphanumeric character";

    private Names() {
    }

    /** apimachinery's {@code RegexError}, including its double space before "or". */
    public static String regexError(String msg, String fmt, String... examples) {
        if (examples.length == 0) {
            return msg + " (regex used for validation is '" + fmt + "')";
        }
        StringBuilder sb = new StringBuilder(msg).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                sb.append(" or ");
            }
            sb.append('\'').append(examples[i]).append("', ");
        }
        return sb.append("regex used for validation is '").append(fmt).append("')").toString();
    }

    public static String maxLenError(int length) {
        return "must be no more than " + length + " characters";
    }

    public static String inclusiveRangeError(long lo, long hi) {
        return "must be between " + lo + " and " + hi + ", inclusive";
    }

    // The four checks below run on every name, label and annotation key of every write; written out by hand they
    // cost a fraction of the regular expressions they implement (NamesTest holds them to the same answers).

    /** {@code value[from, to)} matches {@link #DNS1123_LABEL_FMT}. */
    static boolean isDns1123Label(String value, int from, int to) {
        if (to <= from || !lowerAlnum(value.charAt(from)) || !lowerAlnum(value.charAt(to - 1))) {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            char c = value.charAt(i);
            if (!lowerAlnum(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code value} matches {@link #DNS1123_SUBDOMAIN_FMT}: labels joined by dots. */
    static boolean isDns1123Subdomain(String value) {
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == '.') {
                if (!isDns1123Label(value, start, i)) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    /** {@code value} matches {@link #QUALIFIED_NAME_FMT}. */
    static boolean isQualifiedNamePart(String value) {
        int n = value.length();
        if (n == 0 || !alnum(value.charAt(0)) || !alnum(value.charAt(n - 1))) {
            return false;
        }
        for (int i = 1; i < n - 1; i++) {
            char c = value.charAt(i);
            if (!alnum(c) && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean lowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean alnum(char c) {
        return lowerAlnum(c) || (c >= 'A' && c <= 'Z');
    }

    public static List<String> dns1123Label(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 63) {
            errs.add(maxLenError(63));
        }
        if (!isDns1123Label(value, 0, value.length())) {
            if (isDns1123Subdomain(value)) {
                errs.add("must not contain dots");
            } else {
                errs.add(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
                        + "or '-', and must start and end with an alphanumeric character", DNS1123_LABEL_FMT,
                        "my-name", "123-abc"));
            }
        }
        return errs;
    }

    public static List<String> dns1123Subdomain(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 253) {
            errs.add(maxLenError(253));
        }
        if (!isDns1123Subdomain(value)) {
            errs.add(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                    + "'-' or '.', and must start and end with an alphanumeric character", DNS1123_SUBDOMAIN_FMT,
                    "example.com"));
        }
        return errs;
    }

    public static List<String> dns1035Label(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 63) {
            errs.add(maxLenError(63));
        }
        if (!DNS1035_LABEL.matcher(value).matches()) {
            errs.add(regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
                    + "with an alphabetic character, and end with an alphanumeric character", DNS1035_LABEL_FMT,
                    "my-name", "abc-123"));
        }
        return errs;
    }

    /** {@code IsQualifiedName}: an optional DNS-subdomain prefix and a name part. */
    public static List<String> qualifiedName(String value) {
        List<String> errs = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        switch (parts.length) {
            case 1 -> name = parts[0];
            case 2 -> {
                String prefix = parts[0];
                name = parts[1];
                if (prefix.isEmpty()) {
                    errs.add("prefix part must be non-empty");
                } else {
                    for (String m : dns1123Subdomain(prefix)) {
                        errs.add("prefix part " + m);
                    }
                }
            }
            default -> {
                errs.add("a qualified name " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name",
                        "123-abc") + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errs;
            }
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else if (name.length() > 63) {
            errs.add("name part " + maxLenError(63));
        }
        if (!isQualifiedNamePart(name)) {
            errs.add("name part " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    public static List<String> labelValue(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 63) {
            errs.add(maxLenError(63));
        }
        if (!value.isEmpty() && !isQualifiedNamePart(value)) {
            errs.add(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', "
                    + "'_' or '.', and must start and end with an alphanumeric character", LABEL_VALUE_FMT,
                    "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    public static List<String> configMapKey(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 253) {
            errs.add(maxLenError(253));
        }
        if (!CONFIG_MAP_KEY.matcher(value).matches()) {
            errs.add(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                    CONFIG_MAP_KEY_FMT, "key.name", "KEY_NAME", "key-name"));
        }
        if (value.equals(".")) {
            errs.add("must not be '.'");
        } else if (value.equals("..")) {
            errs.add("must not be '..'");
        } else if (value.startsWith("..")) {
            errs.add("must not start with '..'");
        }
        return errs;
    }

    public static List<String> portName(String port) {
        List<String> errs = new ArrayList<>();
        if (port.length() > 15) {
            errs.add(maxLenError(15));
        }
        if (!PORT_NAME_CHARSET.matcher(port).matches()) {
            errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (!ONE_LETTER.matcher(port).matches()) {
            errs.add("must contain at least one letter (a-z)");
        }
        if (port.contains("--")) {
            errs.add("must not contain consecutive hyphens");
        }
        if (!port.isEmpty() && (port.charAt(0) == '-' || port.charAt(port.length() - 1) == '-')) {
            errs.add("must not begin or end with a hyphen");
        }
        return errs;
    }

    public static List<String> portNumber(long port) {
        return 1 <= port && port <= 65535 ? List.of() : List.of(inclusiveRangeError(1, 65535));
    }

    /** The relaxed environment variable name rule (RelaxedEnvironmentVariableValidation, beta in 1.32). */
    public static List<String> envVarName(String value) {
        List<String> errs = new ArrayList<>();
        if (value.isEmpty()) {
            errs.add("environment variable name must be non-empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0x7e || c < 0x20 || c == '=') {
                errs.add("a valid environment variable name must consist only of printable ASCII characters other "
                        + "than '='");
                break;
            }
        }
        return errs;
    }

    public static List<String> percent(String value) {
        return PERCENT.matcher(value).matches() ? List.of()
                : List.of(regexError("a valid percent string must be a numeric string followed by an ending '%'",
                        PERCENT_FMT, "1%", "93%"));
    }

    /** {@code NameIsDNSSubdomain}; a generateName prefix may end in '-'. */
    public static List<String> nameIsDnsSubdomain(String name, boolean prefix) {
        return dns1123Subdomain(prefix ? maskTrailingDash(name) : name);
    }

    /** {@code NameIsDNSLabel} (namespaces); a generateName prefix may end in '-'. */
    public static List<String> nameIsDnsLabel(String name, boolean prefix) {
        return dns1123Label(prefix ? maskTrailingDash(name) : name);
    }

    /** {@code NameIsDNS1035Label} (services); a generateName prefix may end in '-'. */
    public static List<String> nameIsDns1035Label(String name, boolean prefix) {
        return dns1035Label(prefix ? maskTrailingDash(name) : name);
    }

    /** Upstream's quirk: the last two characters of a dash-terminated prefix become "a". */
    private static String maskTrailingDash(String name) {
        if (name.length() > 1 && name.endsWith("-")) {
            return name.substring(0, name.length() - 2) + "a";
        }
        return name;
    }

    public static boolean isIp(String value) {
        return isIpv4(value) || isIpv6(value);
    }

    private static boolean isIpv4(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)
                    || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String value) {
        if (!value.contains(":") || !value.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(value) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** {@code IsValidIP}'s message. */
    public static List<String> ip(String value) {
        return isIp(value) ? List.of() : List.of("must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
    }

    /** {@code IsValidCIDR}'s message. */
    public static List<String> cidr(String value) {
        int slash = value.indexOf('/');
        boolean ok = false;
        if (slash > 0) {
            String ip = value.substring(0, slash);
            String bits = value.substring(slash + 1);
            if (bits.matches("[0-9]{1,3}") && isIp(ip)) {
                int b = Integer.parseInt(bits);
                ok = isIpv4(ip) ? b <= 32 : b <= 128;
            }
        }
        return ok ? List.of() : List.of("must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
    }
}
