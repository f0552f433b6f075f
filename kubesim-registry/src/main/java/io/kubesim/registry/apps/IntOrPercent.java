package io.kubesim.registry.apps;

import tools.jackson.databind.JsonNode;

import io.kubesim.registry.field.ErrorList;
import io.kubesim.registry.field.GoValue;
import io.kubesim.registry.field.Path;
import io.kubesim.registry.meta.MetaValidation;
import io.kubesim.registry.meta.Names;

/**
 * {@code ValidatePositiveIntOrPercent} and {@code IsNotMoreThan100Percent} of pkg/apis/apps/validation/validation.go,
 * used by rolling-update parameters and PodDisruptionBudgets.
 */
public final class IntOrPercent {

    private IntOrPercent() {
    }

    public static ErrorList positiveIntOrPercent(JsonNode value, Path fld) {
        ErrorList errs = new ErrorList();
        if (value == null || value.isNull()) {
            return errs;
        }
        if (value.isString()) {
            errs.invalidEach(fld, GoValue.intOrString(value), Names.percent(value.stringValue()));
        } else {
            errs.addAll(MetaValidation.nonNegative(value.asLong(), fld));
        }
        return errs;
    }

    public static ErrorList notMoreThan100Percent(JsonNode value, Path fld) {
        ErrorList errs = new ErrorList();
        Integer percent = percent(value);
        if (percent != null && percent > 100) {
            errs.invalid(fld, GoValue.intOrString(value), "must not be greater than 100%");
        }
        return errs;
    }

    /** The value as a number: the percentage for a valid percent string, else the integer (0 for others). */
    static long intOrPercentValue(JsonNode value) {
        Integer percent = percent(value);
        if (percent != null) {
            return percent;
        }
        return value != null && value.isNumber() ? value.asLong() : 0;
    }

    private static Integer percent(JsonNode value) {
        if (value == null || !value.isString() || !Names.percent(value.stringValue()).isEmpty()) {
            return null;
        }
        String s = value.stringValue();
        try {
            return Integer.parseInt(s.substring(0, s.length() - 1));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
