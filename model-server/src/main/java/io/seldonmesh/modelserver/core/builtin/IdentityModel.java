package io.seldonmesh.modelserver.core.builtin;

import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.modelserver.core.InferenceInput;
import io.seldonmesh.modelserver.core.ModelSettings;
import io.seldonmesh.modelserver.core.Signature;
import java.util.List;
import java.util.Map;

/**
 * Returns every input as an output of the same name. Accepts any tensors unless
 * model-settings.json declares {@code inputs}.
 */
public final class IdentityModel extends BuiltinModel {

    public IdentityModel(ModelSettings settings) {
        super(signature(settings));
    }

    /** Declared inputs come back as outputs of the same name. */
    static Signature signature(ModelSettings settings) {
        return settings.inputs().isEmpty()
                ? Signature.acceptingAnyInputs()
                : Signature.of(settings.inputs(), settings.inputs());
    }

    @Override
    public List<Tensor> infer(InferenceInput input) {
        return mirror(input);
    }

    static List<Tensor> mirror(InferenceInput input) {
        // input parameters (content_type and the like) describe the request, not the answer
        return input.tensors().stream().map(tensor -> tensor.withParameters(Map.of())).toList();
    }
}
