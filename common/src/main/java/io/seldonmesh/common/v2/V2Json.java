package io.seldonmesh.common.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.common.v2.proto.ModelMetadataResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Open Inference Protocol (V2) REST JSON forms, converted to and from the protobuf messages.
 *
 * <ul>
 * <li>Request: {@code {id?, parameters?, inputs: [{name, shape, datatype, parameters?, data}],
 * outputs?: [{name, parameters?}]}}. {@code model_name}/{@code model_version} are accepted when present
 * (Kafka JSON has no URL to carry them) but never written: on REST the model is in the path.</li>
 * <li>Response: {@code {model_name, model_version?, id?, parameters?, outputs: [{name, shape, datatype,
 * parameters?, data}]}}.</li>
 * <li>{@code data} may be flat or nested row-major; it is written flat. Flat data must hold as many elements as
 * the shape needs; nested data must follow the shape at every depth ({@code [[1,2,3],[4]]} for shape [2,2] is
 * refused naming {@code data[0]}, though it holds 4 elements).</li>
 * <li>Element values: BOOL {@code true}/{@code false}; INT/UINT whole numbers within the datatype's range
 * ({@code 3.0} is accepted, {@code 3.5} is not); FP numbers within the datatype's range, rounded to it
 * (a number that would round to infinity, such as {@code 1e309} for FP64 or {@code 1e39} for FP32, is
 * refused; one that rounds to the largest value or to zero is not); FP16/BF16 carried raw in protobuf;
 * BYTES as strings, carried as their UTF-8 bytes.</li>
 * <li>Non-finite FP values are data like any other (models use NaN for a missing feature, and protobuf
 * carries them), spelled as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}: read so and
 * always written so, as protobuf's JSON mapping does, so every output is JSON a strict parser reads. Bare
 * {@code NaN}/{@code Infinity} literals are not JSON: a request holding one is refused naming the element
 * and the string to send instead; a response is read with them, because model servers (Triton, Python's
 * json module) write them and the client could not fix that. The gRPC/Kafka protobuf form takes the same
 * values (any IEEE float in typed or raw contents), so a NaN travels either way.</li>
 * <li>A {@code content_type} parameter is passed through untouched and never acted on: it is the model's
 * decoding hint (MLServer decodes {@code base64} itself). When BYTES data is not valid UTF-8 it is written
 * base64-encoded with {@code content_type: base64}, as MLServer's base64 codec would.</li>
 * <li>Parameters: see {@link #parseRequest(byte[])}: bool, whole number and string map one to one; any other
 * JSON value is kept as a string holding its JSON text (the protobuf has no double parameter).</li>
 * <li>Unknown fields are ignored, as KServe and MLServer do; JSON {@code null} is the same as absent.</li>
 * </ul>
 *
 * <p>Every parse either returns a valid message (it passes {@link TensorValidation}) or throws one
 * {@link V2ValidationException} listing every problem found, each naming the tensor and element.
 */
public final class V2Json {

    private static final String REQUEST_EXAMPLE =
            "{\"inputs\":[{\"name\":\"predict\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}";
    private static final String RESPONSE_EXAMPLE = "{\"model_name\":\"iris\",\"outputs\":[{\"name\":\"predict\","
            + "\"shape\":[1],\"datatype\":\"INT64\",\"data\":[2]}]}";
    private static final int ERROR_TEXT_LIMIT = 2000;

    private V2Json() {
    }

    /**
     * A request from its JSON body. Parameters: JSON booleans become bool_param, whole numbers int64_param,
     * strings string_param; other values (0.5, arrays, objects) become string_param of their JSON text.
     *
     * @throws V2ValidationException listing every problem (invalid JSON, a missing field, a wrong element...)
     */
    public static ModelInferRequest parseRequest(byte[] json) {
        return request(JsonNodes.readObject(json, "request", REQUEST_EXAMPLE));
    }

    public static ModelInferRequest parseRequest(String json) {
        return parseRequest(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A request from JSON that is either a request or a response. A response (no {@code inputs}, and
     * {@code outputs} carrying data) becomes a request through {@link Tensors#responseAsRequest}: Seldon Core 2
     * accepts a step's JSON response on a model's input topic this way.
     */
    public static ModelInferRequest parseRequestOrChainedResponse(byte[] json) {
        ObjectNode root = JsonNodes.readObject(json, "request", REQUEST_EXAMPLE);
        JsonNode outputs = root.get("outputs");
        boolean isResponse = !root.has("inputs") && outputs != null && outputs.isArray() && !outputs.isEmpty()
                && outputs.get(0).has("data");
        return isResponse ? Tensors.responseAsRequest(response(root)) : request(root);
    }

    /**

     * The request as JSON (UTF-8).

     *

     * @throws V2ValidationException when the request is invalid

     */
    public static byte[] writeRequest(ModelInferRequest request) {
        List<Tensor> inputs = Tensors.inputs(request);
        return write(json -> {
            json.writeStartObject();
            writeIfPresent(json, "id", request.getId());
            JsonParameters.write(json, request.getParametersMap());
            json.writeArrayFieldStart("inputs");
            for (Tensor input : inputs) {
                JsonTensors.write(json, input);
            }
            json.writeEndArray();
            if (request.getOutputsCount() > 0) {
                json.writeArrayFieldStart("outputs");
                for (ModelInferRequest.InferRequestedOutputTensor output : request.getOutputsList()) {
                    json.writeStartObject();
                    json.writeStringField("name", output.getName());
                    JsonParameters.write(json, output.getParametersMap());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        });
    }

    /**

     * A response from its JSON body.

     *

     * @throws V2ValidationException listing every problem

     */
    public static ModelInferResponse parseResponse(byte[] json) {
        return response(JsonNodes.readObject(json, "response", RESPONSE_EXAMPLE));
    }

    public static ModelInferResponse parseResponse(String json) {
        return parseResponse(json.getBytes(StandardCharsets.UTF_8));
    }

    /**

     * The response as JSON (UTF-8).

     *

     * @throws V2ValidationException when the response is invalid

     */
    public static byte[] writeResponse(ModelInferResponse response) {
        List<Tensor> outputs = Tensors.outputs(response);
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("model_name", response.getModelName());
            writeIfPresent(json, "model_version", response.getModelVersion());
            writeIfPresent(json, "id", response.getId());
            JsonParameters.write(json, response.getParametersMap());
            json.writeArrayFieldStart("outputs");
            for (Tensor output : outputs) {
                JsonTensors.write(json, output);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /**
     * Model metadata ({@code GET /v2/models/{name}}) from JSON. Datatypes are not checked (metadata
     * describes, it carries no data); shapes may hold -1 for variable dimensions.
     *
     * @throws V2ValidationException listing every problem
     */
    public static ModelMetadataResponse parseMetadata(byte[] json) {
        List<V2Problem> problems = new ArrayList<>();
        ModelMetadataResponse metadata =
                JsonMetadata.read(JsonNodes.readObject(json, "metadata", JsonMetadata.EXAMPLE), problems);
        V2ValidationException.throwIfAny(problems);
        return metadata;
    }

    public static byte[] writeMetadata(ModelMetadataResponse metadata) {
        return write(json -> JsonMetadata.write(json, metadata));
    }

    /** The protocol's error body, {@code {"error": message}}. */
    public static byte[] writeError(String message) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeEndObject();
        });
    }

    /**
     * The message of an error body from a V2 server: the {@code error} field when the body is
     * {@code {"error": "..."}}, else the body itself as text (servers and proxies also answer in plain text or
     * HTML), cut to 2000 characters. Never throws.
     */
    public static String errorMessage(byte[] body) {
        try {
            JsonNode error = JsonNodes.readObject(body, "error", "{\"error\":\"...\"}").get("error");
            if (error != null && error.isTextual()) {
                return error.textValue();
            }
        } catch (V2ValidationException notJson) {
            // not the protocol's error form: fall back to the text
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "(empty body)";
        }
        return text.length() > ERROR_TEXT_LIMIT ? text.substring(0, ERROR_TEXT_LIMIT) + "..." : text;
    }

    private static ModelInferRequest request(ObjectNode root) {
        List<V2Problem> problems = new ArrayList<>();
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder();
        JsonNodes.text(root, "model_name", "request", problems).ifPresent(request::setModelName);
        JsonNodes.text(root, "model_version", "request", problems).ifPresent(request::setModelVersion);
        JsonNodes.text(root, "id", "request", problems).ifPresent(request::setId);
        request.putAllParameters(JsonParameters.read(root.get("parameters"), "request", problems));
        JsonNode inputArray = JsonNodes.array(root, "inputs", "request", "tensors", problems);
        List<Tensor> inputs = null;
        if (inputArray != null && !inputArray.isEmpty()) {
            inputs = JsonTensors.readAll(inputArray, WireTensor.INPUT, false, problems);
        } else if (inputArray != null || root.path("inputs").isMissingNode() || root.path("inputs").isNull()) {
            // absent, null or []; an "inputs" of the wrong JSON type was reported by JsonNodes.array
            problems.add(new V2Problem("request has no inputs; send at least one tensor in inputs, e.g. "
                    + REQUEST_EXAMPLE));
        }
        readRequestedOutputs(root, request, problems);
        V2ValidationException.throwIfAny(problems);
        return Tensors.setInputs(request, inputs).build();
    }

    private static void readRequestedOutputs(JsonNode root, ModelInferRequest.Builder request,
                                             List<V2Problem> problems) {
        JsonNode outputs = JsonNodes.array(root, "outputs", "request", "{name, parameters?} objects", problems);
        if (outputs == null) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            JsonNode output = outputs.get(i);
            String owner = "requested output #" + i;
            names.add(JsonTensors.nameForChecks(output));
            if (!output.isObject()) {
                problems.add(new V2Problem(owner + " must be a JSON object such as {\"name\":\"predict\"}, not "
                        + JsonNodes.describe(output)));
                continue;
            }
            String name = JsonNodes.text(output, "name", owner, problems).orElse("");
            request.addOutputsBuilder()
                    .setName(name)
                    .putAllParameters(JsonParameters.read(output.get("parameters"), owner, problems));
        }
        problems.addAll(TensorValidation.nameProblems("requested output", names));
    }

    private static ModelInferResponse response(ObjectNode root) {
        List<V2Problem> problems = new ArrayList<>();
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder();
        JsonNodes.text(root, "model_name", "response", problems).ifPresent(response::setModelName);
        JsonNodes.text(root, "model_version", "response", problems).ifPresent(response::setModelVersion);
        JsonNodes.text(root, "id", "response", problems).ifPresent(response::setId);
        response.putAllParameters(JsonParameters.read(root.get("parameters"), "response", problems));
        JsonNode outputArray = JsonNodes.array(root, "outputs", "response", "tensors", problems);
        // a model server's answer may hold bare NaN (Triton and Python's json module write it so); refusing it
        // would turn the model's real output into an error the client cannot fix
        List<Tensor> outputs = outputArray == null
                ? List.of() : JsonTensors.readAll(outputArray, WireTensor.OUTPUT, true, problems);
        V2ValidationException.throwIfAny(problems);
        return Tensors.setOutputs(response, outputs).build();
    }

    private static void writeIfPresent(JsonGenerator json, String field, String value) throws IOException {
        if (!value.isEmpty()) {
            json.writeStringField(field, value);
        }
    }

    private interface JsonWriting {
        void writeTo(JsonGenerator json) throws IOException;
    }

    private static byte[] write(JsonWriting writing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JsonNodes.FACTORY.createGenerator(out)) {
            writing.writeTo(json);
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail; Jackson declares it anyway
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
