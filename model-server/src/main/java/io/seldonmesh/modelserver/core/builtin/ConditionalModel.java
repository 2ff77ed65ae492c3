package io.seldonmesh.modelserver.core.builtin;

import io.seldonmesh.common.v2.Datatype;
import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.modelserver.core.InferenceInput;
import io.seldonmesh.modelserver.core.ModelServerException;
import io.seldonmesh.modelserver.core.ModelSettings;
import io.seldonmesh.modelserver.core.Signature;
import io.seldonmesh.modelserver.core.TensorSpec;
import java.util.List;
import java.util.Map;

/**
 * Seldon's Triton Python sample {@code conditional}: INT32 {@code CHOICE} {@code [1]}, FP32
 * {@code INPUT0} and {@code INPUT1} {@code [4]}. CHOICE 0 gives only {@code OUTPUT0 = INPUT0}, any
 * other value only {@code OUTPUT1 = INPUT1}. The response holds one of the two outputs, never both:
 * that is what makes only one branch of Seldon's conditional pipeline run.
 */
public final class ConditionalModel extends BuiltinModel {

    public ConditionalModel(ModelSettings settings) {
        super(signature(DeclaredInputs.apply(List.of(
                TensorSpec.of("CHOICE", Datatype.INT32, 1),
                TensorSpec.of("INPUT0", Datatype.FP32, 4),
                TensorSpec.of("INPUT1", Datatype.FP32, 4)), settings)));
    }

    private static Signature signature(List<TensorSpec> inputs) {
        return Signature.of(inputs, List.of(inputs.get(1).withName("OUTPUT0"), inputs.get(2).withName("OUTPUT1")));
    }

    @Override
    public List<Tensor> infer(InferenceInput input) {
        int[] choice = input.tensor("CHOICE").ints();
        if (choice.length == 0) {
            throw ModelServerException.invalidInput("input CHOICE of the conditional model is empty: send one INT32 value,"
                    + " 0 for OUTPUT0 = INPUT0, any other for OUTPUT1 = INPUT1");
        }
        Tensor chosen = choice[0] == 0
                ? input.tensor("INPUT0").withName("OUTPUT0")
                : input.tensor("INPUT1").withName("OUTPUT1");
        // input parameters (content_type and the like) describe the request, not the answer
        return List.of(chosen.withParameters(Map.of()));
    }
}
