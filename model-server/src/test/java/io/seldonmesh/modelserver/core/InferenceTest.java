package io.seldonmesh.modelserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.common.v2.Datatype;
import io.seldonmesh.modelserver.api.InferenceMetrics;
import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InferenceTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ModelFactory factory = new ModelFactory((name, file) -> {
        throw new AssertionError("no ONNX here");
    });
    private final ModelRegistry registry = new ModelRegistry((name, version) -> new LoadedModel(name, "1",
            factory.create(new ModelSource(name, "1", Path.of("."),
                    ModelSettings.parse("{\"implementation\": \"" + name + "\"}", name), List.of()))));
    private final Inference inference = new Inference(registry, new InferenceMetrics(meters, registry));

    @BeforeEach
    void load() {
        registry.load("add10", Optional.empty());
        registry.load("sum-and-diff", Optional.empty());
    }

    @Test
    void typedRequestGetsTypedOutputsWithIdAndVersion() {
        ModelInferResponse response = inference.infer(request("add10", "req-1",
                Tensor.ofFloats("INPUT", Datatype.FP32, new long[] {1, 4}, new float[] {1, 2, 3, 4})).build());

        assertThat(response.getModelName()).isEqualTo("add10");
        assertThat(response.getModelVersion()).isEqualTo("1");
        assertThat(response.getId()).isEqualTo("req-1");
        assertThat(response.getRawOutputContentsCount()).isZero();
        assertThat(response.getOutputs(0).getName()).isEqualTo("OUTPUT");
        assertThat(response.getOutputs(0).getShapeList()).containsExactly(1L, 4L);
        assertThat(response.getOutputs(0).getContents().getFp32ContentsList()).containsExactly(11f, 12f, 13f, 14f);
    }

    @Test
    void rawRequestGetsRawOutputs() {
        ModelInferRequest raw = Tensors.toRaw(request("add10", "",
                Tensor.ofFloats("INPUT", Datatype.FP32, new long[] {2, 4}, new float[] {0, 1, 2, 3, 4, 5, 6, 7})).build());

        ModelInferResponse response = inference.infer(raw);

        assertThat(response.getRawOutputContentsCount()).isEqualTo(1);
        assertThat(response.getOutputs(0).hasContents()).isFalse();
        assertThat(Tensors.outputs(response).get(0).floats()).containsExactly(10, 11, 12, 13, 14, 15, 16, 17);
    }

    @Test
    void onlyRequestedOutputsAreReturnedInTheRequestedOrder() {
        ModelInferRequest.Builder request = request("sum-and-diff", "", ints("INPUT0", 5), ints("INPUT1", 2));
        request.addOutputsBuilder().setName("OUTPUT1");

        ModelInferResponse response = inference.infer(request.build());

        assertThat(response.getOutputsList()).extracting(ModelInferResponse.InferOutputTensor::getName).containsExactly("OUTPUT1");
        assertThat(response.getOutputs(0).getContents().getIntContentsList()).hasSize(16).containsOnly(3);
    }

    @Test
    void unknownRequestedOutputIsRejectedListingTheOutputs() {
        ModelInferRequest.Builder request = request("add10", "",
                Tensor.ofFloats("INPUT", Datatype.FP32, new long[] {1, 4}, new float[4]));
        request.addOutputsBuilder().setName("SCORES");

        assertThatThrownBy(() -> inference.infer(request.build()))
                .hasMessage("requested output 'SCORES' is not an output of model 'add10'; its outputs are [OUTPUT]");
    }

    @Test
    void dataThatDoesNotMatchTheShapeIsAnInvalidInputNamingTheTensor() {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName("add10");
        request.addInputsBuilder().setName("INPUT").setDatatype("FP32").addShape(1).addShape(4)
                .setContents(InferTensorContents.newBuilder().addFp32Contents(1f));

        assertThatThrownBy(() -> inference.infer(request.build()))
                .isInstanceOf(ModelServerException.class)
                .hasMessageStartingWith("invalid request for model 'add10': ")
                .hasMessageContaining("'INPUT'")
                .extracting(e -> ((ModelServerException) e).httpStatus()).isEqualTo(400);
    }

    @Test
    void metricsCountOutcomesPerModelAndLoadedModels() {
        Tensor input = Tensor.ofFloats("INPUT", Datatype.FP32, new long[] {1, 4}, new float[4]);
        inference.infer(request("add10", "", input).build());
        assertThatThrownBy(() -> inference.infer(request("add10", "", input.withName("X")).build()));
        assertThatThrownBy(() -> inference.infer(request("nobody", "", input).build()));

        assertThat(meters.get(InferenceMetrics.REQUESTS).tags("model", "add10", "outcome", "success").counter().count()).isEqualTo(1);
        assertThat(meters.get(InferenceMetrics.REQUESTS).tags("model", "add10", "outcome", "invalid_input").counter().count()).isEqualTo(1);
        assertThat(meters.get(InferenceMetrics.REQUESTS).tags("model", "unknown", "outcome", "model_not_found").counter().count()).isEqualTo(1);
        assertThat(meters.get(InferenceMetrics.LATENCY).tags("model", "add10").timer().count()).isEqualTo(2);
        assertThat(meters.get(InferenceMetrics.LOADED_MODELS).gauge().value()).isEqualTo(2);
    }

    private static ModelInferRequest.Builder request(String model, String id, Tensor... inputs) {
        return Tensors.setInputs(ModelInferRequest.newBuilder().setModelName(model).setId(id), List.of(inputs));
    }

    private static Tensor ints(String name, int value) {
        int[] values = new int[16];
        java.util.Arrays.fill(values, value);
        return Tensor.ofInts(name, Datatype.INT32, new long[] {1, 16}, values);
    }
}
