package io.seldonmesh.common.v2;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HalfFloatTest {

    private static int fp16(float value) {
        return HalfFloat.floatToFp16(value) & 0xFFFF;
    }

    private static int bf16(float value) {
        return HalfFloat.floatToBf16(value) & 0xFFFF;
    }

    @Test
    void fp16EncodesKnownValuesBitExactly() {
        assertThat(fp16(1.0f)).isEqualTo(0x3C00);
        assertThat(fp16(-2.0f)).isEqualTo(0xC000);
        assertThat(fp16(0.0f)).isEqualTo(0x0000);
        assertThat(fp16(-0.0f)).isEqualTo(0x8000);
        assertThat(fp16(65504f)).isEqualTo(0x7BFF);
        assertThat(fp16(0x1p-14f)).isEqualTo(0x0400);
        assertThat(fp16(0x1p-24f)).isEqualTo(0x0001);
        assertThat(fp16(Float.POSITIVE_INFINITY)).isEqualTo(0x7C00);
        assertThat(fp16(Float.NEGATIVE_INFINITY)).isEqualTo(0xFC00);
    }

    @Test
    void fp16RoundsToNearestEvenAndOverflowsToInfinity() {
        // 1 + 2^-11 lies exactly between 1 and the next half (1 + 2^-10): ties go to the even mantissa, 1
        assertThat(fp16(1.0f + 0x1p-11f)).isEqualTo(0x3C00);
        // 1 + 3 * 2^-11 lies between 1 + 2^-10 (odd) and 1 + 2^-9 (even): goes up
        assertThat(fp16(1.0f + 3 * 0x1p-11f)).isEqualTo(0x3C02);
        assertThat(fp16(65520f)).isEqualTo(0x7C00);
        assertThat(fp16(1e6f)).isEqualTo(0x7C00);
        assertThat(fp16(0x1p-26f)).isEqualTo(0x0000);
        assertThat(fp16(0x1.8p-25f)).isEqualTo(0x0001);
    }

    @Test
    void fp16KeepsNaNANaN() {
        assertThat(HalfFloat.fp16ToFloat(HalfFloat.floatToFp16(Float.NaN))).isNaN();
        assertThat(HalfFloat.fp16ToFloat(HalfFloat.floatToFp16(Float.intBitsToFloat(0x7F80_0001)))).isNaN();
    }

    @Test
    void fp16DecodesNormalSubnormalAndSpecialValues() {
        assertThat(HalfFloat.fp16ToFloat((short) 0x3C00)).isEqualTo(1.0f);
        assertThat(HalfFloat.fp16ToFloat((short) 0xC000)).isEqualTo(-2.0f);
        assertThat(HalfFloat.fp16ToFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(HalfFloat.fp16ToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(HalfFloat.fp16ToFloat((short) 0x8001)).isEqualTo(-0x1p-24f);
        assertThat(HalfFloat.fp16ToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(HalfFloat.fp16ToFloat((short) 0x7E00)).isNaN();
    }

    @Test
    void everyFp16ValueSurvivesTheTripThroughFloat() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            float value = HalfFloat.fp16ToFloat((short) bits);
            if (!Float.isNaN(value)) {
                assertThat(fp16(value)).as("bits %04x", bits).isEqualTo(bits);
            }
        }
    }

    @Test
    void bf16KeepsTheUpperHalfOfAFloatRoundedToNearestEven() {
        assertThat(bf16(1.0f)).isEqualTo(0x3F80);
        assertThat(bf16(-2.0f)).isEqualTo(0xC000);
        assertThat(bf16(Float.intBitsToFloat(0x3F80_8000))).isEqualTo(0x3F80);
        assertThat(bf16(Float.intBitsToFloat(0x3F81_8000))).isEqualTo(0x3F82);
        assertThat(bf16(Float.intBitsToFloat(0x3F80_8001))).isEqualTo(0x3F81);
        assertThat(bf16(Float.MAX_VALUE)).isEqualTo(0x7F80);
        assertThat(HalfFloat.bf16ToFloat((short) 0x3FC0)).isEqualTo(1.5f);
        assertThat(HalfFloat.bf16ToFloat(HalfFloat.floatToBf16(Float.NaN))).isNaN();
    }
}
