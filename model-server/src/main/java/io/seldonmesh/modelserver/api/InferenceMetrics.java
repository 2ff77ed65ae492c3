package io.seldonmesh.modelserver.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seldonmesh.modelserver.core.InferenceOutcomes;
import io.seldonmesh.modelserver.core.ModelRegistry;
import java.time.Duration;

/**
 * Requests per model and outcome, a latency histogram per model and the number of loaded models.
 * Requests for models this server does not know are counted under model {@value InferenceOutcomes#UNKNOWN_MODEL}
 * so that a client cannot grow the label set without bound.
 */
public final class InferenceMetrics implements InferenceOutcomes {

    public static final String REQUESTS = "model.server.requests";
    public static final String LATENCY = "model.server.request.duration";
    public static final String LOADED_MODELS = "model.server.models.loaded";

    private final MeterRegistry meters;

    public InferenceMetrics(MeterRegistry meters, ModelRegistry registry) {
        this.meters = meters;
        Gauge.builder(LOADED_MODELS, registry, ModelRegistry::readyCount)
                .description("Models loaded and ready to serve")
                .register(meters);
    }

    @Override
    public void record(String model, String outcome, Duration took) {
        Counter.builder(REQUESTS)
                .description("Inference requests by model and outcome")
                .tag("model", model)
                .tag("outcome", outcome)
                .register(meters)
                .increment();
        Timer.builder(LATENCY)
                .description("Inference latency by model, including validation")
                .tag("model", model)
                .publishPercentileHistogram()
                .register(meters)
                .record(took);
    }
}
