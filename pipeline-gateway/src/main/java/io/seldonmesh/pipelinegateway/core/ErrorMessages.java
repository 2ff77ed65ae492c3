package io.seldonmesh.pipelinegateway.core;

import io.seldonmesh.common.kafka.ErrorRecord;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** What a caller reads when an error record ends its request: which step and model failed, and why. */
public final class ErrorMessages {

    /** The status the pipeline dataflow gives its own error records; their message already names the pipeline. */
    public static final String DATAFLOW_STATUS = "PIPELINE";

    private ErrorMessages() {
    }

    /**
     * @param error the parsed record, or null when it named no model
     * @param target what the request was sent to, when still known
     * @param value the record's value, shown as it is when it could not be parsed
     */
    public static String forCaller(ErrorRecord error, String requestId, Optional<Target> target, byte[] value) {
        if (error == null) {
            return "request '" + requestId + "' failed: " + new String(value == null ? new byte[0] : value,
                    StandardCharsets.UTF_8).strip();
        }
        String action = error.action() == null ? "" : " (" + error.action() + ")";
        if (DATAFLOW_STATUS.equals(error.status())) {
            return error.message() + " [request '" + requestId + "']" + action;
        }
        String failed = target.filter(Target::isPipeline)
                .map(pipeline -> "pipeline '" + pipeline.name() + "': step '" + error.model() + "' (model '"
                        + error.model() + "')")
                .orElse("model '" + error.model() + "'");
        return failed + " failed on request '" + requestId + "': " + error.message() + action;
    }
}
