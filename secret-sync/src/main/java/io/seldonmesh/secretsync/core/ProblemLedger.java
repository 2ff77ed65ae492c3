package io.seldonmesh.secretsync.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Remembers which problems are already reported, so a conflict that persists across a hundred resyncs is
 * one Event, not a hundred; and a problem that is fixed and comes back is reported again.
 */
public final class ProblemLedger {

    /** What changed since the last update. */
    public record Changes(List<Problem> appeared, List<Problem> resolved) {
    }

    private Set<Problem> current = Set.of();

    public Changes update(Collection<Problem> now) {
        Set<Problem> next = new LinkedHashSet<>(now);
        List<Problem> appeared = new ArrayList<>();
        for (Problem problem : next) {
            if (!current.contains(problem)) {
                appeared.add(problem);
            }
        }
        List<Problem> resolved = new ArrayList<>();
        for (Problem problem : current) {
            if (!next.contains(problem)) {
                resolved.add(problem);
            }
        }
        current = Set.copyOf(next);
        return new Changes(List.copyOf(appeared), List.copyOf(resolved));
    }

    /**
     * The reported problems about one subject (a target Secret): a write to it that failed for another reason
     * says nothing about whether the conflict is still there, so the caller carries these over.
     */
    public List<Problem> about(String subject) {
        return current.stream().filter(problem -> problem.subject().equals(subject)).toList();
    }

    /** The subjects of the reported problems of one kind, e.g. the places of the conflicting Secrets. */
    public Set<String> subjects(Problem.Reason reason) {
        return current.stream().filter(problem -> problem.reason() == reason && !problem.subject().isEmpty())
                .map(Problem::subject).collect(Collectors.toSet());
    }

    public long count(Problem.Reason reason) {
        return current.stream().filter(problem -> problem.reason() == reason).count();
    }
}
