package io.seldonmesh.modelserver.core.builtin;

import io.seldonmesh.modelserver.core.ModelServerException;
import io.seldonmesh.modelserver.core.ModelSettings;
import io.seldonmesh.modelserver.core.TensorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets model-settings.json narrow or widen the shapes of a built-in's fixed inputs (Seldon's
 * {@code add10} sample sends shape {@code [4]}, a batching client {@code [1,4]}); names and
 * datatypes are what the built-in computes with and cannot change.
 */
final class DeclaredInputs {

    private DeclaredInputs() {
    }

    static List<TensorSpec> apply(List<TensorSpec> defaults, ModelSettings settings) {
        List<TensorSpec> result = new ArrayList<>(defaults);
        for (TensorSpec declared : settings.inputs()) {
            int index = indexOf(defaults, declared.name());
            if (index < 0) {
                throw ModelServerException.loadFailed(settings.source() + ": input '" + declared.name()
                        + "' is not an input of this built-in; its inputs are " + defaults);
            }
            TensorSpec builtin = defaults.get(index);
            if (!builtin.datatype().equals(declared.datatype())) {
                throw ModelServerException.loadFailed(settings.source() + ": input '" + declared.name()
                        + "' must have datatype " + builtin.datatype() + ", declared " + declared.datatype());
            }
            result.set(index, builtin.withShape(declared.shape()));
        }
        return List.copyOf(result);
    }

    private static int indexOf(List<TensorSpec> specs, String name) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
