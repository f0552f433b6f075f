package io.kubesim.registry.quantity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource quantity ({@code resource.Quantity}, staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go):
 * parsing with upstream's error texts, comparison, and the canonical string form the API server writes back
 * ({@code 0.5} → {@code 500m}, {@code 2048Mi} → {@code 2Gi}, {@code 1000m} → {@code 1}).
 *
 * @param value  the exact value, rounded up to nano units as upstream does
 * @param format how the canonical string is suffixed
 */
public record Quantity(BigDecimal value, Format format) implements Comparable<Quantity> {

    /** The suffix family a quantity was written with. */
    public enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

    public static final String REGEX = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
    public static final String ERR_FORMAT = "quantities must match the regular expression '" + REGEX + "'";
    public static final String ERR_NUMERIC = "unable to parse numeric part of quantity";
    public static final String ERR_SUFFIX = "unable to parse quantity's suffix";

    private static final Pattern SPLIT = Pattern.compile(REGEX);
    private static final Pattern EXPONENT = Pattern.compile("[eE]([-+]?[0-9]+)");
    private static final Map<String, Integer> DECIMAL = Map.of("n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6,
            "G", 9, "T", 12, "P", 15, "E", 18);
    private static final Map<String, Integer> BINARY = Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50,
            "Ei", 60);
    private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final BigDecimal KI = BigDecimal.valueOf(1024);

    /** Parses a quantity string, or throws {@link QuantityException} with upstream's message. */
    public static Quantity parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new QuantityException(ERR_FORMAT);
        }
        Matcher m = SPLIT.matcher(s);
        if (!m.matches()) {
            throw new QuantityException(ERR_FORMAT);
        }
        String number = m.group(1);
        String suffix = m.group(2);
        BigDecimal base;
        try {
            base = new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw new QuantityException(ERR_NUMERIC);
        }
        BigDecimal value;
        Format format;
        if (DECIMAL.containsKey(suffix)) {
            value = base.scaleByPowerOfTen(DECIMAL.get(suffix));
            format = Format.DECIMAL_SI;
        } else if (BINARY.containsKey(suffix)) {
            value = base.multiply(new BigDecimal(BigInteger.TWO.pow(BINARY.get(suffix))));
            format = Format.BINARY_SI;
        } else {
            Matcher em = EXPONENT.matcher(suffix);
            if (!em.matches()) {
                throw new QuantityException(ERR_SUFFIX);
            }
            value = base.scaleByPowerOfTen(Integer.parseInt(em.group(1)));
            format = Format.DECIMAL_EXPONENT;
        }
        if (value.scale() > 9) {
            value = value.setScale(9, RoundingMode.UP);
        }
        return new Quantity(value, format);
    }

    /** The quantity rounded up to milli units ({@code SetDefaults_ResourceList}). */
    public Quantity roundUpToMilli() {
        if (value.scale() <= 3) {
            return this;
        }
        return new Quantity(value.setScale(3, RoundingMode.UP), format);
    }

    public int signum() {
        return value.signum();
    }

    public Quantity plus(Quantity other) {
        return new Quantity(value.add(other.value), format);
    }

    /** Whether the value is a whole number. */
    public boolean isInteger() {
        return value.stripTrailingZeros().scale() <= 0;
    }

    @Override
    public int compareTo(Quantity o) {
        return value.compareTo(o.value);
    }

    /** The canonical text ({@code Quantity.String()}). */
    @Override
    public String toString() {
        if (value.signum() == 0) {
            return "0";
        }
        if (format == Format.BINARY_SI && value.abs().compareTo(KI) >= 0 && isInteger()) {
            BigDecimal mantissa = value;
            int steps = 0;
            while (steps < 6) {
                BigDecimal[] qr = mantissa.divideAndRemainder(KI);
                if (qr[1].signum() != 0) {
                    break;
                }
                mantissa = qr[0];
                steps++;
            }
            return mantissa.toBigInteger() + BINARY_SUFFIXES[steps];
        }
        BigDecimal stripped = value.stripTrailingZeros();
        BigInteger unscaled = stripped.unscaledValue();
        int exponent = -stripped.scale();
        int adjusted = Math.floorDiv(exponent, 3) * 3;
        unscaled = unscaled.multiply(BigInteger.TEN.pow(exponent - adjusted));
        if (format == Format.DECIMAL_EXPONENT || adjusted > 18) {
            return adjusted == 0 ? unscaled.toString() : unscaled + "e" + adjusted;
        }
        String suffix = switch (adjusted) {
            case -9 -> "n";
            case -6 -> "u";
            case -3 -> "m";
            case 3 -> "k";
            case 6 -> "M";
            case 9 -> "G";
            case 12 -> "T";
            case 15 -> "P";
            case 18 -> "E";
            default -> "";
        };
        return unscaled + suffix;
    }
}
