package io.seldonmesh.common.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Where a loaded model is served: base URLs of the Open Inference Protocol server, e.g.
 * {@code http://10.0.0.7:9500} and {@code 10.0.0.7:9501}. Either may be null when the server
 * does not offer that protocol.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Endpoints(String rest, String grpc) {
}
