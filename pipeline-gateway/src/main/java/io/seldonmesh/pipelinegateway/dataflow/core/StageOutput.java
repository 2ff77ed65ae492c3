package io.seldonmesh.pipelinegateway.dataflow.core;

import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The message a stage writes once it goes: the tensors its input slots take, renamed by its {@code tensorMap}, in
 * slot order, with the id and parameters of the first part. Triggers pass no data. Tensors keep their typed or raw
 * form; when a stage mixes both, the typed ones are made raw, since a message carries one form only.
 */
public final class StageOutput {

    /** What one input slot brought for the request. */
    public record Part(Slot slot, RecordTensors tensors) {
    }

    private StageOutput() {
    }

    /** The request a step sends its model, or the input section writes to the pipeline's inputs. */
    public static ModelInferRequest request(String model, List<Part> parts) {
        List<TensorEntry> tensors = selected(parts);
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(model);
        head(parts).ifPresent(first -> request.setId(first.id()).putAllParameters(first.parameters()));
        boolean raw = tensors.stream().anyMatch(TensorEntry::isRaw);
        for (TensorEntry tensor : tensors) {
            ModelInferRequest.InferInputTensor.Builder input = request.addInputsBuilder().setName(tensor.name())
                    .setDatatype(tensor.datatype()).addAllShape(tensor.shape()).putAllParameters(tensor.parameters());
            if (raw) {
                request.addRawInputContents(tensor.raw());
            } else {
                input.setContents(tensor.contents());
            }
        }
        return request.build();
    }

    /** The pipeline's answer. */
    public static ModelInferResponse response(List<Part> parts) {
        List<TensorEntry> tensors = selected(parts);
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder();
        head(parts).ifPresent(first -> response.setId(first.id()).putAllParameters(first.parameters()));
        boolean raw = tensors.stream().anyMatch(TensorEntry::isRaw);
        for (TensorEntry tensor : tensors) {
            ModelInferResponse.InferOutputTensor.Builder output = response.addOutputsBuilder().setName(tensor.name())
                    .setDatatype(tensor.datatype()).addAllShape(tensor.shape()).putAllParameters(tensor.parameters());
            if (raw) {
                response.addRawOutputContents(tensor.raw());
            } else {
                output.setContents(tensor.contents());
            }
        }
        return response.build();
    }

    private static java.util.Optional<RecordTensors> head(List<Part> parts) {
        return parts.stream().filter(part -> !part.slot().trigger()).map(Part::tensors).findFirst();
    }

    /**
     * @throws io.seldonmesh.common.v2.V2ValidationException when a typed tensor that must become raw does not hold
     *     the data its shape promises
     */
    private static List<TensorEntry> selected(List<Part> parts) {
        List<TensorEntry> tensors = new ArrayList<>();
        for (Part part : parts) {
            if (part.slot().trigger()) {
                continue;
            }
            for (TensorEntry tensor : part.tensors().tensors()) {
                if (part.slot().takes(tensor.name())) {
                    tensors.add(tensor.withName(part.slot().renamed(tensor.name())));
                }
            }
        }
        boolean anyRaw = tensors.stream().anyMatch(TensorEntry::isRaw);
        boolean anyTyped = tensors.stream().anyMatch(tensor -> !tensor.isRaw());
        if (anyRaw && anyTyped) {
            tensors.replaceAll(tensor -> tensor.isRaw() ? tensor : tensor.withRaw(rawOf(tensor)));
        }
        return tensors;
    }

    private static com.google.protobuf.ByteString rawOf(TensorEntry tensor) {
        ModelInferRequest single = ModelInferRequest.newBuilder().addInputs(ModelInferRequest.InferInputTensor
                .newBuilder().setName(tensor.name()).setDatatype(tensor.datatype()).addAllShape(tensor.shape())
                .setContents(tensor.contents())).build();
        return Tensors.toRaw(single).getRawInputContents(0);
    }
}
