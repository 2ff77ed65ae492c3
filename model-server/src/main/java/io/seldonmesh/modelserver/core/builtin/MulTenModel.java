package io.seldonmesh.modelserver.core.builtin;

import io.seldonmesh.modelserver.core.ModelSettings;

/** Seldon's {@code mul10} sample: {@code OUTPUT = INPUT * 10}. */
public final class MulTenModel extends ElementwiseModel {

    public MulTenModel(ModelSettings settings) {
        super(settings);
    }

    @Override
    float apply(float value) {
        return value * 10f;
    }
}
