package io.seldonmesh.modelserver.core;

import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.V2ValidationException;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One inference, whichever protocol it came by: find the ready model, decode and check the inputs
 * against its signature, run it, keep the requested outputs, echo the request id. The response
 * carries its data the way the request did: raw when the request used raw_input_contents, typed
 * contents otherwise.
 */
public final class Inference {

    private static final Logger LOG = Logger.getLogger(Inference.class);

    private final ModelRegistry registry;
    private final InferenceOutcomes metrics;

    public Inference(ModelRegistry registry, InferenceOutcomes metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    /** @param request with model name (and version, if any) set from the path or message */
    /** Above this, even a copy takes long enough to stall the other requests of a network thread. */
    static final int INLINE_MAX_BYTES = 256 * 1024;

    public ModelInferResponse infer(ModelInferRequest request) {
        long started = System.nanoTime();
        try {
            LoadedModel loaded = registry.ready(request.getModelName(), version(request));
            ModelInferResponse response = loaded.use(model -> run(loaded, model, request));
            metrics.record(loaded.name(), "success", Duration.ofNanos(System.nanoTime() - started));
            return response;
        } catch (ModelServerException e) {
            throw finish(request, e, started);
        } catch (V2ValidationException e) {
            throw finish(request, ModelServerException.invalidInput(
                    "invalid request for model '" + request.getModelName() + "': " + e.getMessage()), started);
        } catch (RuntimeException e) {
            throw finish(request, ModelServerException.internal(
                    "model '" + request.getModelName() + "' failed unexpectedly: " + e, e), started);
        }
    }

    /**
     * Whether {@code request} may be answered on the thread that received it: the request is small enough that
     * copying it is quick, and its model, when loaded, says it {@linkplain Model#runsInline() runs inline}.
     */
    public boolean runsInline(ModelInferRequest request) {
        if (request.getSerializedSize() > INLINE_MAX_BYTES) {
            return false;
        }
        // An unknown or unready model answers with an error at once: that too is quick.
        return registry.entry(request.getModelName()).flatMap(ModelEntry::loaded)
                .map(loaded -> loaded.model().runsInline())
                .orElse(true);
    }

    /**
     * A request for {@code model} whose body could not even be read: counted and logged like every
     * other failed request, returned for the entry point to throw.
     */
    public ModelServerException unreadable(String model, V2ValidationException problem) {
        return finish(ModelInferRequest.newBuilder().setModelName(model).build(),
                ModelServerException.invalidInput("invalid request for model '" + model + "': " + problem.getMessage()),
                System.nanoTime());
    }

    private ModelInferResponse run(LoadedModel loaded, Model model, ModelInferRequest request) {
        List<Tensor> inputs = Tensors.inputs(request);
        model.signature().validate(loaded.name(), inputs);
        List<Tensor> outputs = model.infer(new InferenceInput(inputs, request.getParametersMap()));
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder()
                .setModelName(loaded.name())
                .setModelVersion(loaded.version())
                .setId(request.getId());
        Tensors.setOutputs(response, RequestedOutputs.select(loaded.name(), outputs, request.getOutputsList()));
        return request.getRawInputContentsCount() > 0 ? Tensors.toRaw(response.build()) : response.build();
    }

    private ModelServerException finish(ModelInferRequest request, ModelServerException failure, long started) {
        String name = request.getModelName();
        String model = registry.entry(name).isPresent() ? name : InferenceOutcomes.UNKNOWN_MODEL;
        metrics.record(model, failure.kind().outcome(), Duration.ofNanos(System.nanoTime() - started));
        switch (failure.kind()) {
            case INTERNAL -> LOG.errorf(failure.getCause(), "model=%s request=%s: %s", name, request.getId(), failure.getMessage());
            case MODEL_FAILED -> LOG.warnf("model=%s request=%s: %s", name, request.getId(), failure.getMessage());
            default -> LOG.debugf("model=%s request=%s: %s %s", name, request.getId(), failure.kind(), failure.getMessage());
        }
        return failure;
    }

    private static Optional<String> version(ModelInferRequest request) {
        return request.getModelVersion().isEmpty() ? Optional.empty() : Optional.of(request.getModelVersion());
    }
}
