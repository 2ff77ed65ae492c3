package io.seldonmesh.pipelinegateway.overview;

import java.time.Instant;

/**
 * A record of {@code <p>.<ns>.errors.errors} as the status page shows it, its text redacted.
 *
 * @param model    the failing model (step), from {@code seldon-pipeline-errors}; null if the record names none
 * @param pipeline the pipeline the request ran in, from the {@code pipeline} header; null for a model's own request
 */
public record ErrorNotice(Instant time, String model, String pipeline, String requestId, String message) {

    /** Makes one from what the record carries; the message is redacted here, so no copy holds the original. */
    public static ErrorNotice of(Instant time, String model, String pipeline, String requestId, String text) {
        return new ErrorNotice(time, blankToNull(model), blankToNull(pipeline), blankToNull(requestId),
                Redaction.redact(text == null ? "" : text.strip()));
    }

    /** Whether it is the error of that pipeline's step (a step runs the model of its name). */
    public boolean isOf(String pipelineName, String step) {
        return pipelineName.equals(pipeline) && step.equals(model);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
