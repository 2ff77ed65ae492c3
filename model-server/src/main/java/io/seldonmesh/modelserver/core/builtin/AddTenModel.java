package io.seldonmesh.modelserver.core.builtin;

import io.seldonmesh.common.v2.Datatype;
import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.modelserver.core.InferenceInput;
import io.seldonmesh.modelserver.core.ModelSettings;
import io.seldonmesh.modelserver.core.Signature;
import io.seldonmesh.modelserver.core.TensorSpec;
import java.util.List;

/** Seldon's {@code add10} sample: {@code OUTPUT = INPUT + 10}, FP32, default shape {@code [-1,4]}. */
public final class AddTenModel extends BuiltinModel {

    public AddTenModel(ModelSettings settings) {
        super(signature(DeclaredInputs.apply(List.of(TensorSpec.of("INPUT", Datatype.FP32, -1, 4)), settings).get(0)));
    }

    private static Signature signature(TensorSpec input) {
        return Signature.of(List.of(input), List.of(input.withName("OUTPUT")));
    }

    @Override
    public List<Tensor> infer(InferenceInput input) {
        Tensor tensor = input.tensor("INPUT");
        float[] values = tensor.floats();
        for (int i = 0; i < values.length; i++) {
            values[i] += 10f;
        }
        return List.of(Tensor.ofFloats("OUTPUT", Datatype.FP32, tensor.shape(), values));
    }
}
