package io.seldonmesh.modelserver.core;

import io.seldonmesh.common.v2.Datatype;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One tensor of a model signature: name, datatype and shape, where {@code -1} is a dimension of
 * any size (the V2 metadata convention). With {@code batchDimensionOptional} a leading {@code -1}
 * may also be left out: Triton's model configurations without a batch dimension take {@code [4]}
 * where batching clients send {@code [1,4]}, and a stand-in for such a model should take both.
 */
public record TensorSpec(String name, Datatype datatype, List<Long> shape, boolean batchDimensionOptional) {

    public TensorSpec {
        shape = List.copyOf(shape);
        if (batchDimensionOptional && (shape.isEmpty() || shape.get(0) != -1)) {
            throw new IllegalArgumentException("tensor " + name + ": only a leading -1 dimension can be optional, shape is "
                    + formatShape(shape));
        }
    }

    public TensorSpec(String name, Datatype datatype, List<Long> shape) {
        this(name, datatype, shape, false);
    }

    public static TensorSpec of(String name, Datatype datatype, long... shape) {
        return new TensorSpec(name, datatype, Arrays.stream(shape).boxed().toList());
    }

    public boolean acceptsShape(long[] received) {
        return matches(shape, received) || batchDimensionOptional && matches(shape.subList(1, shape.size()), received);
    }

    private static boolean matches(List<Long> expected, long[] received) {
        if (received.length != expected.size()) {
            return false;
        }
        for (int i = 0; i < received.length; i++) {
            long dimension = expected.get(i);
            if (dimension != -1 && dimension != received[i]) {
                return false;
            }
        }
        return true;
    }

    /** This spec, also accepting its shape without the leading {@code -1}. */
    public TensorSpec withOptionalBatchDimension() {
        return new TensorSpec(name, datatype, shape, true);
    }

    public TensorSpec withName(String newName) {
        return new TensorSpec(newName, datatype, shape, batchDimensionOptional);
    }

    /** A shape declared in model-settings.json is taken as written: no optional dimension. */
    public TensorSpec withShape(List<Long> newShape) {
        return new TensorSpec(name, datatype, newShape);
    }

    /** The shapes accepted, for messages: {@code [-1,4]}, or {@code [-1,4] or [4]}. */
    public String describeShape() {
        return batchDimensionOptional ? formatShape(shape) + " or " + formatShape(shape.subList(1, shape.size()))
                : formatShape(shape);
    }

    public static String formatShape(List<Long> shape) {
        return shape.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }

    public static String formatShape(long[] shape) {
        return formatShape(Arrays.stream(shape).boxed().toList());
    }

    @Override
    public String toString() {
        return name + " " + datatype + describeShape();
    }
}
