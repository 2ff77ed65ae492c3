package io.seldonmesh.common.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.seldonmesh.common.json.Json;
import java.time.Instant;

/**
 * The value on {@code <prefix>.<namespace>.status.pipelines}, keyed by pipeline name.
 *
 * @param state where the pipeline is in its life
 * @param reason why the state was entered, for a person (e.g. which step's model is missing)
 * @param updatedAt when the state was entered
 * @param version the pipeline version the state is about (the offset of its spec on the control topic); null when
 *     written by something that does not know versions
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"state", "reason", "updatedAt", "version"})
public record PipelineStatus(PipelineState state, String reason, Instant updatedAt,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Long version) {

    public PipelineStatus {
        if (state == null) {
            throw new IllegalArgumentException("pipeline status needs a state: one of Creating, Ready, Failed, Terminated");
        }
        if (updatedAt == null) {
            throw new IllegalArgumentException("pipeline status needs updatedAt, the time the state was entered");
        }
    }

    public PipelineStatus(PipelineState state, String reason, Instant updatedAt) {
        this(state, reason, updatedAt, null);
    }

    public byte[] toJson() {
        return Json.toBytes(this);
    }

    /** @throws IllegalArgumentException saying what is wrong with the record */
    public static PipelineStatus parse(byte[] json) {
        return StatusJson.read(json, PipelineStatus.class);
    }
}
