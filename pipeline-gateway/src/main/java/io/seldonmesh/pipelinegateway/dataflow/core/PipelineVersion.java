package io.seldonmesh.pipelinegateway.dataflow.core;

import io.seldonmesh.common.spec.Pipeline;
import java.util.Objects;

/**
 * One version of a pipeline the dataflow runs. Every dataflow replica reads the same control topic, so all agree on
 * both numbers without talking to each other.
 *
 * @param version the offset of the spec's record on the control topic: unique, and higher for a later spec
 * @param activeFrom epoch milliseconds from which requests entering the pipeline are this version's (the spec
 *     record's timestamp), or {@link Long#MIN_VALUE} for a pipeline's first version, which takes everything
 */
public record PipelineVersion(Pipeline pipeline, long version, long activeFrom) {

    public PipelineVersion {
        Objects.requireNonNull(pipeline, "pipeline");
    }

    public String name() {
        return pipeline.name();
    }

    /** For log lines and status reasons: {@code pipeline 'p' version 12}. */
    @Override
    public String toString() {
        return "pipeline '" + name() + "' version " + version;
    }
}
