package io.seldonmesh.pipelinegateway.dataflow.core;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.seldonmesh.common.kafka.InferType;
import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.common.v2.proto.InferParameter;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;

/**
 * The tensors of one record, whether it holds a request (a {@code *.inputs} topic) or a response (a
 * {@code *.outputs} topic), protobuf or V2 JSON as its {@code seldon-infer-type} header says, with the message's
 * id and parameters.
 */
public record RecordTensors(String id, Map<String, InferParameter> parameters, List<TensorEntry> tensors) {

    public RecordTensors {
        parameters = Map.copyOf(parameters);
        tensors = List.copyOf(tensors);
    }

    /**
     * @throws IllegalArgumentException saying what the value is not, for the error record that ends the request
     */
    public static RecordTensors decode(Payload payload, byte[] value, Headers headers) {
        if (value == null) {
            throw new IllegalArgumentException("the record has no value; expected a V2 inference "
                    + (payload == Payload.REQUEST ? "request" : "response"));
        }
        Optional<InferType> type = InferType.of(headers);
        boolean json = type.map(InferType::isJson).orElse(false);
        // A response may travel on an inputs topic when it says so: Seldon chains steps that way.
        boolean response = type.map(t -> t == InferType.JSON_RESPONSE || t == InferType.PROTO_RESPONSE)
                .orElse(payload == Payload.RESPONSE);
        try {
            if (json) {
                return response ? of(V2Json.parseResponse(value)) : of(V2Json.parseRequestOrChainedResponse(value));
            }
            return response ? of(ModelInferResponse.parseFrom(value)) : of(ModelInferRequest.parseFrom(value));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the record is not a V2 " + (response ? "ModelInferResponse"
                    : "ModelInferRequest") + " protobuf (" + e.getMessage() + "); send protobuf, or V2 JSON with the"
                    + " header seldon-infer-type: " + (response ? InferType.JSON_RESPONSE : InferType.JSON_REQUEST)
                    .headerValue());
        }
    }

    public static RecordTensors of(ModelInferRequest request) {
        List<TensorEntry> tensors = new ArrayList<>(request.getInputsCount());
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor input = request.getInputs(i);
            ByteString raw = i < request.getRawInputContentsCount() ? request.getRawInputContents(i) : null;
            tensors.add(new TensorEntry(input.getName(), input.getDatatype(), input.getShapeList(),
                    input.getParametersMap(), raw == null ? input.getContents() : null, raw));
        }
        return new RecordTensors(request.getId(), request.getParametersMap(), tensors);
    }

    public static RecordTensors of(ModelInferResponse response) {
        List<TensorEntry> tensors = new ArrayList<>(response.getOutputsCount());
        for (int i = 0; i < response.getOutputsCount(); i++) {
            ModelInferResponse.InferOutputTensor output = response.getOutputs(i);
            ByteString raw = i < response.getRawOutputContentsCount() ? response.getRawOutputContents(i) : null;
            tensors.add(new TensorEntry(output.getName(), output.getDatatype(), output.getShapeList(),
                    output.getParametersMap(), raw == null ? output.getContents() : null, raw));
        }
        return new RecordTensors(response.getId(), response.getParametersMap(), tensors);
    }

    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        tensors.forEach(tensor -> names.add(tensor.name()));
        return names;
    }

    /** Whether this record brings data for the slot: any tensor when it takes all, else one it names. */
    public boolean fills(Slot slot) {
        return slot.takesAllTensors() || tensors.stream().anyMatch(tensor -> slot.takes(tensor.name()));
    }
}
