package io.seldonmesh.modelserver.core.builtin;

import io.seldonmesh.common.v2.Datatype;
import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.modelserver.core.InferenceInput;
import io.seldonmesh.modelserver.core.ModelServerException;
import io.seldonmesh.modelserver.core.ModelSettings;
import io.seldonmesh.modelserver.core.Signature;
import io.seldonmesh.modelserver.core.TensorSpec;
import java.util.Arrays;
import java.util.List;

/**
 * Triton's {@code simple} model (Seldon's {@code tfsimple}): INT32 {@code INPUT0}, {@code INPUT1}
 * of default shape {@code [-1,16]} give {@code OUTPUT0 = INPUT0 + INPUT1} and
 * {@code OUTPUT1 = INPUT0 - INPUT1}.
 */
public final class SumAndDiffModel extends BuiltinModel {

    public SumAndDiffModel(ModelSettings settings) {
        super(signature(DeclaredInputs.apply(List.of(
                TensorSpec.of("INPUT0", Datatype.INT32, -1, 16),
                TensorSpec.of("INPUT1", Datatype.INT32, -1, 16)), settings)));
    }

    private static Signature signature(List<TensorSpec> inputs) {
        return Signature.of(inputs, List.of(inputs.get(0).withName("OUTPUT0"), inputs.get(0).withName("OUTPUT1")));
    }

    @Override
    public List<Tensor> infer(InferenceInput input) {
        Tensor a = input.tensor("INPUT0");
        Tensor b = input.tensor("INPUT1");
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw ModelServerException.invalidInput("inputs INPUT0 and INPUT1 must have the same shape, received "
                    + TensorSpec.formatShape(a.shape()) + " and " + TensorSpec.formatShape(b.shape()));
        }
        int[] left = a.ints();
        int[] right = b.ints();
        int[] sums = new int[left.length];
        int[] differences = new int[left.length];
        for (int i = 0; i < left.length; i++) {
            sums[i] = left[i] + right[i];
            differences[i] = left[i] - right[i];
        }
        return List.of(
                Tensor.ofInts("OUTPUT0", Datatype.INT32, a.shape(), sums),
                Tensor.ofInts("OUTPUT1", Datatype.INT32, a.shape(), differences));
    }
}
