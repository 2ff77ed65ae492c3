package io.seldonmesh.modelserver.core.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.common.v2.Datatype;
import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.common.v2.proto.InferParameter;
import io.seldonmesh.modelserver.core.InferenceInput;
import io.seldonmesh.modelserver.core.Model;
import io.seldonmesh.modelserver.core.ModelServerException;
import io.seldonmesh.modelserver.core.ModelSettings;
import io.seldonmesh.modelserver.core.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltinModelsTest {

    @Test
    void addTenAddsTenToEveryElementKeepingTheShape() {
        Model model = builtin("add10", "{}");
        List<Tensor> outputs = model.infer(input(
                Tensor.ofFloats("INPUT", Datatype.FP32, new long[] {2, 4}, new float[] {0, 1, 2, 3, -10, 0.5f, 100, -1})));

        assertThat(outputs).hasSize(1);
        assertThat(outputs.get(0).name()).isEqualTo("OUTPUT");
        assertThat(outputs.get(0).shape()).containsExactly(2, 4);
        assertThat(outputs.get(0).floats()).containsExactly(10, 11, 12, 13, 0, 10.5f, 110, 9);
    }

    @Test
    void declaredInputsChangeABuiltinsShapeButNotItsDatatype() {
        Model seldonSample = builtin("add10", "{\"inputs\": [{\"name\": \"INPUT\", \"datatype\": \"FP32\", \"shape\": [4]}]}");
        assertThat(seldonSample.signature().inputs()).containsExactly(TensorSpec.of("INPUT", Datatype.FP32, 4));
        assertThat(seldonSample.signature().outputs()).containsExactly(TensorSpec.of("OUTPUT", Datatype.FP32, 4));

        assertThatThrownBy(() -> builtin("add10", "{\"inputs\": [{\"name\": \"INPUT\", \"datatype\": \"INT32\", \"shape\": [4]}]}"))
                .hasMessage("s: input 'INPUT' must have datatype FP32, declared INT32");
        assertThatThrownBy(() -> builtin("add10", "{\"inputs\": [{\"name\": \"X\", \"datatype\": \"FP32\", \"shape\": [4]}]}"))
                .hasMessage("s: input 'X' is not an input of this built-in; its inputs are [INPUT FP32[-1,4] or [4]]");
    }

    @Test
    void addTenTakesSeldonsUnbatchedShapeAndBatchesButNoOtherShape() {
        Model model = builtin("add10", "{}");
        Tensor seldon = Tensor.ofFloats("INPUT", Datatype.FP32, new long[] {4}, new float[] {1, 2, 3, 4});
        model.signature().validate("add10", List.of(seldon));
        model.signature().validate("add10", List.of(Tensor.ofFloats("INPUT", Datatype.FP32, new long[] {2, 4}, new float[8])));

        List<Tensor> outputs = model.infer(input(seldon));

        assertThat(outputs.get(0).shape()).containsExactly(4);
        assertThat(outputs.get(0).floats()).containsExactly(11, 12, 13, 14);
        assertThatThrownBy(() -> model.signature().validate("add10",
                List.of(Tensor.ofFloats("INPUT", Datatype.FP32, new long[] {5}, new float[5]))))
                .hasMessage("input 'INPUT' of model 'add10': expected shape [-1,4] or [4], received [5]");
    }

    @Test
    void mulTenMultipliesEveryElementByTenInEitherShape() {
        Model model = builtin("mul10", "{}");
        Tensor seldon = Tensor.ofFloats("INPUT", Datatype.FP32, new long[] {4}, new float[] {1, 2, 3, 4});
        Tensor batch = Tensor.ofFloats("INPUT", Datatype.FP32, new long[] {2, 4}, new float[] {1, 2, 3, 4, -1, 0.5f, 0, 7});
        model.signature().validate("mul10", List.of(seldon));
        model.signature().validate("mul10", List.of(batch));

        assertThat(model.infer(input(seldon))).singleElement().satisfies(output -> {
            assertThat(output.name()).isEqualTo("OUTPUT");
            assertThat(output.shape()).containsExactly(4);
            assertThat(output.floats()).containsExactly(10, 20, 30, 40);
        });
        assertThat(model.infer(input(batch)).get(0).floats()).containsExactly(10, 20, 30, 40, -10, 5, 0, 70);
        assertThat(model.signature().outputs()).containsExactly(
                TensorSpec.of("OUTPUT", Datatype.FP32, -1, 4).withOptionalBatchDimension());
    }

    @Test
    void conditionalWithChoiceZeroAnswersOnlyOutput0FromInput0() {
        Model model = builtin("conditional", "{}");
        InferenceInput request = conditionalRequest(0);
        model.signature().validate("conditional", request.tensors());

        List<Tensor> outputs = model.infer(request);

        assertThat(outputs).singleElement().satisfies(output -> {
            assertThat(output.name()).isEqualTo("OUTPUT0");
            assertThat(output.datatype()).isEqualTo(Datatype.FP32);
            assertThat(output.shape()).containsExactly(4);
            assertThat(output.floats()).containsExactly(1, 2, 3, 4);
        });
    }

    @Test
    void conditionalWithAnyOtherChoiceAnswersOnlyOutput1FromInput1() {
        Model model = builtin("conditional", "{}");

        assertThat(model.infer(conditionalRequest(1))).singleElement().satisfies(output -> {
            assertThat(output.name()).isEqualTo("OUTPUT1");
            assertThat(output.floats()).containsExactly(5, 6, 7, 8);
        });
        assertThat(model.infer(conditionalRequest(-3))).extracting(Tensor::name).containsExactly("OUTPUT1");
        assertThat(model.signature().outputs()).extracting(TensorSpec::name).containsExactly("OUTPUT0", "OUTPUT1");
    }

    @Test
    void conditionalTakesSeldonsShapesOnly() {
        Model model = builtin("conditional", "{}");
        List<Tensor> batched = List.of(
                Tensor.ofInts("CHOICE", Datatype.INT32, new long[] {1}, new int[] {0}),
                Tensor.ofFloats("INPUT0", Datatype.FP32, new long[] {1, 4}, new float[4]),
                Tensor.ofFloats("INPUT1", Datatype.FP32, new long[] {4}, new float[4]));

        assertThatThrownBy(() -> model.signature().validate("conditional", batched))
                .hasMessage("input 'INPUT0' of model 'conditional': expected shape [4], received [1,4]");
    }

    @Test
    void sumAndDiffAnswersSeldonsTfsimpleRequest() {
        Model model = builtin("sum-and-diff", "{}");
        int[] oneToSixteen = new int[16];
        for (int i = 0; i < 16; i++) {
            oneToSixteen[i] = i + 1;
        }
        List<Tensor> request = List.of(
                Tensor.ofInts("INPUT0", Datatype.INT32, new long[] {1, 16}, oneToSixteen),
                Tensor.ofInts("INPUT1", Datatype.INT32, new long[] {1, 16}, oneToSixteen));
        model.signature().validate("tfsimple1", request);

        List<Tensor> outputs = model.infer(new InferenceInput(request, Map.of()));

        assertThat(outputs.get(0).shape()).containsExactly(1, 16);
        assertThat(outputs.get(0).ints()).containsExactly(2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32);
        assertThat(outputs.get(1).ints()).hasSize(16).containsOnly(0);
    }

    @Test
    void sumAndDiffComputesBothOutputsLikeTritonsSimple() {
        Model model = builtin("sum-and-diff", "{}");
        int[] a = new int[16];
        int[] b = new int[16];
        for (int i = 0; i < 16; i++) {
            a[i] = i;
            b[i] = 1;
        }
        List<Tensor> outputs = model.infer(input(
                Tensor.ofInts("INPUT0", Datatype.INT32, new long[] {1, 16}, a),
                Tensor.ofInts("INPUT1", Datatype.INT32, new long[] {1, 16}, b)));

        assertThat(outputs).extracting(Tensor::name).containsExactly("OUTPUT0", "OUTPUT1");
        assertThat(outputs.get(0).ints()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        assertThat(outputs.get(1).ints()).containsExactly(-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
    }

    @Test
    void sumAndDiffRejectsInputsOfDifferentBatchSizes() {
        Model model = builtin("sum-and-diff", "{}");
        assertThatThrownBy(() -> model.infer(input(
                Tensor.ofInts("INPUT0", Datatype.INT32, new long[] {1, 16}, new int[16]),
                Tensor.ofInts("INPUT1", Datatype.INT32, new long[] {2, 16}, new int[32]))))
                .hasMessage("inputs INPUT0 and INPUT1 must have the same shape, received [1,16] and [2,16]");
    }

    @Test
    void identityReturnsEveryInputAsItCame() {
        Tensor text = Tensor.ofStrings("text", new long[] {2}, List.of("hello", "wörld"));
        Tensor flags = Tensor.ofBooleans("flags", new long[] {1, 2}, new boolean[] {true, false});

        List<Tensor> outputs = builtin("identity", "{}").infer(input(text, flags));

        assertThat(outputs.get(0).strings()).containsExactly("hello", "wörld");
        assertThat(outputs.get(1).booleans()).containsExactly(true, false);
        assertThat(outputs.get(1).shape()).containsExactly(1, 2);
    }

    @Test
    void sleepWaitsItsConfiguredDelayUnlessTheRequestAsksOtherwise() {
        Model model = builtin("sleep", "{\"parameters\": {\"delay_ms\": 150}}");
        Tensor tensor = Tensor.ofFloats("x", Datatype.FP32, new long[] {1}, new float[] {1});

        long started = System.nanoTime();
        model.infer(input(tensor));
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(150);

        started = System.nanoTime();
        model.infer(new InferenceInput(List.of(tensor), Map.of("delay_ms", InferParameter.newBuilder().setInt64Param(0).build())));
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(150);

        assertThatThrownBy(() -> model.infer(new InferenceInput(List.of(tensor),
                Map.of("delay_ms", InferParameter.newBuilder().setStringParam("forever").build()))))
                .hasMessageStartingWith("request parameter \"delay_ms\" must be a whole number between 0 and 60000");
    }

    @Test
    void failAnswersWithItsConfiguredStatusAndMessage() {
        Model model = builtin("fail", "{\"parameters\": {\"status\": 429, \"message\": \"slow down\"}}");

        assertThatThrownBy(() -> model.infer(input(Tensor.ofFloats("x", Datatype.FP32, new long[] {1}, new float[1]))))
                .isInstanceOfSatisfying(ModelServerException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(429);
                    assertThat(e.kind()).isEqualTo(ModelServerException.Kind.MODEL_FAILED);
                })
                .hasMessage("slow down");
    }

    @Test
    void failRateIsAppliedDeterministically() {
        Model model = builtin("fail", "{\"parameters\": {\"error_rate\": 0.5}}");
        List<Boolean> failed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            try {
                model.infer(input(Tensor.ofFloats("x", Datatype.FP32, new long[] {1}, new float[1])));
                failed.add(false);
            } catch (ModelServerException e) {
                failed.add(true);
                assertThat(e.getMessage()).isEqualTo("model 'm' failed on purpose (built-in implementation 'fail')");
            }
        }
        assertThat(failed).containsExactly(false, true, false, true, false, true);
    }

    @Test
    void failRefusesAStatusThatIsNotAnError() {
        assertThatThrownBy(() -> builtin("fail", "{\"parameters\": {\"status\": 200}}"))
                .hasMessage("s: parameter \"status\" must be an HTTP error status 400-599, found 200");
    }

    private static Model builtin(String implementation, String settings) {
        return Builtins.create(implementation, "m", ModelSettings.parse(settings, "s")).orElseThrow();
    }

    /** Seldon's conditional sample request: CHOICE, then INPUT0 [1,2,3,4] and INPUT1 [5,6,7,8]. */
    private static InferenceInput conditionalRequest(int choice) {
        return input(
                Tensor.ofInts("CHOICE", Datatype.INT32, new long[] {1}, new int[] {choice}),
                Tensor.ofFloats("INPUT0", Datatype.FP32, new long[] {4}, new float[] {1, 2, 3, 4}),
                Tensor.ofFloats("INPUT1", Datatype.FP32, new long[] {4}, new float[] {5, 6, 7, 8}));
    }

    private static InferenceInput input(Tensor... tensors) {
        return new InferenceInput(List.of(tensors), Map.of());
    }
}
