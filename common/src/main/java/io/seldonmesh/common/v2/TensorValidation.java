package io.seldonmesh.common.v2;

import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that an inference request or response can be read: names, datatypes, shapes, and data that matches
 * them, in typed contents or in raw contents. Every problem is reported, each naming the tensor.
 */
public final class TensorValidation {

    static final String RAW_INPUTS = "raw_input_contents";
    static final String RAW_OUTPUTS = "raw_output_contents";

    private TensorValidation() {
    }

    /** Every problem with this request; empty when it is valid. */
    public static List<V2Problem> problems(ModelInferRequest request) {
        List<V2Problem> problems = new ArrayList<>();
        if (request.getInputsCount() == 0) {
            problems.add(new V2Problem("request has no inputs; send at least one tensor in inputs"));
        }
        problems.addAll(tensorProblems("request", WireTensor.INPUT, WireTensor.inputs(request),
                request.getRawInputContentsCount(), RAW_INPUTS, true));
        List<String> requested = new ArrayList<>();
        request.getOutputsList().forEach(output -> requested.add(output.getName()));
        problems.addAll(nameProblems("requested output", requested));
        return problems;
    }

    /**
     * Every problem with this response; empty when it is valid. A response without outputs is valid, and so is one
     * naming two outputs alike: a pipeline whose output joins two steps that both answer {@code OUTPUT} answers
     * with both (Seldon's {@code pipeline-inputs} sample), and a client tells them apart by position.
     */
    public static List<V2Problem> problems(ModelInferResponse response) {
        return tensorProblems("response", WireTensor.OUTPUT, WireTensor.outputs(response),
                response.getRawOutputContentsCount(), RAW_OUTPUTS, false);
    }

    /**
     * Returns quietly when the request is valid.
     *
     * @throws V2ValidationException carrying every problem
     */
    public static void requireValid(ModelInferRequest request) {
        V2ValidationException.throwIfAny(problems(request));
    }

    /**
     * Returns quietly when the response is valid.
     *
     * @throws V2ValidationException carrying every problem
     */
    public static void requireValid(ModelInferResponse response) {
        V2ValidationException.throwIfAny(problems(response));
    }

    static List<V2Problem> tensorProblems(String message, String kind, List<WireTensor> tensors, int rawCount,
                                          String rawField, boolean uniqueNames) {
        List<V2Problem> problems = new ArrayList<>();
        if (rawCount > 0 && rawCount != tensors.size()) {
            problems.add(Problems.rawCountMismatch(message, kind, tensors.size(), rawCount, rawField));
        }
        List<String> names = tensors.stream().map(WireTensor::name).toList();
        problems.addAll(uniqueNames ? nameProblems(kind, names) : emptyNameProblems(kind, names));
        for (WireTensor tensor : tensors) {
            problems.addAll(tensorProblems(tensor, rawCount > 0, rawField));
        }
        return problems;
    }

    private static List<V2Problem> emptyNameProblems(String kind, List<String> names) {
        List<V2Problem> problems = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) != null && names.get(i).isEmpty()) {
                problems.add(Problems.noName(kind, i));
            }
        }
        return problems;
    }

    /** Missing and duplicate names among tensors of one kind; a null name is skipped (reported elsewhere). */
    static List<V2Problem> nameProblems(String kind, List<String> names) {
        List<V2Problem> problems = new ArrayList<>();
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null) {
                continue;
            }
            if (name.isEmpty()) {
                problems.add(Problems.noName(kind, i));
                continue;
            }
            Integer first = firstIndex.putIfAbsent(name, i);
            if (first != null) {
                problems.add(Problems.duplicateName(kind, name, first, i));
            }
        }
        return problems;
    }

    private static List<V2Problem> tensorProblems(WireTensor tensor, boolean messageUsesRaw, String rawField) {
        String label = tensor.label();
        if (tensor.datatype().isEmpty()) {
            return List.of(Problems.noDatatype(label));
        }
        Optional<Datatype> known = Datatype.find(tensor.datatype());
        if (known.isEmpty()) {
            return List.of(Problems.unknownDatatype(label, tensor.datatype()));
        }
        Datatype datatype = known.get();
        List<V2Problem> shapeProblems = Shapes.problems(label, tensor.shape());
        if (!shapeProblems.isEmpty()) {
            return shapeProblems;
        }
        long expected = Shapes.elementCount(tensor.shape());
        List<ContentsField> populated = ContentsField.populated(tensor.contents());
        if (messageUsesRaw) {
            if (!populated.isEmpty()) {
                return List.of(Problems.rawAndTypedMixed(label, populated, rawField));
            }
            if (tensor.raw() == null) {
                // the entry count mismatch is reported once for the whole message
                return List.of();
            }
            return Tensor.rawProblems(label, datatype, tensor.shape(), expected, tensor.raw());
        }
        List<V2Problem> problems = new ArrayList<>();
        for (ContentsField field : populated) {
            if (datatype.contentsField().filter(field::equals).isEmpty()) {
                problems.add(Problems.wrongField(label, datatype, field, rawField));
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        int actual = datatype.contentsField().map(f -> f.count(tensor.contents())).orElse(0);
        if (actual == 0 && expected > 0) {
            return List.of(Problems.noData(label, datatype, tensor.shape(), expected, rawField));
        }
        if (actual != expected) {
            return List.of(Problems.countMismatch(label, tensor.shape(), expected, actual));
        }
        return narrowIntegerProblems(label, datatype, tensor.contents());
    }

    /** INT8/INT16/UINT8/UINT16 travel in 32-bit fields; values beyond their range would be cut when made raw. */
    private static List<V2Problem> narrowIntegerProblems(String label, Datatype datatype, InferTensorContents contents) {
        List<Integer> values;
        switch (datatype) {
            case INT8, INT16 -> values = contents.getIntContentsList();
            case UINT8, UINT16 -> values = contents.getUintContentsList();
            default -> {
                return List.of();
            }
        }
        long[] widened = new long[values.size()];
        for (int i = 0; i < widened.length; i++) {
            widened[i] = datatype.name().startsWith("U")
                    ? Integer.toUnsignedLong(values.get(i)) : values.get(i);
        }
        try {
            Tensor.checkRange(label, datatype, widened);
            return List.of();
        } catch (V2ValidationException e) {
            return e.problems();
        }
    }
}
