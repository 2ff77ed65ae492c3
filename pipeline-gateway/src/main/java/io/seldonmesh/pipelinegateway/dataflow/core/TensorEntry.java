package io.seldonmesh.pipelinegateway.dataflow.core;

import com.google.protobuf.ByteString;
import io.seldonmesh.common.v2.proto.InferParameter;
import io.seldonmesh.common.v2.proto.InferTensorContents;
import java.util.List;
import java.util.Map;

/**
 * One tensor exactly as a record carries it, input or output alike: its data is either typed {@code contents} or
 * the {@code raw} bytes of the message's raw contents at its index, never converted unless a stage must mix both.
 *
 * @param contents the typed data, or null when the tensor is raw
 * @param raw the raw little-endian data, or null when the tensor is typed
 */
public record TensorEntry(String name, String datatype, List<Long> shape, Map<String, InferParameter> parameters,
                          InferTensorContents contents, ByteString raw) {

    public boolean isRaw() {
        return raw != null;
    }

    public TensorEntry withName(String newName) {
        return newName.equals(name) ? this : new TensorEntry(newName, datatype, shape, parameters, contents, raw);
    }

    public TensorEntry withRaw(ByteString bytes) {
        return new TensorEntry(name, datatype, shape, parameters, null, bytes);
    }
}
