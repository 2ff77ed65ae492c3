package io.seldonmesh.common.v2;

import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * Moving tensors in and out of inference messages, and switching a message between typed and raw contents.
 *
 * <p>The protocol lets a message carry data either in each tensor's typed {@code contents} or in the
 * message's {@code raw_input_contents}/{@code raw_output_contents} — all tensors one way, never mixed.
 * FP16 and BF16 have no typed field, so a message with such a tensor is always raw.
 */
public final class Tensors {

    private Tensors() {
    }

    /**

     * The request's inputs, in order.

     *

     * @throws V2ValidationException with every problem when the request is invalid

     */
    public static List<Tensor> inputs(ModelInferRequest request) {
        TensorValidation.requireValid(request);
        return WireTensor.inputs(request).stream().map(WireTensor::toTensor).toList();
    }

    /**

     * The response's outputs, in order.

     *

     * @throws V2ValidationException with every problem when the response is invalid

     */
    public static List<Tensor> outputs(ModelInferResponse response) {
        TensorValidation.requireValid(response);
        return WireTensor.outputs(response).stream().map(WireTensor::toTensor).toList();
    }

    /**
     * Replaces the builder's inputs (and raw_input_contents) with these tensors: typed contents, or raw for all
     * when any tensor is FP16/BF16. Requested outputs, id, parameters and model are left as they are.
     *
     * @throws V2ValidationException when two tensors share a name
     */
    public static ModelInferRequest.Builder setInputs(ModelInferRequest.Builder builder, List<Tensor> inputs) {
        return putInputs(builder, inputs, needsRaw(inputs));
    }

    /**
     * Replaces the builder's outputs (and raw_output_contents) with these tensors: typed contents, or raw for
     * all when any tensor is FP16/BF16. Model name, version, id and parameters are left as they are.
     *
     * @throws V2ValidationException when two tensors share a name
     */
    public static ModelInferResponse.Builder setOutputs(ModelInferResponse.Builder builder, List<Tensor> outputs) {
        return putOutputs(builder, outputs, needsRaw(outputs));
    }

    /**
     * The same request with every input in typed contents.
     *
     * @throws V2ValidationException when the request is invalid or has an FP16/BF16 input (those stay raw)
     */
    public static ModelInferRequest toTyped(ModelInferRequest request) {
        List<Tensor> inputs = inputs(request);
        requireTypedForm(inputs);
        return putInputs(request.toBuilder(), inputs, false).build();
    }

    /**

     * The same request with every input in raw_input_contents.

     *

     * @throws V2ValidationException when invalid

     */
    public static ModelInferRequest toRaw(ModelInferRequest request) {
        return putInputs(request.toBuilder(), inputs(request), true).build();
    }

    /**
     * The same response with every output in typed contents.
     *
     * @throws V2ValidationException when the response is invalid or has an FP16/BF16 output (those stay raw)
     */
    public static ModelInferResponse toTyped(ModelInferResponse response) {
        List<Tensor> outputs = outputs(response);
        requireTypedForm(outputs);
        return putOutputs(response.toBuilder(), outputs, false).build();
    }

    /**

     * The same response with every output in raw_output_contents.

     *

     * @throws V2ValidationException when invalid

     */
    public static ModelInferResponse toRaw(ModelInferResponse response) {
        return putOutputs(response.toBuilder(), outputs(response), true).build();
    }

    /**
     * A request whose inputs are this response's outputs (same names, datatypes, shapes, parameters and
     * data, typed or raw), with the response's id and parameters. This is how Seldon Core 2 feeds one step's
     * output to the next when a response arrives on a model's input topic. Model name and version are left
     * empty for the caller to set. No validation: the data is copied as it is.
     */
    public static ModelInferRequest responseAsRequest(ModelInferResponse response) {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder()
                .setId(response.getId())
                .putAllParameters(response.getParametersMap())
                .addAllRawInputContents(response.getRawOutputContentsList());
        for (ModelInferResponse.InferOutputTensor output : response.getOutputsList()) {
            ModelInferRequest.InferInputTensor.Builder input = request.addInputsBuilder()
                    .setName(output.getName())
                    .setDatatype(output.getDatatype())
                    .addAllShape(output.getShapeList())
                    .putAllParameters(output.getParametersMap());
            if (output.hasContents()) {
                input.setContents(output.getContents());
            }
        }
        return request.build();
    }

    private static ModelInferRequest.Builder putInputs(ModelInferRequest.Builder builder, List<Tensor> inputs,
                                                       boolean raw) {
        requireUniqueNames(WireTensor.INPUT, inputs);
        builder.clearInputs().clearRawInputContents();
        for (Tensor tensor : inputs) {
            ModelInferRequest.InferInputTensor.Builder input = builder.addInputsBuilder()
                    .setName(tensor.name())
                    .setDatatype(tensor.datatype().name())
                    .putAllParameters(tensor.parameters());
            for (long dimension : tensor.shape()) {
                input.addShape(dimension);
            }
            if (raw) {
                builder.addRawInputContents(tensor.raw());
            } else {
                input.setContents(tensor.typedContents());
            }
        }
        return builder;
    }

    private static ModelInferResponse.Builder putOutputs(ModelInferResponse.Builder builder, List<Tensor> outputs,
                                                         boolean raw) {
        requireUniqueNames(WireTensor.OUTPUT, outputs);
        builder.clearOutputs().clearRawOutputContents();
        for (Tensor tensor : outputs) {
            ModelInferResponse.InferOutputTensor.Builder output = builder.addOutputsBuilder()
                    .setName(tensor.name())
                    .setDatatype(tensor.datatype().name())
                    .putAllParameters(tensor.parameters());
            for (long dimension : tensor.shape()) {
                output.addShape(dimension);
            }
            if (raw) {
                builder.addRawOutputContents(tensor.raw());
            } else {
                output.setContents(tensor.typedContents());
            }
        }
        return builder;
    }

    private static boolean needsRaw(List<Tensor> tensors) {
        return tensors.stream().anyMatch(tensor -> !tensor.hasTypedForm());
    }

    private static void requireTypedForm(List<Tensor> tensors) {
        List<V2Problem> problems = new ArrayList<>();
        for (Tensor tensor : tensors) {
            if (!tensor.hasTypedForm()) {
                problems.add(new V2Problem(Tensor.labelOf(tensor.name()) + " is " + tensor.datatype()
                        + ", which has no typed contents field; keep the message raw and read it with "
                        + "Tensors.inputs/outputs"));
            }
        }
        V2ValidationException.throwIfAny(problems);
    }

    private static void requireUniqueNames(String kind, List<Tensor> tensors) {
        V2ValidationException.throwIfAny(
                TensorValidation.nameProblems(kind, tensors.stream().map(Tensor::name).toList()));
    }
}
