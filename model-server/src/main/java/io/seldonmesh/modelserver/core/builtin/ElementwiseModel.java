package io.seldonmesh.modelserver.core.builtin;

import io.seldonmesh.common.v2.Datatype;
import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.modelserver.core.InferenceInput;
import io.seldonmesh.modelserver.core.ModelSettings;
import io.seldonmesh.modelserver.core.Signature;
import io.seldonmesh.modelserver.core.TensorSpec;
import java.util.List;

/**
 * Seldon's Triton Python samples {@code add10} and {@code mul10}: FP32 {@code INPUT} gives
 * {@code OUTPUT} of the same shape, element by element. Their Triton configuration declares dims
 * {@code [4]} without a batch dimension, so Seldon's samples send {@code [4]}; batching clients send
 * {@code [n,4]}. Both are accepted unless model-settings.json declares a shape.
 */
abstract class ElementwiseModel extends BuiltinModel {

    private static final TensorSpec INPUT = TensorSpec.of("INPUT", Datatype.FP32, -1, 4).withOptionalBatchDimension();

    ElementwiseModel(ModelSettings settings) {
        super(signature(DeclaredInputs.apply(List.of(INPUT), settings).get(0)));
    }

    private static Signature signature(TensorSpec input) {
        return Signature.of(List.of(input), List.of(input.withName("OUTPUT")));
    }

    abstract float apply(float value);

    @Override
    public final List<Tensor> infer(InferenceInput input) {
        Tensor tensor = input.tensor("INPUT");
        float[] values = tensor.floats();
        for (int i = 0; i < values.length; i++) {
            values[i] = apply(values[i]);
        }
        return List.of(Tensor.ofFloats("OUTPUT", Datatype.FP32, tensor.shape(), values));
    }
}
