package io.seldonmesh.modelserver.core.builtin;

import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.common.v2.proto.InferParameter;
import io.seldonmesh.modelserver.core.InferenceInput;
import io.seldonmesh.modelserver.core.ModelServerException;
import io.seldonmesh.modelserver.core.ModelSettings;
import java.util.List;

/**
 * Identity after a delay, for timeout and back-pressure tests. The delay is
 * {@code parameters.delay_ms} of model-settings.json (default 100); a request may override it with
 * its own {@code delay_ms} parameter, up to {@link #MAX_DELAY_MS} so a client cannot park a worker
 * thread for ever.
 */
public final class SleepModel extends BuiltinModel {

    public static final String DELAY_MS = "delay_ms";
    static final long DEFAULT_DELAY_MS = 100;
    static final long MAX_DELAY_MS = 60_000;

    private final long delayMs;

    public SleepModel(ModelSettings settings) {
        super(IdentityModel.signature(settings));
        this.delayMs = settings.longParameter(DELAY_MS, DEFAULT_DELAY_MS);
        if (delayMs < 0 || delayMs > MAX_DELAY_MS) {
            throw ModelServerException.loadFailed(settings.source() + ": parameter \"" + DELAY_MS + "\" must be between 0 and "
                    + MAX_DELAY_MS + ", found " + delayMs);
        }
    }

    @Override
    public boolean runsInline() {
        return false;
    }

    @Override
    public List<Tensor> infer(InferenceInput input) {
        long delay = requestedDelay(input);
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ModelServerException.internal("sleep model interrupted after less than " + delay + " ms", e);
        }
        return IdentityModel.mirror(input);
    }

    private long requestedDelay(InferenceInput input) {
        InferParameter parameter = input.parameters().get(DELAY_MS);
        if (parameter == null) {
            return delayMs;
        }
        long requested;
        try {
            requested = switch (parameter.getParameterChoiceCase()) {
                case INT64_PARAM -> parameter.getInt64Param();
                case STRING_PARAM -> Long.parseLong(parameter.getStringParam().trim());
                default -> -1;
            };
        } catch (NumberFormatException e) {
            requested = -1;
        }
        if (requested < 0 || requested > MAX_DELAY_MS) {
            throw ModelServerException.invalidInput("request parameter \"" + DELAY_MS + "\" must be a whole number between 0 and "
                    + MAX_DELAY_MS + ", received " + parameter.toString().trim());
        }
        return requested;
    }
}
