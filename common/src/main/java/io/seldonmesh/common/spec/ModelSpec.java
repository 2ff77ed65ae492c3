package io.seldonmesh.common.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The {@code spec} of a Seldon {@code mlops.seldon.io/v1alpha1} Model. The fields the services
 * act on are typed; {@code logger}, {@code explainer} and {@code llm} are kept as written, and
 * fields this version does not know are kept in {@code extra}, so nothing is lost on the way
 * through the control topic.
 *
 * @param storageUri where the artifact is: {@code <remote>://<bucket>/<path>} or an absolute path
 * @param artifactVersion the version folder to load from the artifact (Triton-style layouts)
 * @param modelType an extra scheduling requirement (Seldon appends it to {@code requirements})
 * @param secretName the Secret holding the rclone-style storage configuration for {@code <remote>}
 * @param requirements capabilities the model server must have (e.g. {@code sklearn}, {@code tensorflow})
 * @param memory memory the model needs, a Kubernetes quantity such as {@code 100Ki}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"modelType", "storageUri", "artifactVersion", "schemaUri", "secretName", "requirements", "memory",
        "replicas", "minReplicas", "maxReplicas", "server", "preloaded", "dedicated", "logger", "explainer",
        "parameters", "llm", "dataflow"})
public record ModelSpec(String modelType, String storageUri, Long artifactVersion, String schemaUri, String secretName,
                        List<String> requirements, String memory, Integer replicas, Integer minReplicas,
                        Integer maxReplicas, String server, Boolean preloaded, Boolean dedicated, JsonNode logger,
                        JsonNode explainer, List<Parameter> parameters, JsonNode llm, DataflowSpec dataflow,
                        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public ModelSpec {
        requirements = Copies.list(requirements);
        parameters = Copies.list(parameters);
        extra = Copies.extra(extra);
    }

    /** {@code memory} in bytes, rounded up; empty when not given. Call on a validated model. */
    public OptionalLong memoryBytes() {
        return memory == null ? OptionalLong.empty() : OptionalLong.of(MemoryQuantity.bytes(memory));
    }

    /** Call on a validated model. */
    public StorageUri storage() {
        return StorageUri.parse(storageUri);
    }

    /** Replicas wanted; Seldon's default is 1. */
    public int desiredReplicas() {
        return replicas == null ? 1 : replicas;
    }
}
