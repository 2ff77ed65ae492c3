package io.seldonmesh.common.status;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a pipeline is in its life, as published on the pipeline status topic. */
public enum PipelineState {
    @JsonProperty("Creating") CREATING,
    @JsonProperty("Ready") READY,
    @JsonProperty("Failed") FAILED,
    @JsonProperty("Terminated") TERMINATED
}
