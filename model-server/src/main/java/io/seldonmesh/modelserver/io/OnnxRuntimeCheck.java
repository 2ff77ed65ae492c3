package io.seldonmesh.modelserver.io;

import io.seldonmesh.common.doctor.Finding;
import io.seldonmesh.modelserver.core.ModelServerException;
import io.seldonmesh.runtime.DoctorCheck;
import java.util.List;

/**
 * Whether ONNX Runtime's native library loads here: the server starts without it (it loads on the first ONNX model),
 * so this is where a read-only or noexec {@code java.io.tmpdir} shows before a model fails to load.
 */
public final class OnnxRuntimeCheck implements DoctorCheck {

    static final String LAYER = "onnx-runtime";

    @Override
    public List<Finding> examine() {
        try {
            return List.of(Finding.ok(LAYER, "ONNX Runtime " + OnnxModels.environment().getVersion()
                    + " loaded (native library from java.io.tmpdir=" + System.getProperty("java.io.tmpdir") + ")"));
        } catch (ModelServerException e) {
            return List.of(Finding.fail(LAYER, e.getMessage() + "; the built-in models still run"));
        }
    }
}
