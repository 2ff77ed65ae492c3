package io.seldonmesh.common.status;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a model replica is in its life, as published on the model status topic. */
public enum ModelState {
    @JsonProperty("Loading") LOADING,
    @JsonProperty("Available") AVAILABLE,
    @JsonProperty("LoadFailed") LOAD_FAILED,
    @JsonProperty("Unloading") UNLOADING,
    @JsonProperty("Unloaded") UNLOADED
}
