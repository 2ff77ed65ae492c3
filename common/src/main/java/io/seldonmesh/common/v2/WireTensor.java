package io.seldonmesh.common.v2;

import com.google.protobuf.ByteString;
import io.seldonmesh.common.v2.proto.InferParameter;
import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tensor exactly as a protobuf message carries it, before any checks, with its raw entry (if the message
 * has one at its index). Input and output tensors are different protobuf classes with the same fields; this
 * lets validation and reading treat them alike.
 */
record WireTensor(String kind, int index, String name, String datatype, long[] shape,
                  Map<String, InferParameter> parameters, InferTensorContents contents, ByteString raw) {

    static final String INPUT = "input";
    static final String OUTPUT = "output";

    String label() {
        return Problems.label(kind, index, name);
    }

    static List<WireTensor> inputs(ModelInferRequest request) {
        List<WireTensor> tensors = new ArrayList<>(request.getInputsCount());
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor input = request.getInputs(i);
            tensors.add(new WireTensor(INPUT, i, input.getName(), input.getDatatype(),
                    Shapes.toArray(input.getShapeList()), input.getParametersMap(), input.getContents(),
                    i < request.getRawInputContentsCount() ? request.getRawInputContents(i) : null));
        }
        return tensors;
    }

    static List<WireTensor> outputs(ModelInferResponse response) {
        List<WireTensor> tensors = new ArrayList<>(response.getOutputsCount());
        for (int i = 0; i < response.getOutputsCount(); i++) {
            ModelInferResponse.InferOutputTensor output = response.getOutputs(i);
            tensors.add(new WireTensor(OUTPUT, i, output.getName(), output.getDatatype(),
                    Shapes.toArray(output.getShapeList()), output.getParametersMap(), output.getContents(),
                    i < response.getRawOutputContentsCount() ? response.getRawOutputContents(i) : null));
        }
        return tensors;
    }

    /** This tensor as a {@link Tensor}; only after {@link TensorValidation} found no problem. */
    Tensor toTensor() {
        return Tensor.fromMessage(name, Datatype.parse(datatype), shape, parameters, contents, raw);
    }
}
