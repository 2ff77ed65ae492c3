package io.seldonmesh.common.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.seldonmesh.common.v2.proto.InferParameter;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tensors in the V2 REST form: {@code {name, shape, datatype, parameters?, data}}, data flat or nested
 * row-major. See {@link V2Json} for the value rules.
 */
final class JsonTensors {

    static final String CONTENT_TYPE = "content_type";
    static final String BASE64 = "base64";

    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final double TWO_POW_63 = 0x1p63;

    private JsonTensors() {
    }

    /**
     * The tensors of a JSON array field, or null when some could not be read (problems say why). Bare NaN and
     * Infinity literals are read only when {@code bareNonFiniteAllowed}: see {@link V2Json}.
     */
    static List<Tensor> readAll(JsonNode array, String kind, boolean bareNonFiniteAllowed, List<V2Problem> problems) {
        List<Tensor> tensors = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean complete = true;
        for (int i = 0; i < array.size(); i++) {
            JsonNode node = array.get(i);
            names.add(nameForChecks(node));
            Tensor tensor = read(node, kind, i, bareNonFiniteAllowed, problems);
            complete &= tensor != null;
            tensors.add(tensor);
        }
        problems.addAll(TensorValidation.nameProblems(kind, names));
        return complete ? tensors : null;
    }

    /** The name to check for absence and duplicates; null when the tensor or its name was already reported. */
    static String nameForChecks(JsonNode tensor) {
        JsonNode name = tensor.path("name");
        if (!tensor.isObject() || !(name.isTextual() || name.isMissingNode() || name.isNull())) {
            return null;
        }
        return name.isTextual() ? name.textValue() : "";
    }

    private static Tensor read(JsonNode node, String kind, int index, boolean bareNonFiniteAllowed,
                               List<V2Problem> problems) {
        if (!node.isObject()) {
            problems.add(new V2Problem(kind + " #" + index + " must be a JSON object with name, shape, datatype "
                    + "and data, not " + JsonNodes.describe(node)));
            return null;
        }
        List<V2Problem> found = new ArrayList<>();
        String name = JsonNodes.text(node, "name", kind + " #" + index, found).orElse("");
        String label = Problems.label(kind, index, name);
        Datatype datatype = datatype(node, label, found);
        long[] shape = shape(node.get("shape"), label, false, found);
        Map<String, InferParameter> parameters = JsonParameters.read(node.get("parameters"), label, found);
        if (datatype == null || shape == null) {
            problems.addAll(found);
            return null;
        }
        JsonTensorData data = data(node.get("data"), label, datatype, shape, found);
        if (data == null) {
            problems.addAll(found);
            return null;
        }
        Tensor tensor = convert(label, name, datatype, shape, data, bareNonFiniteAllowed, found);
        problems.addAll(found);
        return tensor == null ? null : tensor.withParameters(parameters);
    }

    /** The tensor's data; null (with a problem) when it is missing or does not fit the shape. */
    private static JsonTensorData data(JsonNode data, String label, Datatype datatype, long[] shape,
                                       List<V2Problem> problems) {
        if (data == null || data.isNull()) {
            long expected = Shapes.elementCount(shape);
            if (expected > 0) {
                problems.add(Problems.noData(label, datatype, shape, expected, null));
                return null;
            }
            return JsonTensorData.none(shape);
        }
        return JsonTensorData.read(data, label, shape, problems);
    }

    /**
     * A shape array of whole numbers; null (with a problem) when absent or malformed. Metadata shapes may use
     * -1 for a variable dimension, inference shapes may not (checked by {@link Shapes#problems}).
     */
    static long[] shape(JsonNode node, String label, boolean allowVariable, List<V2Problem> problems) {
        if (node == null || node.isNull()) {
            problems.add(new V2Problem(label + " has no shape; send its dimensions, e.g. \"shape\": [1, 4]"));
            return null;
        }
        if (!node.isArray()) {
            problems.add(new V2Problem(label + " field 'shape' must be an array of whole numbers, not "
                    + JsonNodes.describe(node)));
            return null;
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dimension = node.get(i);
            if (!dimension.isIntegralNumber() || !dimension.canConvertToLong()) {
                problems.add(new V2Problem(label + " field 'shape' must be an array of whole numbers, but "
                        + "dimension " + i + " is " + JsonNodes.describe(dimension)));
                return null;
            }
            shape[i] = dimension.longValue();
        }
        if (!allowVariable) {
            List<V2Problem> shapeProblems = Shapes.problems(label, shape);
            if (!shapeProblems.isEmpty()) {
                problems.addAll(shapeProblems);
                return null;
            }
        }
        return shape;
    }

