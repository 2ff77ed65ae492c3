package io.seldonmesh.bench.startup;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.ToDoubleFunction;

/** Median, least and greatest of a few figures (NaN ones left out): on a shared machine one start does not decide. */
record Spread(int count, double median, double min, double max) {

    static <T> Spread of(Collection<T> items, ToDoubleFunction<T> figure) {
        double[] values = items.stream().mapToDouble(figure).filter(value -> !Double.isNaN(value)).sorted().toArray();
        int n = values.length;
        if (n == 0) {
            return new Spread(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        return new Spread(n, median, values[0], Arrays.stream(values).max().orElseThrow());
    }

    boolean isEmpty() {
        return count == 0;
    }
}
