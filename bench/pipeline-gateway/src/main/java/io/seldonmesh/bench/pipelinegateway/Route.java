package io.seldonmesh.bench.pipelinegateway;

/**
 * What the bench measures, in the order it prints them: the floors (Kafka alone, the model server alone), then the
 * paths through the services, from one model to pipelines of two steps.
 */
enum Route {
    ONE_HOP("raw Kafka one hop (produce -> consume)"),
    ROUND_TRIP("raw Kafka request/reply round trip"),
    DIRECT("direct REST -> model-server"),
    MODEL("REST -> pipeline-gateway -> model-gateway -> model-server"),
    ONE_STEP("pipeline, 1 step"),
    CHAIN("pipeline, 2-step chain"),
    JOIN("pipeline, 2-way join (inner output join)");

    private final String label;

    Route(String label) {
        this.label = label;
    }

    /** Through pipeline-gateway: its processes' CPU per request is measured. */
    boolean throughServices() {
        return ordinal() >= MODEL.ordinal();
    }

    /** With {@code BENCH_MODEL_SIDE=echo} the bench answers the models' topics itself; the labels say so. */
    String label(boolean echoModels) {
        if (!echoModels || !throughServices()) {
            return label;
        }
        return this == MODEL ? "REST -> pipeline-gateway -> Kafka -> echo (no model-gateway)" : label + ", echo steps";
    }
}
