package io.seldonmesh.modelserver.core;

import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.common.v2.proto.InferParameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The inputs of one request, decoded from typed or raw contents, and its request-level parameters. */
public record InferenceInput(List<Tensor> tensors, Map<String, InferParameter> parameters) {

    public InferenceInput {
        tensors = List.copyOf(tensors);
        parameters = Map.copyOf(parameters);
    }

    public Tensor tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("input '" + name + "' passed signature validation but is absent"));
    }

    public Optional<InferParameter> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }
}
