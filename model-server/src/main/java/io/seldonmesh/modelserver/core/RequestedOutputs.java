package io.seldonmesh.modelserver.core;

import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.common.v2.proto.ModelInferRequest.InferRequestedOutputTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Keeps the outputs a request asked for, in the order it asked; no list means all of them. */
final class RequestedOutputs {

    private RequestedOutputs() {
    }

    static List<Tensor> select(String model, List<Tensor> produced, List<InferRequestedOutputTensor> requested) {
        if (requested.isEmpty()) {
            return produced;
        }
        List<Tensor> selected = new ArrayList<>();
        for (InferRequestedOutputTensor wanted : requested) {
            selected.add(produced.stream()
                    .filter(output -> output.name().equals(wanted.getName()))
                    .findFirst()
                    .orElseThrow(() -> ModelServerException.invalidInput("requested output '" + wanted.getName()
                            + "' is not an output of model '" + model + "'; its outputs are "
                            + produced.stream().map(Tensor::name).collect(Collectors.joining(", ", "[", "]")))));
        }
        return selected;
    }
}
