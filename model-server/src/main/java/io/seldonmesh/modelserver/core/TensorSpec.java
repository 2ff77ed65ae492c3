package io.seldonmesh.modelserver.core;

import io.seldonmesh.common.v2.Datatype;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One tensor of a model signature: name, datatype and shape, where {@code -1} is a dimension of
 * any size (the V2 metadata convention).
 */
public record TensorSpec(String name, Datatype datatype, List<Long> shape) {

    public TensorSpec {
        shape = List.copyOf(shape);
    }

    public static TensorSpec of(String name, Datatype datatype, long... shape) {
        return new TensorSpec(name, datatype, Arrays.stream(shape).boxed().toList());
    }

    public boolean acceptsShape(long[] received) {
        if (received.length != shape.size()) {
            return false;
        }
        for (int i = 0; i < received.length; i++) {
            long expected = shape.get(i);
            if (expected != -1 && expected != received[i]) {
                return false;
            }
        }
        return true;
    }

    public TensorSpec withName(String newName) {
        return new TensorSpec(newName, datatype, shape);
    }

    public TensorSpec withShape(List<Long> newShape) {
        return new TensorSpec(name, datatype, newShape);
    }

    public static String formatShape(List<Long> shape) {
        return shape.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }

    public static String formatShape(long[] shape) {
        return formatShape(Arrays.stream(shape).boxed().toList());
    }

    @Override
    public String toString() {
        return name + " " + datatype + formatShape(shape);
    }
}
