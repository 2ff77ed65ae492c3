package io.seldonmesh.modelserver.io;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.seldonmesh.common.v2.Datatype;
import io.seldonmesh.modelserver.core.Model;
import io.seldonmesh.modelserver.core.ModelServerException;
import io.seldonmesh.modelserver.core.OnnxRuntime;
import io.seldonmesh.modelserver.core.Signature;
import io.seldonmesh.modelserver.core.TensorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Opens ONNX files with ONNX Runtime. The runtime's native library is extracted and loaded on the
 * first ONNX model, not at start-up, so a machine where it cannot load still serves the built-ins.
 */
public final class OnnxModels implements OnnxRuntime {

    private static final Logger LOG = Logger.getLogger(OnnxModels.class);

    @Override
    public Model open(String modelName, Path file) {
        if (!Files.isRegularFile(file)) {
            throw ModelServerException.loadFailed("model '" + modelName + "': ONNX file " + file + " does not exist");
        }
        OrtEnvironment environment = environment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            session = environment.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw ModelServerException.loadFailed("ONNX Runtime cannot load model '" + modelName + "' from " + file + ": "
                    + e.getMessage(), e);
        }
        try {
            Signature signature = Signature.of(
                    inputs(modelName, session.getInputInfo()),
                    outputs(modelName, session.getOutputInfo()));
            return new OnnxModel(modelName, environment, session, signature);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof ModelServerException known) {
                throw known;
            }
            throw ModelServerException.loadFailed("ONNX Runtime cannot describe model '" + modelName + "' in " + file + ": " + e, e);
        }
    }

    /** ONNX Runtime's environment, loading its native library the first time; a failure says what to change. */
    static OrtEnvironment environment() {
        try {
            return OrtEnvironment.getEnvironment();
        } catch (LinkageError e) {
            throw ModelServerException.loadFailed("the ONNX Runtime native library cannot be loaded on this machine (" + e
                    + "); it is extracted to java.io.tmpdir, which must be writable and not mounted noexec", e);
        }
    }

    private static List<TensorSpec> inputs(String modelName, Map<String, NodeInfo> nodes) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            if (!(node.getInfo() instanceof TensorInfo tensor)) {
                throw ModelServerException.loadFailed("model '" + modelName + "': input '" + node.getName()
                        + "' is not a tensor (" + node.getInfo() + "); only tensor inputs can be sent over the V2 protocol");
            }
            specs.add(spec(modelName, "input", node.getName(), tensor));
        }
        return specs;
    }

    /** Outputs that are not tensors (sklearn-onnx's ZipMap, for one) have no V2 form and are left out. */
    private static List<TensorSpec> outputs(String modelName, Map<String, NodeInfo> nodes) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            if (node.getInfo() instanceof TensorInfo tensor) {
                specs.add(spec(modelName, "output", node.getName(), tensor));
            } else {
                LOG.warnf("model=%s: output '%s' is %s, not a tensor; it is not served", modelName, node.getName(), node.getInfo());
            }
        }
        if (specs.isEmpty()) {
            throw ModelServerException.loadFailed("model '" + modelName + "' has no tensor outputs; nothing could be returned");
        }
        return specs;
    }

    private static TensorSpec spec(String modelName, String kind, String name, TensorInfo tensor) {
        Datatype datatype = OnnxTensors.datatypeOf(tensor.onnxType).orElseThrow(() -> ModelServerException.loadFailed(
                "model '" + modelName + "': " + kind + " '" + name + "' has ONNX type " + tensor.onnxType
                        + ", which ONNX Runtime for Java cannot exchange; use float, double, int8/16/32/64, uint8, bool,"
                        + " string, float16 or bfloat16"));
        return new TensorSpec(name, datatype, Arrays.stream(tensor.getShape()).boxed().toList());
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.debugf(e, "closing a session that failed to load");
        }
    }
}
