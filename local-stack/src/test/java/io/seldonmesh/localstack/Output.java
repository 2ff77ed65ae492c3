package io.seldonmesh.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.proto.ModelInferResponse;

/**
 * One output tensor of an answer, as Seldon's examples print it: name, datatype, shape and values. REST and gRPC
 * answers read into the same form, so one expectation checks both. The values are doubles, which hold every
 * INT32 and FP32 value exactly.
 */
record Output(String name, String datatype, List<Long> shape, List<Double> data) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Output ints(String name, List<Long> shape, int... values) {
        return new Output(name, "INT32", shape, Arrays.stream(values).asDoubleStream().boxed().toList());
    }

    static Output floats(String name, List<Long> shape, double... values) {
        return new Output(name, "FP32", shape, Arrays.stream(values).boxed().toList());
    }

    /** {@code from}, {@code from + step}, ... : {@code count} values. */
    static int[] series(int from, int step, int count) {
        return IntStream.range(0, count).map(i -> from + i * step).toArray();
    }

    /** The outputs of a V2 REST answer. */
    static List<Output> ofJson(String answer) {
        JsonNode outputs;
        try {
            outputs = JSON.readTree(answer).path("outputs");
        } catch (IOException e) {
            throw new UncheckedIOException("the answer is not JSON: " + answer, e);
        }
        List<Output> read = new ArrayList<>();
        for (JsonNode output : outputs) {
            List<Long> shape = new ArrayList<>();
            output.path("shape").forEach(dimension -> shape.add(dimension.asLong()));
            List<Double> data = new ArrayList<>();
            output.path("data").forEach(value -> data.add(value.asDouble()));
            read.add(new Output(output.path("name").asText(), output.path("datatype").asText(), shape, data));
        }
        return read;
    }

    /** The outputs of a V2 gRPC answer, typed or raw. */
    static List<Output> ofGrpc(ModelInferResponse answer) {
        return Tensors.outputs(answer).stream().map(tensor -> new Output(tensor.name(), tensor.datatype().name(),
                Arrays.stream(tensor.shape()).boxed().toList(), Arrays.stream(tensor.doubles()).boxed().toList()))
                .toList();
    }
}
