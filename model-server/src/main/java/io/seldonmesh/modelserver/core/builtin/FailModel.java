package io.seldonmesh.modelserver.core.builtin;

import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.modelserver.core.InferenceInput;
import io.seldonmesh.modelserver.core.ModelServerException;
import io.seldonmesh.modelserver.core.ModelSettings;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fails on purpose, for error-path tests. Parameters: {@code status} (HTTP status 400-599,
 * default 500), {@code error_rate} (0-1, default 1) and {@code message}. The rate is applied
 * deterministically: of the first n requests exactly floor(n * error_rate) fail, so a test with
 * rate 0.5 sees every second request fail. Requests that pass are answered like identity.
 */
public final class FailModel extends BuiltinModel {

    private final int status;
    private final double errorRate;
    private final String message;
    private final AtomicLong requests = new AtomicLong();

    public FailModel(String modelName, ModelSettings settings) {
        super(IdentityModel.signature(settings));
        this.status = (int) settings.longParameter("status", 500);
        this.errorRate = settings.doubleParameter("error_rate", 1.0);
        this.message = settings.textParameter("message",
                "model '" + modelName + "' failed on purpose (built-in implementation 'fail')");
        if (status < 400 || status > 599) {
            throw ModelServerException.loadFailed(settings.source() + ": parameter \"status\" must be an HTTP error status 400-599, found " + status);
        }
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw ModelServerException.loadFailed(settings.source() + ": parameter \"error_rate\" must be between 0 and 1, found " + errorRate);
        }
    }

    @Override
    public List<Tensor> infer(InferenceInput input) {
        long n = requests.incrementAndGet();
        if (Math.floor(n * errorRate) > Math.floor((n - 1) * errorRate)) {
            throw ModelServerException.modelFailed(status, message, null);
        }
        return IdentityModel.mirror(input);
    }
}
