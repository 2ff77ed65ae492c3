package io.seldonmesh.modelserver.core;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.common.v2.Datatype;
import io.seldonmesh.common.v2.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureTest {

    private final Signature signature = Signature.of(
            List.of(TensorSpec.of("INPUT", Datatype.FP32, -1, 4)),
            List.of(TensorSpec.of("OUTPUT", Datatype.FP32, -1, 4)));

    @Test
    void anyBatchSizeMatchesAVariableDimension() {
        assertThatCode(() -> signature.validate("m", List.of(floats("INPUT", 3, 4)))).doesNotThrowAnyException();
    }

    @Test
    void unknownInputNameIsRejectedListingTheExpectedInputs() {
        assertThatThrownBy(() -> signature.validate("m", List.of(floats("input", 1, 4))))
                .isInstanceOf(ModelServerException.class)
                .hasMessage("model 'm' has no input 'input': expected inputs [INPUT FP32[-1,4]]");
    }

    @Test
    void wrongDatatypeNamesTheTensorExpectedAndReceived() {
        Tensor ints = Tensor.ofInts("INPUT", Datatype.INT32, new long[] {1, 4}, new int[] {1, 2, 3, 4});
        assertThatThrownBy(() -> signature.validate("m", List.of(ints)))
                .hasMessage("input 'INPUT' of model 'm': expected datatype FP32, received INT32")
                .extracting(e -> ((ModelServerException) e).httpStatus()).isEqualTo(400);
    }

    @Test
    void wrongShapeNamesTheTensorExpectedAndReceived() {
        assertThatThrownBy(() -> signature.validate("m", List.of(floats("INPUT", 1, 3))))
                .hasMessage("input 'INPUT' of model 'm': expected shape [-1,4], received [1,3]");
        assertThatThrownBy(() -> signature.validate("m", List.of(floats("INPUT", 4))))
                .hasMessage("input 'INPUT' of model 'm': expected shape [-1,4], received [4]");
    }

    @Test
    void missingInputIsRejectedNamingWhatWasSent() {
        Signature two = Signature.of(
                List.of(TensorSpec.of("A", Datatype.FP32, 1), TensorSpec.of("B", Datatype.FP32, 1)), List.of());
        assertThatThrownBy(() -> two.validate("m", List.of(floats("A", 1))))
                .hasMessage("input 'B' of model 'm' is missing: expected B FP32[1], received inputs [A]");
    }

    @Test
    void openSignatureAcceptsAnything() {
        assertThatCode(() -> Signature.acceptingAnyInputs().validate("m", List.of(floats("whatever", 2))))
                .doesNotThrowAnyException();
    }

    static Tensor floats(String name, long... shape) {
        int count = 1;
        for (long dim : shape) {
            count *= (int) dim;
        }
        return Tensor.ofFloats(name, Datatype.FP32, shape, new float[count]);
    }
}
