package io.seldonmesh.pipelinegateway.dataflow.core;

/**
 * What the records of a topic hold: an inference request ({@code *.inputs} topics) or an inference response
 * ({@code *.outputs} topics). A step's data can come from either, and goes on as a request to its model.
 */
public enum Payload {
    REQUEST,
    RESPONSE
}
