package io.seldonmesh.modelserver.core;

import io.seldonmesh.common.v2.Tensor;
import java.util.List;

/**
 * A loaded model. {@link #infer} receives inputs that already match {@link #signature()} and
 * returns every output the model produces; the caller keeps the requested ones.
 */
public interface Model extends AutoCloseable {

    /** V2 metadata "platform", e.g. {@code onnxruntime_onnx}. */
    String platform();

    Signature signature();

    List<Tensor> infer(InferenceInput input);

    /**
     * True when an inference costs about as much as copying its tensors, so it may run on the network thread that
     * received the request: a hop to a worker thread would cost more than the work. Models that wait or run native
     * code for an unknown time keep the default.
     */
    default boolean runsInline() {
        return false;
    }

    /** Releases native resources; called once no request uses the model any more. */
    @Override
    default void close() {
    }
}
