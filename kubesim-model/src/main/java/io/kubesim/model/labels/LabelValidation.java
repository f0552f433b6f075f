package io.kubesim.model.labels;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Label key and value rules (staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go), with upstream's
 * error texts.
 */
public final class LabelValidation {

    private static final String QNAME_CHAR_FMT = "[A-Za-z0-9]";
    private static final String QNAME_EXT_CHAR_FMT = "[-A-Za-z0-9_.]";
    private static final Pattern QUALIFIED_NAME = Pattern.compile(
            "(" + QNAME_CHAR_FMT + QNAME_EXT_CHAR_FMT + "*)?" + QNAME_CHAR_FMT);
    private static final Pattern LABEL_VALUE = Pattern.compile(
            "((" + QNAME_CHAR_FMT + QNAME_EXT_CHAR_FMT + "*)?" + QNAME_CHAR_FMT + ")?");
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    public static final String QUALIFIED_NAME_MSG = "name part must consist of alphanumeric characters, '-', '_' or "
            + "'.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
            + "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    public static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric "
            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
            + "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
            + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    public static final String DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
            + "'example.com', regex used for validation is "
            + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    public static final String DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case "
            + "alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. "
            + "'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private LabelValidation() {
    }

    /** Errors of a qualified name ({@code prefix/name}), as {@code IsQualifiedName}; empty when valid. */
    public static List<String> qualifiedNameErrors(String value) {
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
                    for (String e : dns1123SubdomainErrors(prefix)) {
                        errs.add("prefix part " + e);
                    }
                }
            }
            default -> {
                errs.add("a qualified name " + QUALIFIED_NAME_MSG.replace("name part must", "must"));
                return errs;
            }
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else if (name.length() > 63) {
            errs.add("name part must be no more than 63 bytes");
        }
        if (!name.isEmpty() && !QUALIFIED_NAME.matcher(name).matches()) {
            errs.add(QUALIFIED_NAME_MSG);
        }
        return errs;
    }

    /** Errors of a label value, as {@code IsValidLabelValue}; empty when valid. */
    public static List<String> labelValueErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 63) {
            errs.add("must be no more than 63 bytes");
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            errs.add(LABEL_VALUE_MSG);
        }
        return errs;
    }

    public static List<String> dns1123SubdomainErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 253) {
            errs.add("must be no more than 253 bytes");
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            errs.add(DNS1123_SUBDOMAIN_MSG);
        }
        return errs;
    }

    public static List<String> dns1123LabelErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 63) {
            errs.add("must be no more than 63 bytes");
        }
        if (!DNS1123_LABEL.matcher(value).matches()) {
            errs.add(DNS1123_LABEL_MSG);
        }
        return errs;
    }

    static void requireKey(String key) {
        List<String> errs = qualifiedNameErrors(key);
        if (!errs.isEmpty()) {
            throw new IllegalArgumentException("unable to parse requirement: invalid label key \"" + key + "\": "
                    + String.join("; ", errs));
        }
    }

    static void requireValue(String value) {
        List<String> errs = labelValueErrors(value);
        if (!errs.isEmpty()) {
            throw new IllegalArgumentException("unable to parse requirement: invalid label value: \"" + value
                    + "\": at key: " + String.join("; ", errs));
        }
    }
}
