package io.seldonmesh.bench.pipelinegateway;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A latency target: a figure against a bound, both computed from the p50s of one round, so the floors and the path
 * are measured minutes apart at most. Judged on the medians of the counted rounds; each round is shown too.
 */
record LatencyTarget(String figure, String rule, ToDoubleFunction<Map<Route, Measurement>> value,
                     ToDoubleFunction<Map<Route, Measurement>> bound) {

    /** The target for one model through pipeline-gateway and model-gateway. */
    static final LatencyTarget SINGLE_MODEL = new LatencyTarget("single-model path p50",
            "<= 1.5 x raw round trip + direct call",
            round -> p50(round, Route.MODEL),
            round -> 1.5 * p50(round, Route.ROUND_TRIP) + p50(round, Route.DIRECT));

    /**
     * The target for pipelines: what a second step adds. A step is the dataflow writing the step's request
     * to the model's inputs topic (one hop), model-gateway reading it and calling the model (one model call), and
     * writing the answer the dataflow reads (a second hop); 1.3 x leaves 30 % for the services' own work.
     */
    static final LatencyTarget EXTRA_STEP = new LatencyTarget("extra step (2-step chain p50 - 1-step pipeline p50)",
            "<= 1.3 x (2 x raw one hop + direct call)",
            round -> p50(round, Route.CHAIN) - p50(round, Route.ONE_STEP),
            round -> 1.3 * (2 * p50(round, Route.ONE_HOP) + p50(round, Route.DIRECT)));

    static final List<LatencyTarget> ALL = List.of(SINGLE_MODEL, EXTRA_STEP);

    String roundLine(int round, Map<Route, Measurement> measured) {
        double figure = value.applyAsDouble(measured);
        double limit = bound.applyAsDouble(measured);
        return String.format(Locale.ROOT, "round %d: %s %.2f ms against a bound of %.2f ms (%s)", round, this.figure,
                figure, limit, figure <= limit ? "met" : "not met");
    }

    String verdict(List<Map<Route, Measurement>> rounds) {
        double figure = Medians.of(rounds.stream().map(value::applyAsDouble).toList());
        double limit = Medians.of(rounds.stream().map(bound::applyAsDouble).toList());
        return String.format(Locale.ROOT, "target %s %s, medians of rounds: %.2f ms against %.2f ms, %s", this.figure,
                rule, figure, limit, figure <= limit ? "met" : "NOT met");
    }

    private static double p50(Map<Route, Measurement> round, Route route) {
        return round.get(route).p50Millis();
    }
}
