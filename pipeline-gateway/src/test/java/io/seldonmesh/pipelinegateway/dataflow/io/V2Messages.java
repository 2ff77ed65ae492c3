package io.seldonmesh.pipelinegateway.dataflow.io;

import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small V2 messages for dataflow tests, and what the samples' models would answer. */
final class V2Messages {

    private V2Messages() {
    }

    static ModelInferRequest.InferInputTensor ints(String name, int... values) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (int value : values) {
            contents.addIntContents(value);
        }
        return ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype("INT32")
                .addShape(1).addShape(values.length).setContents(contents).build();
    }

    static ModelInferRequest request(ModelInferRequest.InferInputTensor... inputs) {
        return ModelInferRequest.newBuilder().addAllInputs(List.of(inputs)).build();
    }

    /** An identity model's answer: every input back as an output of the same name. */
    static ModelInferResponse echo(ModelInferRequest request) {
        return renamed(request, Map.of());
    }

    /** The inputs back as outputs, some renamed (a model whose outputs have other names). */
    static ModelInferResponse renamed(ModelInferRequest request, Map<String, String> names) {
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder().setModelName(request.getModelName())
                .setId(request.getId());
        for (ModelInferRequest.InferInputTensor input : request.getInputsList()) {
            response.addOutputsBuilder().setName(names.getOrDefault(input.getName(), input.getName()))
                    .setDatatype(input.getDatatype()).addAllShape(input.getShapeList()).setContents(input.getContents());
        }
        response.addAllRawOutputContents(request.getRawInputContentsList());
        return response.build();
    }

    /** Triton's simple model (Seldon's tfsimple): OUTPUT0 = INPUT0 + INPUT1, OUTPUT1 = INPUT0 - INPUT1. */
    static ModelInferResponse sumAndDiff(ModelInferRequest request) {
        Map<String, List<Integer>> in = new LinkedHashMap<>();
        request.getInputsList().forEach(input -> in.put(input.getName(), input.getContents().getIntContentsList()));
        List<Integer> a = in.get("INPUT0");
        List<Integer> b = in.get("INPUT1");
        int[] sum = new int[a.size()];
        int[] difference = new int[a.size()];
        for (int i = 0; i < a.size(); i++) {
            sum[i] = a.get(i) + b.get(i);
            difference[i] = a.get(i) - b.get(i);
        }
        return response(output(ints("OUTPUT0", sum)), output(ints("OUTPUT1", difference)));
    }

    static ModelInferResponse.InferOutputTensor output(ModelInferRequest.InferInputTensor tensor) {
        return ModelInferResponse.InferOutputTensor.newBuilder().setName(tensor.getName())
                .setDatatype(tensor.getDatatype()).addAllShape(tensor.getShapeList()).setContents(tensor.getContents())
                .build();
    }

    static ModelInferResponse response(ModelInferResponse.InferOutputTensor... outputs) {
        return ModelInferResponse.newBuilder().addAllOutputs(List.of(outputs)).build();
    }

    static List<Integer> intsOf(ModelInferResponse response, String name) {
        return response.getOutputsList().stream().filter(output -> output.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no output " + name + " in " + response))
                .getContents().getIntContentsList();
    }

    static List<String> names(ModelInferRequest request) {
        List<String> names = new ArrayList<>();
        request.getInputsList().forEach(input -> names.add(input.getName()));
        return names;
    }

    static List<String> names(ModelInferResponse response) {
        List<String> names = new ArrayList<>();
        response.getOutputsList().forEach(output -> names.add(output.getName()));
        return names;
    }
}
