package io.seldonmesh.bench.pipelinegateway;

import java.net.URI;
import java.util.Map;

/** Where an inference request is POSTed, with the headers that address it (a pipeline's {@code seldon-model}). */
record HttpTarget(URI uri, Map<String, String> headers) {

    static HttpTarget model(URI base, String model) {
        return new HttpTarget(base.resolve("/v2/models/" + model + "/infer"), Map.of());
    }

    /** As Seldon's clients call a pipeline: the models path, addressed to the pipeline by header. */
    static HttpTarget pipeline(URI base, String pipeline) {
        return new HttpTarget(base.resolve("/v2/models/" + pipeline + "/infer"),
                Map.of("seldon-model", pipeline + ".pipeline"));
    }
}
