package io.seldonmesh.common.v2;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** One 2x2 tensor per datatype, as JSON data and as a built {@link Tensor}, including each type's extremes. */
final class Samples {

    static final long[] SHAPE = {2, 2};

    private Samples() {
    }

    /** The four values as a flat JSON array, written the way {@link V2Json} writes them. */
    static String flatJson(Datatype datatype) {
        return switch (datatype) {
            case BOOL -> "[true,false,true,false]";
            case UINT8 -> "[0,255,7,128]";
            case UINT16 -> "[0,65535,300,1]";
            case UINT32 -> "[0,4294967295,70000,1]";
            case UINT64 -> "[0,18446744073709551615,9223372036854775808,1]";
            case INT8 -> "[-128,127,0,-1]";
            case INT16 -> "[-32768,32767,0,-1]";
            case INT32 -> "[-2147483648,2147483647,0,-1]";
            case INT64 -> "[-9223372036854775808,9223372036854775807,0,-1]";
            case FP16 -> "[1.5,-2.0,0.25,65504.0]";
            case FP32 -> "[1.5,-2.25,3.4028235E38,1.0E-7]";
            case FP64 -> "[0.1,-2.5,1.7976931348623157E308,4.9E-324]";
            case BYTES -> "[\"hello\",\"\",\"héllo ✓\",\"x\"]";
            case BF16 -> "[1.5,-2.0,0.25,3.0]";
        };
    }

    /** The same values nested row-major, [[a,b],[c,d]]. */
    static String nestedJson(Datatype datatype) {
        String flat = flatJson(datatype);
        String inner = flat.substring(1, flat.length() - 1);
        int second = nthComma(inner, 2);
        return "[[" + inner.substring(0, second) + "],[" + inner.substring(second + 1) + "]]";
    }

    static Tensor tensor(String name, Datatype datatype) {
        return switch (datatype) {
            case BOOL -> Tensor.ofBooleans(name, SHAPE, new boolean[] {true, false, true, false});
            case UINT8 -> Tensor.ofInts(name, datatype, SHAPE, new int[] {0, 255, 7, 128});
            case UINT16 -> Tensor.ofInts(name, datatype, SHAPE, new int[] {0, 65535, 300, 1});
            case UINT32 -> Tensor.ofInts(name, datatype, SHAPE, new int[] {0, -1, 70000, 1});
            case UINT64 -> Tensor.ofLongs(name, datatype, SHAPE, new long[] {0, -1, Long.MIN_VALUE, 1});
            case INT8 -> Tensor.ofInts(name, datatype, SHAPE, new int[] {-128, 127, 0, -1});
            case INT16 -> Tensor.ofInts(name, datatype, SHAPE, new int[] {-32768, 32767, 0, -1});
            case INT32 -> Tensor.ofInts(name, datatype, SHAPE, new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1});
            case INT64 -> Tensor.ofLongs(name, datatype, SHAPE, new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1});
            case FP16 -> Tensor.ofFloats(name, datatype, SHAPE, new float[] {1.5f, -2f, 0.25f, 65504f});
            case FP32 -> Tensor.ofFloats(name, datatype, SHAPE, new float[] {1.5f, -2.25f, Float.MAX_VALUE, 1.0e-7f});
            case FP64 -> Tensor.ofDoubles(name, datatype, SHAPE,
                    new double[] {0.1, -2.5, Double.MAX_VALUE, Double.MIN_VALUE});
            case BYTES -> Tensor.ofStrings(name, SHAPE, List.of("hello", "", "héllo ✓", "x"));
            case BF16 -> Tensor.ofFloats(name, datatype, SHAPE, new float[] {1.5f, -2f, 0.25f, 3f});
        };
    }

    static String requestJson(Datatype datatype, String data) {
        return "{\"inputs\":[{\"name\":\"x\",\"shape\":[2,2],\"datatype\":\"" + datatype + "\",\"data\":" + data
                + "}]}";
    }

    static byte[] resource(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/v2/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource v2/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int nthComma(String text, int n) {
        int index = -1;
        for (int i = 0; i < n; i++) {
            index = text.indexOf(',', index + 1);
        }
        return index;
    }
}
