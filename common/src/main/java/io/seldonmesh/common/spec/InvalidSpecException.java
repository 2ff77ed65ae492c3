package io.seldonmesh.common.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A Model or Pipeline resource that cannot be used, with every problem found (not only the first),
 * so a user fixes them in one round.
 */
public class InvalidSpecException extends RuntimeException {

    private final String kind;
    private final String name;
    private final List<SpecProblem> problems;

    public InvalidSpecException(String kind, String name, List<SpecProblem> problems) {
        super(message(kind, name, problems));
        this.kind = kind;
        this.name = name;
        this.problems = List.copyOf(problems);
    }

    /** {@code Model} or {@code Pipeline}. */
    public String kind() {
        return kind;
    }

    /** The resource name, or null when it has none. */
    public String name() {
        return name;
    }

    public List<SpecProblem> problems() {
        return problems;
    }

    private static String message(String kind, String name, List<SpecProblem> problems) {
        String subject = name == null ? kind : kind + " '" + name + "'";
        return subject + " is invalid (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n"
                + problems.stream().map(problem -> "  " + problem).collect(Collectors.joining("\n"));
    }
}
