package io.seldonmesh.common.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a step (or the pipeline output) waits for several sources before it runs. */
public enum JoinType {
    /** Wait until every source has data for the request. */
    INNER,
    /** Wait for the join window, then go with whatever sources have data. */
    OUTER,
    /** Go with the first source that has data. */
    ANY;

    /** Seldon's default when no join type is given. */
    public static final JoinType DEFAULT = INNER;

    /** The spelling in a Pipeline spec: {@code inner}, {@code outer}, {@code any}. */
    public String specValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Empty for anything other than {@code inner}, {@code outer} or {@code any} (exact case, as Seldon's CRD). */
    public static Optional<JoinType> parse(String value) {
        return Arrays.stream(values()).filter(type -> type.specValue().equals(value)).findFirst();
    }

    /** The given value, or {@link #DEFAULT} when absent; call only on a validated spec. */
    static JoinType orDefault(String value) {
        return value == null ? DEFAULT : parse(value).orElseThrow(
                () -> new IllegalStateException("join type '" + value + "' passed validation"));
    }

    static String validValues() {
        return Arrays.stream(values()).map(JoinType::specValue).collect(Collectors.joining(", "));
    }
}
