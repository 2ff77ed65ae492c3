package io.seldonmesh.common.v2;

import java.util.List;

/** Shape arithmetic shared by validation, tensors and JSON. */
final class Shapes {

    /** Returned by {@link #elementCount} when the product does not fit the Java arrays tensors are read into. */
    static final long TOO_LARGE = -1;

    private Shapes() {
    }

    /** Product of the dimensions, or {@link #TOO_LARGE} above {@link Integer#MAX_VALUE}; dimensions must be >= 0. */
    static long elementCount(long[] shape) {
        long product = 1;
        for (long dimension : shape) {
            if (dimension == 0) {
                return 0;
            }
        }
        for (long dimension : shape) {
            if (dimension > Integer.MAX_VALUE || product * dimension > Integer.MAX_VALUE) {
                return TOO_LARGE;
            }
            product *= dimension;
        }
        return product;
    }

    static long[] toArray(List<Long> shape) {
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i);
        }
        return dims;
    }

    /** "[1,4]". */
    static String format(long[] shape) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(shape[i]);
        }
        return text.append(']').toString();
    }

    /** Problems with the shape itself (negative or too large), empty when it is usable. */
    static List<V2Problem> problems(String label, long[] shape) {
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                return List.of(Problems.negativeDimension(label, shape, i));
            }
        }
        if (elementCount(shape) == TOO_LARGE) {
            return List.of(Problems.shapeTooLarge(label, shape));
        }
        return List.of();
    }
}
