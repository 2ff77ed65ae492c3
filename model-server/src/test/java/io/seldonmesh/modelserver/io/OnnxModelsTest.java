package io.seldonmesh.modelserver.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.seldonmesh.common.v2.Datatype;
import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.modelserver.core.InferenceInput;
import io.seldonmesh.modelserver.core.Model;
import io.seldonmesh.modelserver.core.TensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelsTest {

    static final Path MODELS = Path.of("src/test/resources/models");

    /** The classifier's weights, as make_models.py writes them. */
    static final float[][] IRIS_W = {{0, 0, 0}, {0, 0, 0}, {-2, 0, 2}, {0, 1, 0}};
    static final float[] IRIS_B = {5, 0, -7};

    private final OnnxModels onnx = new OnnxModels();

    @Test
    void addTenSignatureComesFromTheModelFile() {
        try (Model model = onnx.open("onnx-add10", MODELS.resolve("onnx-add10/1/model.onnx"))) {
            assertThat(model.platform()).isEqualTo("onnxruntime_onnx");
            assertThat(model.signature().inputs()).containsExactly(TensorSpec.of("input", Datatype.FP32, -1, 4));
            assertThat(model.signature().outputs()).containsExactly(TensorSpec.of("output", Datatype.FP32, -1, 4));

            List<Tensor> outputs = model.infer(new InferenceInput(List.of(Tensor.ofFloats("input", Datatype.FP32,
                    new long[] {2, 4}, new float[] {1, 2, 3, 4, -1.5f, 0, 0.25f, 1e6f})), Map.of()));

            assertThat(outputs.get(0).name()).isEqualTo("output");
            assertThat(outputs.get(0).shape()).containsExactly(2, 4);
            assertThat(outputs.get(0).floats()).containsExactly(11, 12, 13, 14, 8.5f, 10, 10.25f, 1e6f + 10);
        }
    }

    @Test
    void irisClassifierGivesSoftmaxProbabilitiesAndTheArgmaxClass() {
        float[][] rows = {{5.1f, 3.5f, 1.4f, 0.2f}, {6.0f, 2.9f, 3.0f, 2.0f}, {6.9f, 3.1f, 5.4f, 2.1f}};
        float[] flat = new float[12];
        for (int r = 0; r < 3; r++) {
            System.arraycopy(rows[r], 0, flat, r * 4, 4);
        }
        try (Model model = onnx.open("onnx-iris", MODELS.resolve("onnx-iris/1/model.onnx"))) {
            assertThat(model.signature().outputs()).containsExactly(
                    TensorSpec.of("probabilities", Datatype.FP32, -1, 3), TensorSpec.of("label", Datatype.INT64, -1));

            List<Tensor> outputs = model.infer(new InferenceInput(
                    List.of(Tensor.ofFloats("input", Datatype.FP32, new long[] {3, 4}, flat)), Map.of()));

            float[] probabilities = outputs.get(0).floats();
            for (int r = 0; r < 3; r++) {
                float[] expected = softmax(logits(rows[r]));
                for (int c = 0; c < 3; c++) {
                    assertThat(probabilities[r * 3 + c]).isCloseTo(expected[c], within(1e-5f));
                }
            }
            assertThat(outputs.get(1).datatype()).isEqualTo(Datatype.INT64);
            assertThat(outputs.get(1).shape()).containsExactly(3);
            assertThat(outputs.get(1).longs()).containsExactly(0, 1, 2);
        }
    }

    @Test
    void fileThatIsNotAnOnnxModelIsALoadFailureNamingTheFile(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("model.onnx"), "not a protobuf");
        assertThatThrownBy(() -> onnx.open("junk", file))
                .hasMessageStartingWith("ONNX Runtime cannot load model 'junk' from " + file + ": ");
    }

    @Test
    void missingFileIsALoadFailure() {
        assertThatThrownBy(() -> onnx.open("m", Path.of("/nowhere/model.onnx")))
                .hasMessage("model 'm': ONNX file /nowhere/model.onnx does not exist");
    }

    static float[] logits(float[] features) {
        float[] logits = IRIS_B.clone();
        for (int c = 0; c < 3; c++) {
            for (int f = 0; f < 4; f++) {
                logits[c] += features[f] * IRIS_W[f][c];
            }
        }
        return logits;
    }

    static float[] softmax(float[] logits) {
        double sum = 0;
        double[] exps = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            exps[i] = Math.exp(logits[i]);
            sum += exps[i];
        }
        float[] result = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            result[i] = (float) (exps[i] / sum);
        }
        return result;
    }
}
