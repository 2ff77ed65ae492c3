package io.seldonmesh.secretsync.core;

import java.util.List;
import java.util.Optional;

/**
 * Whether a source Secret has the shape of its kind.
 *
 * @param kind empty when no kind could be recognised
 * @param problems what is wrong, phrased for a person, never quoting secret material; empty when valid
 */
public record Validity(Optional<SecretKind> kind, List<String> problems) {

    public Validity {
        problems = List.copyOf(problems);
    }

    public static Validity valid(SecretKind kind) {
        return new Validity(Optional.of(kind), List.of());
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    public boolean isKind(SecretKind wanted) {
        return kind.filter(wanted::equals).isPresent();
    }

    /** One sentence for an Event or a log line. */
    public String describe(SourceRef source) {
        String what = kind.map(SecretKind::description).orElse("credential");
        return "Secret " + source + " (" + what + ") is not replicated: " + String.join("; ", problems)
                + ". Fix the Secret; existing copies keep their last good content.";
    }
}
