package io.seldonmesh.pipelinegateway.core;

import io.seldonmesh.common.spec.Pipeline;

/**
 * Told of every record of the compacted control topic of pipelines, in order, from the beginning; the pipeline
 * dataflow runs what it learns this way. Called on the catalog reader's thread: return quickly. Each method does
 * nothing unless overridden.
 */
public interface PipelineSpecListener {

    /** @param timestamp the record's timestamp: when the spec was written */
    default void pipelineSpec(Pipeline pipeline, long version, long timestamp) {
    }

    default void pipelineDeleted(String name, long timestamp) {
    }

    /** A record that is not a valid spec; {@code problem} says why, for the pipeline's status. */
    default void pipelineRejected(String name, String problem, long timestamp) {
    }

    /** Everything written before start-up has been read. */
    default void caughtUp() {
    }
}
