package io.seldonmesh.common.spec;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes resource quantities ({@code 100Ki}, {@code 1.5G}, {@code 1e6}) as bytes. */
final class MemoryQuantity {

    private static final Pattern QUANTITY = Pattern.compile(
            "\\+?((?:\\d+(?:\\.\\d*)?)|(?:\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("m", new BigDecimal("0.001")),
            Map.entry("k", BigDecimal.TEN.pow(3)),
            Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("G", BigDecimal.TEN.pow(9)),
            Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("P", BigDecimal.TEN.pow(15)),
            Map.entry("E", BigDecimal.TEN.pow(18)),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
            Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
            Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
            Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

    static final String FORM = "a Kubernetes quantity such as 100Ki, 512Mi, 2Gi or 1000000";

    private MemoryQuantity() {
    }

    static boolean isValid(String quantity) {
        try {
            bytes(quantity);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** @throws IllegalArgumentException when not a quantity or larger than a long */
    static long bytes(String quantity) {
        Matcher matcher = QUANTITY.matcher(quantity.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + quantity + "' is not " + FORM);
        }
        String suffix = matcher.group(2) == null ? "" : matcher.group(2);
        BigDecimal number = new BigDecimal(matcher.group(1));
        // "E" alone is exa; "E" followed by digits is a decimal exponent.
        BigDecimal bytes = suffix.matches("[eE][+-]?\\d+")
                ? number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)))
                : number.multiply(SUFFIXES.get(suffix));
        try {
            return bytes.setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + quantity + "' is more bytes than can be counted");
        }
    }
}
