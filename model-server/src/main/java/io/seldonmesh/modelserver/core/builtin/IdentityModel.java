package io.seldonmesh.modelserver.core.builtin;

import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.modelserver.core.InferenceInput;
import io.seldonmesh.modelserver.core.Model;
import io.seldonmesh.modelserver.core.ModelSettings;
import io.seldonmesh.modelserver.core.Signature;
import java.util.List;
import java.util.Map;

/**
 * Returns every input as an output of the same name. Accepts any tensors unless
 * model-settings.json declares {@code inputs}.
 */
public final class IdentityModel implements Model {

    private final Signature signature;

    public IdentityModel(ModelSettings settings) {
        this.signature = settings.inputs().isEmpty()
                ? Signature.acceptingAnyInputs()
                : Signature.of(settings.inputs(), settings.inputs());
    }

    @Override
    public String platform() {
        return Builtins.PLATFORM;
    }

    @Override
    public Signature signature() {
        return signature;
    }

    @Override
    public List<Tensor> infer(InferenceInput input) {
        // input parameters (content_type and the like) describe the request, not the answer
        return input.tensors().stream().map(tensor -> tensor.withParameters(Map.of())).toList();
    }
}
