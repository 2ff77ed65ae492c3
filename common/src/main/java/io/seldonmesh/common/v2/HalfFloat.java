package io.seldonmesh.common.v2;

/**
 * Conversions between float and the two 16-bit formats (IEEE 754 binary16 and bfloat16). Java 17 has neither
 * (Float.floatToFloat16 arrived in Java 20). Narrowing rounds to nearest, ties to even, like numpy and
 * ONNX Runtime; values beyond the FP16 range become infinity.
 */
final class HalfFloat {

    /** The largest finite value of each format. */
    static final float FP16_MAX = 65504f;
    static final float BF16_MAX = Float.intBitsToFloat(0x7F7F_0000);

    private HalfFloat() {
    }

    static float fp16ToFloat(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    static short floatToFp16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7F_FFFF;
        if (exponent == 0xFF) {
            // keep NaN a (quiet) NaN even when its payload sits in the bits that are dropped
            return (short) (sign | 0x7C00 | (mantissa == 0 ? 0 : 0x200 | (mantissa >>> 13)));
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (halfExponent <= 0) {
            if (halfExponent < -10) {
                return (short) sign;
            }
            int shift = 14 - halfExponent;
            return (short) (sign | roundShift(mantissa | 0x80_0000, shift));
        }
        // a carry out of the mantissa correctly bumps the exponent (up to infinity)
        return (short) (sign | roundShift((halfExponent << 23) | mantissa, 13));
    }

    static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    /** value >> shift, rounded to nearest with ties to even. */
    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || (rest == half && (kept & 1) != 0)) {
            kept++;
        }
        return kept;
    }
}
