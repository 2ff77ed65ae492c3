package io.seldonmesh.common.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.seldonmesh.common.v2.proto.ModelMetadataResponse;
import io.seldonmesh.common.v2.proto.ModelMetadataResponse.TensorMetadata;

import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Model metadata in its REST form: {@code {name, versions?, platform, inputs, outputs, parameters?}}, each
 * tensor {@code {name, datatype, shape, parameters?}} where -1 marks a variable dimension.
 */
final class JsonMetadata {

    static final String EXAMPLE = "{\"name\":\"iris\",\"platform\":\"onnx\",\"inputs\":[{\"name\":\"predict\","
            + "\"datatype\":\"FP32\",\"shape\":[-1,4]}],\"outputs\":[]}";

    private JsonMetadata() {
    }

    static ModelMetadataResponse read(JsonNode root, List<V2Problem> problems) {
        ModelMetadataResponse.Builder metadata = ModelMetadataResponse.newBuilder();
        JsonNodes.text(root, "name", "metadata", problems).ifPresentOrElse(metadata::setName,
                () -> problems.add(new V2Problem("metadata has no name; expected e.g. " + EXAMPLE)));
        JsonNode versions = JsonNodes.array(root, "versions", "metadata", "strings", problems);
        if (versions != null) {
            for (int i = 0; i < versions.size(); i++) {
                if (versions.get(i).isTextual()) {
                    metadata.addVersions(versions.get(i).textValue());
                } else {
                    problems.add(new V2Problem("metadata field 'versions' must be an array of strings, but element "
                            + i + " is " + JsonNodes.describe(versions.get(i))));
                }
            }
        }
        JsonNodes.text(root, "platform", "metadata", problems).ifPresent(metadata::setPlatform);
        readTensors(root, "inputs", problems).forEach(metadata::addInputs);
        readTensors(root, "outputs", problems).forEach(metadata::addOutputs);
        metadata.putAllParameters(JsonParameters.read(root.get("parameters"), "metadata", problems));
        return metadata.build();
    }

    static void write(JsonGenerator json, ModelMetadataResponse metadata) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", metadata.getName());
        if (metadata.getVersionsCount() > 0) {
            json.writeArrayFieldStart("versions");
            for (String version : metadata.getVersionsList()) {
                json.writeString(version);
            }
            json.writeEndArray();
        }
        json.writeStringField("platform", metadata.getPlatform());
        writeTensors(json, "inputs", metadata.getInputsList());
        writeTensors(json, "outputs", metadata.getOutputsList());
        JsonParameters.write(json, metadata.getParametersMap());
        json.writeEndObject();
    }

    private static List<TensorMetadata> readTensors(JsonNode root, String field, List<V2Problem> problems) {
        JsonNode array = JsonNodes.array(root, field, "metadata", "tensors", problems);
        if (array == null) {
            return List.of();
        }
        String kind = "metadata " + field.substring(0, field.length() - 1);
        return IntStream.range(0, array.size())
                .mapToObj(i -> readTensor(array.get(i), kind, i, problems))
                .toList();
    }

    private static TensorMetadata readTensor(JsonNode node, String kind, int index, List<V2Problem> problems) {
        TensorMetadata.Builder tensor = TensorMetadata.newBuilder();
        if (!node.isObject()) {
            problems.add(new V2Problem(kind + " #" + index + " must be a JSON object with name, datatype and "
                    + "shape, not " + JsonNodes.describe(node)));
            return tensor.build();
        }
        String name = JsonNodes.text(node, "name", kind + " #" + index, problems).orElse("");
        String label = Problems.label(kind, index, name);
        tensor.setName(name);
        JsonNodes.text(node, "datatype", label, problems).ifPresent(tensor::setDatatype);
        long[] shape = JsonTensors.shape(node.get("shape"), label, true, problems);
        if (shape != null) {
            for (long dimension : shape) {
                tensor.addShape(dimension);
            }
        }
        tensor.putAllParameters(JsonParameters.read(node.get("parameters"), label, problems));
        return tensor.build();
    }

    private static void writeTensors(JsonGenerator json, String field, List<TensorMetadata> tensors)
            throws IOException {
        json.writeArrayFieldStart(field);
        for (TensorMetadata tensor : tensors) {
            json.writeStartObject();
            json.writeStringField("name", tensor.getName());
            json.writeStringField("datatype", tensor.getDatatype());
            json.writeArrayFieldStart("shape");
            for (long dimension : tensor.getShapeList()) {
                json.writeNumber(dimension);
            }
            json.writeEndArray();
            JsonParameters.write(json, tensor.getParametersMap());
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
