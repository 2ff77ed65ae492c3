package io.seldonmesh.common.v2;

import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Short descriptions of inference messages for log lines and error records, and payload size checks for
 * gateways that must fit messages into Kafka. Never reads tensor data, never throws on invalid messages.
 */
public final class InferenceSummary {

    private InferenceSummary() {
    }

    /**
     * E.g. {@code request 'abc' to model 'iris' v1: inputs [predict FP32[1,4]], outputs [proba], 72 B};
     * raw-carried tensors are marked {@code (raw)}, and parts that are empty are left out.
     */
    public static String describe(ModelInferRequest request) {
        StringBuilder text = new StringBuilder("request");
        appendQuoted(text, request.getId());
        appendModel(text, " to model", request.getModelName(), request.getModelVersion());
        text.append(": inputs ").append(tensors(WireTensor.inputs(request)));
        if (request.getOutputsCount() > 0) {
            text.append(", outputs ").append(request.getOutputsList().stream()
                    .map(ModelInferRequest.InferRequestedOutputTensor::getName)
                    .collect(Collectors.joining(", ", "[", "]")));
        }
        return text.append(", ").append(humanBytes(request.getSerializedSize())).toString();
    }

    /** E.g. {@code response 'abc' from model 'iris' v1: outputs [predict INT64[1]], 40 B}. */
    public static String describe(ModelInferResponse response) {
        StringBuilder text = new StringBuilder("response");
        appendQuoted(text, response.getId());
        appendModel(text, " from model", response.getModelName(), response.getModelVersion());
        text.append(": outputs ").append(tensors(WireTensor.outputs(response)));
        return text.append(", ").append(humanBytes(response.getSerializedSize())).toString();
    }

    /** "512 B", "1.5 KiB", "12.3 MiB", "2.0 GiB". */
    public static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /**
     * A problem when {@code sizeBytes} exceeds {@code limitBytes}, naming both sizes and the setting that sets the
     * limit, e.g. "response of model 'iris' to request 'abc' is 1.5 MiB (1572864 bytes), larger than
     * KAFKA_MESSAGE_MAX_BYTES = 1.0 MiB (1048576 bytes)".
     *
     * @param what      what is too large, e.g. "response of model 'iris' to request 'abc'"
     * @param limitName where the limit comes from, so the reader knows what to change
     */
    public static Optional<V2Problem> sizeLimitProblem(String what, long sizeBytes, String limitName, long limitBytes) {
        if (sizeBytes <= limitBytes) {
            return Optional.empty();
        }
        return Optional.of(new V2Problem(what + " is " + humanBytes(sizeBytes) + " (" + sizeBytes
                + " bytes), larger than " + limitName + " = " + humanBytes(limitBytes) + " (" + limitBytes
                + " bytes)"));
    }

    private static void appendQuoted(StringBuilder text, String id) {
        if (!id.isEmpty()) {
            text.append(" '").append(id).append('\'');
        }
    }

    private static void appendModel(StringBuilder text, String preposition, String model, String version) {
        if (!model.isEmpty()) {
            text.append(preposition).append(" '").append(model).append('\'');
        }
        if (!version.isEmpty()) {
            text.append(" v").append(version);
        }
    }

    private static String tensors(List<WireTensor> tensors) {
        return tensors.stream()
                .map(t -> (t.name().isEmpty() ? "?" : t.name()) + " "
                        + (t.datatype().isEmpty() ? "?" : t.datatype()) + Shapes.format(t.shape())
                        + (t.raw() != null ? " (raw)" : ""))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
