package io.seldonmesh.modelserver.core.builtin;

import io.seldonmesh.modelserver.core.ModelSettings;

/** Seldon's {@code add10} sample: {@code OUTPUT = INPUT + 10}. */
public final class AddTenModel extends ElementwiseModel {

    public AddTenModel(ModelSettings settings) {
        super(settings);
    }

    @Override
    float apply(float value) {
        return value + 10f;
    }
}
