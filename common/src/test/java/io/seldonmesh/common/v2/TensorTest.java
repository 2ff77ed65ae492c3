package io.seldonmesh.common.v2;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TensorTest {

    private static final long[] FOUR = {4};

    private static ByteString hex(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static String hexOf(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    @Test
    void floatsReadTheSameFromTypedAndRawData() {
        Tensor typed = Tensor.ofFloats("x", Datatype.FP32, FOUR, new float[] {1, 2, 3, 4});
        Tensor raw = Tensor.ofRaw("x", Datatype.FP32, FOUR, typed.raw());

        assertThat(raw.floats()).containsExactly(1, 2, 3, 4);
        assertThat(typed.floats()).containsExactly(1, 2, 3, 4);
        assertThat(raw.doubles()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void rawFormIsLittleEndianRowMajorAsTritonDefinesIt() {
        assertThat(hexOf(Tensor.ofFloats("x", Datatype.FP32, new long[] {2}, new float[] {1, -2}).raw()))
                .isEqualTo("0000803f000000c0");
        assertThat(hexOf(Tensor.ofInts("x", Datatype.INT16, new long[] {2}, new int[] {-2, 1}).raw()))
                .isEqualTo("feff0100");
        assertThat(hexOf(Tensor.ofLongs("x", Datatype.UINT64, new long[] {1}, new long[] {-1}).raw()))
                .isEqualTo("ffffffffffffffff");
        assertThat(hexOf(Tensor.ofBooleans("x", new long[] {2}, new boolean[] {true, false}).raw()))
                .isEqualTo("0100");
        assertThat(hexOf(Tensor.ofFloats("x", Datatype.FP16, new long[] {1}, new float[] {1}).raw()))
                .isEqualTo("003c");
        assertThat(hexOf(Tensor.ofFloats("x", Datatype.BF16, new long[] {1}, new float[] {1}).raw()))
                .isEqualTo("803f");
    }

    @Test
    void rawBytesElementsAreEachPrecededByTheirLittleEndianLength() {
        Tensor tensor = Tensor.ofStrings("s", new long[] {2}, List.of("ab", ""));

        assertThat(hexOf(tensor.raw())).isEqualTo("02000000616200000000");
        assertThat(Tensor.ofRaw("s", Datatype.BYTES, new long[] {2}, tensor.raw()).strings())
                .containsExactly("ab", "");
    }

    @ParameterizedTest
    @EnumSource(Datatype.class)
    void everyDatatypeSurvivesTheTripToRawAndBack(Datatype datatype) {
        Tensor built = Samples.tensor("x", datatype);
        Tensor fromRaw = Tensor.ofRaw("x", datatype, Samples.SHAPE, built.raw());

        assertThat(fromRaw.raw()).isEqualTo(built.raw());
        if (built.hasTypedForm()) {
            assertThat(fromRaw.typedContents()).isEqualTo(built.typedContents());
        }
    }

    @Test
    void fp16AndBf16ValuesDecodeToFloats() {
        Tensor half = Tensor.ofRaw("h", Datatype.FP16, new long[] {2}, hex("003c00c0"));
        Tensor brain = Tensor.ofRaw("b", Datatype.BF16, new long[] {2}, hex("c03f0040"));

        assertThat(half.floats()).containsExactly(1.0f, -2.0f);
        assertThat(brain.floats()).containsExactly(1.5f, 2.0f);
    }

    @Test
    void integersReadAsFloatsAndUnsignedValuesKeepTheirMagnitude() {
        assertThat(Tensor.ofInts("x", Datatype.INT32, new long[] {2}, new int[] {-3, 7}).floats())
                .containsExactly(-3f, 7f);
        assertThat(Tensor.ofInts("x", Datatype.UINT32, new long[] {1}, new int[] {-1}).doubles())
                .containsExactly(4294967295.0);
        assertThat(Tensor.ofLongs("x", Datatype.UINT64, new long[] {1}, new long[] {-1}).doubles())
                .containsExactly(18446744073709551615.0);
        assertThat(Tensor.ofLongs("x", Datatype.INT64, new long[] {1}, new long[] {-5}).doubles())
                .containsExactly(-5.0);
    }

    @Test
    void narrowIntegersReadAsIntsAndLongsFromRawData() {
        Tensor int8 = Tensor.ofRaw("x", Datatype.INT8, new long[] {2}, hex("ff7f"));
        Tensor uint8 = Tensor.ofRaw("x", Datatype.UINT8, new long[] {2}, hex("ff7f"));
        Tensor uint16 = Tensor.ofRaw("x", Datatype.UINT16, new long[] {1}, hex("ffff"));

        assertThat(int8.ints()).containsExactly(-1, 127);
        assertThat(uint8.ints()).containsExactly(255, 127);
        assertThat(uint16.longs()).containsExactly(65535L);
    }

    @Test
    void booleansAndBytesReadBack() {
        assertThat(Tensor.ofBooleans("b", new long[] {2}, new boolean[] {true, false}).booleans())
                .containsExactly(true, false);
        assertThat(Tensor.ofBytes("s", new long[] {1}, List.of(new byte[] {0, (byte) 0xFF})).bytes())
                .containsExactly(new byte[] {0, (byte) 0xFF});
    }

    @Test
    void readingBytesAsNumbersIsRefusedNamingTheTensor() {
        Tensor text = Tensor.ofStrings("s", new long[] {1}, List.of("a"));

        assertThatThrownBy(text::floats)
                .isInstanceOf(V2ValidationException.class)
                .hasMessage("tensor 's' has datatype BYTES and cannot be read as numbers");
    }

    @Test
    void readingFloatsAsIntsIsRefusedNamingTheTensor() {
        Tensor floats = Tensor.ofFloats("f", Datatype.FP32, new long[] {1}, new float[] {1});

        assertThatThrownBy(floats::ints).hasMessageStartingWith("tensor 'f' has datatype FP32 and cannot be read as ints");
        assertThatThrownBy(floats::booleans).hasMessage("tensor 'f' has datatype FP32 and cannot be read as booleans");
    }

    @Test
    void invalidUtf8IsRefusedAsStringsNamingTheElement() {
        Tensor binary = Tensor.ofBytes("img", new long[] {2}, List.of(new byte[] {'o', 'k'}, new byte[] {(byte) 0xC3}));

        assertThatThrownBy(binary::strings)
                .hasMessage("tensor 'img' element 1 is not valid UTF-8 text; read it with bytes() instead");
    }

    @Test
    void valuesOutsideTheDatatypeRangeAreRejectedWithTheFirstIndexAndTheCount() {
        assertThatThrownBy(() -> Tensor.ofInts("x", Datatype.INT8, FOUR, new int[] {1, 300, -129, 3}))
                .isInstanceOf(V2ValidationException.class)
                .hasMessage("tensor 'x' element 1 is 300, outside the INT8 range -128..127 "
                        + "(2 elements in all are out of range)");
        assertThatThrownBy(() -> Tensor.ofInts("x", Datatype.UINT16, new long[] {1}, new int[] {-1}))
                .hasMessage("tensor 'x' element 0 is -1, outside the UINT16 range 0..65535");
    }

    @Test
    void valueCountDifferentFromTheShapeIsRejectedWithBothNumbers() {
        assertThatThrownBy(() -> Tensor.ofFloats("x", Datatype.FP32, new long[] {2, 3}, new float[] {1, 2}))
                .hasMessage("tensor 'x' has shape [2,3], which needs 6 elements, but its data has 2 elements");
    }

    @Test
    void rawDataOfTheWrongLengthIsRejectedWithBothSizes() {
        assertThatThrownBy(() -> Tensor.ofRaw("x", Datatype.FP32, FOUR, hex("0000803f")))
                .hasMessage("tensor 'x' has 4 bytes of raw FP32 data but shape [4] needs 16 bytes "
                        + "(4 elements x 4 bytes)");
    }

    @Test
    void wrongFactoryForTheDatatypeIsAProgrammingError() {
        assertThatThrownBy(() -> Tensor.ofInts("x", Datatype.FP32, FOUR, new int[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not FP32");
        assertThatThrownBy(() -> Tensor.ofFloats("x", Datatype.INT32, FOUR, new float[4]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tensorWithoutNameIsRejected() {
        assertThatThrownBy(() -> Tensor.ofFloats("", Datatype.FP32, FOUR, new float[4]))
                .hasMessage("a tensor has no name; every tensor needs a unique name");
    }

    @Test
    void renamingKeepsDataAndDescribesItself() {
        Tensor renamed = Tensor.ofFloats("x", Datatype.FP32, new long[] {1, 4}, new float[] {1, 2, 3, 4})
                .withName("y");

        assertThat(renamed.name()).isEqualTo("y");
        assertThat(renamed.floats()).containsExactly(1, 2, 3, 4);
        assertThat(renamed).hasToString("y FP32[1,4]");
    }

    @Test
    void arraysPassedInAreCopied() {
        long[] shape = {2};
        float[] values = {1, 2};
        Tensor tensor = Tensor.ofFloats("x", Datatype.FP32, shape, values);
        shape[0] = 9;
        values[0] = 9;

        assertThat(tensor.shape()).containsExactly(2);
        assertThat(tensor.floats()).containsExactly(1, 2);
    }
}
