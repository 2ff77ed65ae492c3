package io.seldonmesh.common.spec;

/**
 * One thing wrong with a Model or Pipeline resource: where (a path such as
 * {@code spec.steps[1].inputs[0]}) and what, in words that say what is expected.
 */
public record SpecProblem(String path, String problem) {

    @Override
    public String toString() {
        return path + ": " + problem;
    }
}
