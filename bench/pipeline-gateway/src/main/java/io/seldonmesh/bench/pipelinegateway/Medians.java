package io.seldonmesh.bench.pipelinegateway;

import java.util.ArrayList;
import java.util.List;

/** The median of a few rounds' figures: one noisy round does not decide. */
final class Medians {

    private Medians() {
    }

    static double of(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
