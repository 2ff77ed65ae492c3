package io.seldonmesh.modelserver.core;

import io.seldonmesh.common.v2.Tensor;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a model takes and gives. A signature with {@code anyInputs} accepts whatever tensors it is
 * sent (identity-like models without declared inputs); otherwise each input is checked against its
 * spec, and a mismatch names the tensor, what the model expects and what was received. Duplicate
 * names, shapes that do not match the data and unknown datatypes are caught earlier, by common's
 * {@code TensorValidation}.
 */
public record Signature(List<TensorSpec> inputs, List<TensorSpec> outputs, boolean anyInputs) {

    public Signature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public static Signature of(List<TensorSpec> inputs, List<TensorSpec> outputs) {
        return new Signature(inputs, outputs, false);
    }

    public static Signature acceptingAnyInputs() {
        return new Signature(List.of(), List.of(), true);
    }

    public Optional<TensorSpec> input(String name) {
        return inputs.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }

    public void validate(String model, List<Tensor> received) {
        if (anyInputs) {
            return;
        }
        for (Tensor tensor : received) {
            check(model, tensor);
        }
        Set<String> names = received.stream().map(Tensor::name).collect(Collectors.toSet());
        for (TensorSpec spec : inputs) {
            if (!names.contains(spec.name())) {
                throw ModelServerException.invalidInput("input '" + spec.name() + "' of model '" + model
                        + "' is missing: expected " + spec + ", received inputs "
                        + received.stream().map(Tensor::name).collect(Collectors.joining(", ", "[", "]")));
            }
        }
    }

    private void check(String model, Tensor tensor) {
        TensorSpec spec = input(tensor.name()).orElseThrow(() -> ModelServerException.invalidInput(
                "model '" + model + "' has no input '" + tensor.name() + "': expected inputs "
                        + inputs.stream().map(TensorSpec::toString).collect(Collectors.joining(", ", "[", "]"))));
        if (spec.datatype() != tensor.datatype()) {
            throw ModelServerException.invalidInput("input '" + tensor.name() + "' of model '" + model
                    + "': expected datatype " + spec.datatype() + ", received " + tensor.datatype());
        }
        if (!spec.acceptsShape(tensor.shape())) {
            throw ModelServerException.invalidInput("input '" + tensor.name() + "' of model '" + model
                    + "': expected shape " + spec.describeShape() + ", received "
                    + TensorSpec.formatShape(tensor.shape()));
        }
    }
}
