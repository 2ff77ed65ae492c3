package io.seldonmesh.modelserver.core;

import java.time.Duration;

/** Where {@link Inference} reports each request's outcome; the metrics in {@code api} listen. */
public interface InferenceOutcomes {

    /** The model name outcomes of requests for a model this server does not know are reported under. */
    String UNKNOWN_MODEL = "unknown";

    void record(String model, String outcome, Duration took);
}