    private static Datatype datatype(JsonNode tensor, String label, List<V2Problem> problems) {
        JsonNode node = tensor.get("datatype");
        if (node == null || node.isNull() || (node.isTextual() && node.textValue().isEmpty())) {
            problems.add(Problems.noDatatype(label));
            return null;
        }
        if (!node.isTextual()) {
            problems.add(new V2Problem(label + " field 'datatype' must be a string such as \"FP32\", not "
                    + JsonNodes.describe(node)));
            return null;
        }
        Optional<Datatype> datatype = Datatype.find(node.textValue());
        if (datatype.isEmpty()) {
            problems.add(Problems.unknownDatatype(label, node.textValue()));
            return null;
        }
        return datatype.get();
    }

    /** Converts every element, reporting the first bad one and how many are bad. */
    private static Tensor convert(String label, String name, Datatype datatype, long[] shape,
                                  JsonTensorData data, boolean bareNonFiniteAllowed, List<V2Problem> problems) {
        List<JsonNode> elements = data.elements();
        ElementErrors errors = new ElementErrors(label, datatype, data);
        int count = elements.size();
        Tensor tensor;
        switch (datatype) {
            case BOOL -> {
                boolean[] values = new boolean[count];
                for (int i = 0; i < count; i++) {
                    JsonNode element = elements.get(i);
                    if (element.isBoolean()) {
                        values[i] = element.booleanValue();
                    } else {
                        errors.wrongType(i, element, "true or false");
                    }
                }
                tensor = !ready(name, errors, problems) ? null : Tensor.fromBooleans(label, name, shape, values);
            }
            case BYTES -> {
                List<ByteString> values = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    JsonNode element = elements.get(i);
                    if (element.isTextual()) {
                        values.add(ByteString.copyFromUtf8(element.textValue()));
                    } else {
                        errors.wrongType(i, element, "strings");
                    }
                }
                tensor = !ready(name, errors, problems) ? null : Tensor.fromBytes(label, name, shape, values);
            }
            case FP16, BF16, FP32, FP64 -> {
                double[] values = new double[count];
                for (int i = 0; i < count; i++) {
                    values[i] = floating(i, elements.get(i), datatype, bareNonFiniteAllowed, errors);
                }
                tensor = !ready(name, errors, problems) ? null
                        : Tensor.fromDoubles(label, name, datatype, shape, values);
            }
            default -> {
                long[] values = new long[count];
                for (int i = 0; i < count; i++) {
                    values[i] = integer(i, elements.get(i), datatype, errors);
                }
                tensor = !ready(name, errors, problems) ? null
                        : Tensor.fromLongs(label, name, datatype, shape, values);
            }
        }
        errors.problem().ifPresent(problems::add);
        return tensor;
    }

    /** Nothing wrong so far, and a name to build with (a missing name is reported with the other names). */
    private static boolean ready(String name, ElementErrors errors, List<V2Problem> problems) {
        return !name.isEmpty() && !errors.any() && problems.isEmpty();
    }

    private static double floating(int index, JsonNode element, Datatype datatype, boolean bareNonFiniteAllowed,
                                   ElementErrors errors) {
        if (element.isNumber()) {
            double value = element.doubleValue();
            if (element.isDouble() && !Double.isFinite(value)) {
                // a bare NaN or Infinity: OverflowKeepingParser keeps a literal like 1e309 as a decimal
                if (!bareNonFiniteAllowed) {
                    errors.bareNonFinite(index, element.asText());
                }
                return value;
            }
            if (datatype.overflows(value)) {
                errors.outOfRange(index, element.asText());
                return 0;
            }
            return value;
        }
        if (element.isTextual()) {
            // values JSON numbers cannot hold, quoted as this codec, protobuf's JSON mapping and Jackson write them
            switch (element.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity", "+Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        errors.wrongType(index, element, "numbers");
        return 0;
    }

    private static long integer(int index, JsonNode element, Datatype datatype, ElementErrors errors) {
        if (element.isFloatingPointNumber()) {
            double value = element.doubleValue();
            if (value != Math.rint(value)) {
                errors.notWhole(index, element);
                return 0;
            }
            if (Math.abs(value) >= TWO_POW_63) {
                errors.outOfRange(index, element.asText());
                return 0;
            }
            return inRange(index, (long) value, datatype, errors, element.asText());
        }
        if (!element.isIntegralNumber()) {
            errors.wrongType(index, element, "whole numbers");
            return 0;
        }
        if (element.canConvertToLong()) {
            return inRange(index, element.longValue(), datatype, errors, element.asText());
        }
        BigInteger big = element.bigIntegerValue();
        if (datatype == Datatype.UINT64 && big.signum() >= 0 && big.compareTo(UINT64_MAX) <= 0) {
            return big.longValue();
        }
        errors.outOfRange(index, element.asText());
        return 0;
    }

    private static long inRange(int index, long value, Datatype datatype, ElementErrors errors, String text) {
        if (value < datatype.minValue() || value > datatype.maxValue()) {
            errors.outOfRange(index, text);
            return 0;
        }
        return value;
    }

    /** Writes the tensor as a JSON object with flat data. */
    static void write(JsonGenerator json, Tensor tensor) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", tensor.name());
        json.writeArrayFieldStart("shape");
        for (long dimension : tensor.shape()) {
            json.writeNumber(dimension);
        }
        json.writeEndArray();
        json.writeStringField("datatype", tensor.datatype().name());
        boolean base64 = tensor.datatype() == Datatype.BYTES
                && !tensor.byteStrings().stream().allMatch(ByteString::isValidUtf8);
        Map<String, InferParameter> parameters = tensor.parameters();
        if (base64) {
            // JSON strings cannot carry arbitrary bytes; mark the tensor the way MLServer's base64 codec does
            parameters = new LinkedHashMap<>(parameters);
            parameters.put(CONTENT_TYPE, InferParameter.newBuilder().setStringParam(BASE64).build());
        }
        JsonParameters.write(json, parameters);
        json.writeArrayFieldStart("data");
        writeData(json, tensor, base64);
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeData(JsonGenerator json, Tensor tensor, boolean base64) throws IOException {
        switch (tensor.datatype()) {
            case BOOL -> {
                for (boolean value : tensor.booleans()) {
                    json.writeBoolean(value);
                }
            }
            case BYTES -> {
                for (ByteString value : tensor.byteStrings()) {
                    json.writeString(base64
                            ? Base64.getEncoder().encodeToString(value.toByteArray()) : value.toStringUtf8());
                }
            }
            case FP16, BF16, FP32 -> {
                for (float value : tensor.floats()) {
                    json.writeNumber(value);
                }
            }
            case FP64 -> {
                for (double value : tensor.doubles()) {
                    json.writeNumber(value);
                }
            }
            case UINT64 -> {
                for (long value : tensor.longs()) {
                    if (value >= 0) {
                        json.writeNumber(value);
                    } else {
                        json.writeNumber(Long.toUnsignedString(value));
                    }
                }
            }
            default -> {
                for (long value : tensor.longs()) {
                    json.writeNumber(value);
                }
            }
        }
    }

    /** Collects element problems of one tensor: the first is described, the rest counted. */
    private static final class ElementErrors {
        private final String label;
        private final Datatype datatype;
        private final JsonTensorData data;
        private String first;
        private int count;

        ElementErrors(String label, Datatype datatype, JsonTensorData data) {
            this.label = label;
            this.datatype = datatype;
            this.data = data;
        }

        void wrongType(int index, JsonNode element, String expected) {
            add(label + " " + data.position(index) + " is " + JsonNodes.describe(element) + ", but " + datatype
                    + " data must be " + expected);
        }

        void notWhole(int index, JsonNode element) {
            add(label + " " + data.position(index) + " is " + element.asText() + ", but " + datatype
                    + " data must be whole numbers");
        }

        void outOfRange(int index, String text) {
            add(Problems.outOfRange(label, datatype, data.position(index), text, 1).message());
        }

        void bareNonFinite(int index, String literal) {
            add(label + " " + data.position(index) + " is the bare literal " + literal + ", which is not JSON; "
                    + datatype + " data takes it as the string \"" + literal + "\"");
        }

        boolean any() {
            return count > 0;
        }

        Optional<V2Problem> problem() {
            if (count == 0) {
                return Optional.empty();
            }
            return Optional.of(new V2Problem(first + Problems.others(count, "wrong")));
        }

        private void add(String message) {
            if (count++ == 0) {
                first = message;
            }
        }
    }
}
