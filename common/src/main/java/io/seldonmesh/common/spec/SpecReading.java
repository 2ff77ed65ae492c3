package io.seldonmesh.common.spec;

import java.util.ArrayList;
import java.util.List;

/** The steps every resource kind goes through: read the document, bind the spec, validate, or fail with all problems. */
final class SpecReading {

    interface Rules<S> {
        void check(String name, S spec, List<SpecProblem> problems);
    }

    record Read<S>(String name, S spec) {
    }

    private SpecReading() {
    }

    /** @param servedNamespace the namespace a {@code metadata.namespace} must name when it names one; null: any */
    static <S> Read<S> read(String kind, String servedNamespace, String givenName, String text, Class<S> type,
                            Rules<S> rules) {
        SpecDocument document = SpecDocument.read(text, kind, givenName, servedNamespace);
        List<SpecProblem> problems = new ArrayList<>(document.problems());
        S spec = document.spec() == null ? null : SpecBinder.bind(document.spec(), type, problems);
        if (spec != null) {
            rules.check(document.name(), spec, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(kind, document.name(), problems);
        }
        return new Read<>(document.name(), spec);
    }

    static <S> void validate(String kind, String name, S spec, Rules<S> rules) {
        List<SpecProblem> problems = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            problems.add(new SpecProblem("metadata.name", "missing: a " + kind + " needs a name"));
        }
        rules.check(name, spec, problems);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(kind, name, problems);
        }
    }
}
