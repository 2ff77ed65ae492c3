package io.seldonmesh.common.v2;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An inference payload (JSON or protobuf) or tensor that cannot be used as it is. It carries every problem
 * found, not just the first; {@link #getMessage()} joins them into one line fit for an HTTP error body, a gRPC
 * status or a Kafka error record.
 */
public final class V2ValidationException extends RuntimeException {

    private final List<V2Problem> problems;

    public V2ValidationException(List<V2Problem> problems) {
        super(join(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a V2ValidationException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public V2ValidationException(V2Problem problem) {
        this(List.of(problem));
    }

    /** The problems, in the order they were found. Never empty. */
    public List<V2Problem> problems() {
        return problems;
    }

    /** Throws when {@code problems} is not empty. */
    static void throwIfAny(List<V2Problem> problems) {
        if (!problems.isEmpty()) {
            throw new V2ValidationException(problems);
        }
    }

    private static String join(List<V2Problem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).message();
        }
        return problems.size() + " problems: "
                + problems.stream().map(V2Problem::message).collect(Collectors.joining("; "));
    }
}
