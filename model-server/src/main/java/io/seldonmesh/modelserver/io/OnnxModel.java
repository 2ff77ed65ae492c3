package io.seldonmesh.modelserver.io;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.modelserver.core.InferenceInput;
import io.seldonmesh.modelserver.core.Model;
import io.seldonmesh.modelserver.core.ModelServerException;
import io.seldonmesh.modelserver.core.Signature;
import io.seldonmesh.modelserver.core.TensorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/** One ONNX Runtime session; its signature is read from the model file. */
final class OnnxModel implements Model {

    static final String PLATFORM = "onnxruntime_onnx";

    private static final Logger LOG = Logger.getLogger(OnnxModel.class);

    private final String name;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final Signature signature;
    private final Set<String> outputNames;

    OnnxModel(String name, OrtEnvironment environment, OrtSession session, Signature signature) {
        this.name = name;
        this.environment = environment;
        this.session = session;
        this.signature = signature;
        this.outputNames = new LinkedHashSet<>(signature.outputs().stream().map(TensorSpec::name).toList());
    }

    @Override
    public String platform() {
        return PLATFORM;
    }

    @Override
    public Signature signature() {
        return signature;
    }

    @Override
    public List<Tensor> infer(InferenceInput input) {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            for (Tensor tensor : input.tensors()) {
                feeds.put(tensor.name(), OnnxTensors.toOnnx(environment, tensor));
            }
            try (OrtSession.Result result = session.run(feeds, outputNames)) {
                List<Tensor> outputs = new ArrayList<>();
                for (TensorSpec spec : signature.outputs()) {
                    OnnxValue value = result.get(spec.name()).orElseThrow();
                    outputs.add(OnnxTensors.fromOnnx(spec.name(), spec.datatype(), (OnnxTensor) value));
                }
                return outputs;
            }
        } catch (OrtException e) {
            throw ModelServerException.modelFailed(500, "ONNX Runtime failed to run model '" + name + "': " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warnf(e, "model=%s: closing the ONNX Runtime session failed", name);
        }
    }
}
