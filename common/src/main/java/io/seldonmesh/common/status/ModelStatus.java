package io.seldonmesh.common.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.seldonmesh.common.json.Json;
import java.time.Instant;

/**
 * The value on {@code <prefix>.<namespace>.status.models}, keyed {@code <model>/<replica>}
 * ({@link ModelStatusKey}).
 *
 * <p>Unknown fields are ignored so that an older reader keeps working when a newer writer adds one.
 *
 * @param state where the replica is in its life
 * @param version the artifact version loaded (or being loaded)
 * @param server the model server (fetcher instance) holding the replica
 * @param endpoints where the loaded model is served; null until it is
 * @param reason why the state was entered, for a person (e.g. why loading failed)
 * @param verification how the downloaded artifact was verified (e.g. {@code sha256}, {@code etag-md5}, {@code size})
 * @param updatedAt when the state was entered
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"state", "version", "server", "endpoints", "reason", "verification", "updatedAt"})
public record ModelStatus(ModelState state, String version, String server, Endpoints endpoints, String reason,
                          String verification, Instant updatedAt) {

    public ModelStatus {
        if (state == null) {
            throw new IllegalArgumentException("model status needs a state: one of Loading, Available, LoadFailed,"
                    + " Unloading, Unloaded");
        }
        if (updatedAt == null) {
            throw new IllegalArgumentException("model status needs updatedAt, the time the state was entered");
        }
    }

    public byte[] toJson() {
        return Json.toBytes(this);
    }

    /** @throws IllegalArgumentException saying what is wrong with the record */
    public static ModelStatus parse(byte[] json) {
        return StatusJson.read(json, ModelStatus.class);
    }
}
