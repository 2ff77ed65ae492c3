package io.seldonmesh.common.v2;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code data} of a JSON tensor as its elements in row-major order. The protocol allows data flat or
 * nested row-major. Nested data must follow the shape at every depth: flattening {@code [[1,2,3],[4]]} would
 * build a tensor the sender did not mean, and its element count can even match the shape by chance.
 */
final class JsonTensorData {

    private static final String HINT = "; nested data must follow the shape at every depth (or send it flat, "
            + "row-major)";

    private final List<JsonNode> elements;
    private final long[] shape;
    private final boolean nested;

    private JsonTensorData(List<JsonNode> elements, long[] shape, boolean nested) {
        this.elements = elements;
        this.shape = shape;
        this.nested = nested;
    }

    /** The elements of {@code data} for a tensor of this (valid) shape; null, with a problem, when they do not fit. */
    static JsonTensorData read(JsonNode data, String label, long[] shape, List<V2Problem> problems) {
        List<JsonNode> elements = new ArrayList<>();
        long expected = Shapes.elementCount(shape);
        if (!isNested(data)) {
            if (data.isArray()) {
                data.forEach(elements::add);
            } else {
                elements.add(data);
            }
            if (elements.size() != expected) {
                problems.add(Problems.countMismatch(label, shape, expected, elements.size()));
                return null;
            }
            return new JsonTensorData(elements, shape, false);
        }
        String problem = walk(data, 0, "data", shape, elements);
        if (problem != null) {
            problems.add(new V2Problem(label + " " + problem + HINT));
            return null;
        }
        return new JsonTensorData(elements, shape, true);
    }

    /** No data, for a shape with no elements. */
    static JsonTensorData none(long[] shape) {
        return new JsonTensorData(List.of(), shape, false);
    }

    List<JsonNode> elements() {
        return elements;
    }

    /** "element 4", and for nested data also where it sits: "element 4 (data[1][1])". */
    String position(int index) {
        String element = "element " + index;
        if (!nested) {
            return element;
        }
        StringBuilder path = new StringBuilder();
        long rest = index;
        for (int depth = shape.length - 1; depth >= 0; depth--) {
            path.insert(0, "[" + rest % shape[depth] + "]");
            rest /= shape[depth];
        }
        return element + " (data" + path + ")";
    }

    private static boolean isNested(JsonNode data) {
        if (data.isArray()) {
            for (JsonNode child : data) {
                if (child.isArray()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Adds the elements under {@code node}; returns what is wrong at the first place it leaves the shape. */
    private static String walk(JsonNode node, int depth, String path, long[] shape, List<JsonNode> elements) {
        String where = path + " ";
        if (depth == shape.length) {
            if (node.isArray()) {
                return where + "is an array where shape " + Shapes.format(shape) + " needs a single value";
            }
            elements.add(node);
            return null;
        }
        long size = shape[depth];
        if (!node.isArray()) {
            return where + "is " + JsonNodes.describe(node) + " where shape " + Shapes.format(shape)
                    + " needs an array of " + size;
        }
        if (node.size() != size) {
            return where + "has " + node.size() + " element" + Problems.plural(node.size()) + " where shape "
                    + Shapes.format(shape) + " needs " + size;
        }
        for (int i = 0; i < node.size(); i++) {
            String problem = walk(node.get(i), depth + 1, path + "[" + i + "]", shape, elements);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
